"""Protect the record (issue 15): rule sets keep their children (PROTECT); rule sets, award kinds,
authorities cannot be deleted; the register is append-only (annul, never rewrite or delete)."""

import django.db.models.deletion
from django.db import migrations, models

from core.db import guard_table

# The register: a record is annulled (AwardAnnulment), never rewritten nor deleted.
_RECORD_CHANGED = (
    "NEW.person_id IS DISTINCT FROM OLD.person_id OR NEW.collective_id IS DISTINCT FROM OLD.collective_id "
    "OR NEW.household_id IS DISTINCT FROM OLD.household_id OR NEW.award_kind_id <> OLD.award_kind_id "
    "OR NEW.year <> OLD.year OR NEW.decision_number <> OLD.decision_number "
    "OR NEW.decision_date <> OLD.decision_date OR NEW.decision_line_id IS DISTINCT FROM OLD.decision_line_id"
)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_move_workflow_to_nominations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="awardcoefficient",
            name="rule_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="coefficients", to="awards.ruleset"
            ),
        ),
        migrations.AlterField(
            model_name="conferringauthority",
            name="rule_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="authorities", to="awards.ruleset"
            ),
        ),
        migrations.AlterField(
            model_name="legalbasis",
            name="rule_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="legal_bases", to="awards.ruleset"
            ),
        ),
        migrations.AlterField(
            model_name="requireddocument",
            name="rule_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="required_documents",
                to="awards.ruleset",
            ),
        ),
        migrations.AlterField(
            model_name="ruleparameter",
            name="rule_set",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="parameters", to="awards.ruleset"
            ),
        ),
        # Protect the record (issue 15): triggers refuse what the admin and PROTECT already refuse.
        guard_table("awards_ruleset"),
        guard_table("awards_awardkind"),
        guard_table("awards_conferringauthority"),
        guard_table("awards_awardrecord", refuse_update=_RECORD_CHANGED),
        guard_table("awards_awardannulment", refuse_update="TRUE"),
    ]
