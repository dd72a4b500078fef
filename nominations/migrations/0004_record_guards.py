"""Protect the record (issue 15): the secret ballot's rows and an issued decision's lines.

The tables kept their `awards_` names when the workflow moved to this app (issue 18)."""

from django.db import migrations

from core.db import guard_table

_DECISION_ISSUED = "(SELECT status FROM awards_decision WHERE id = OLD.decision_id) = 'issued'"
# After issue, a line may only receive its certificate (set once, right after the number).
_LINE_CHANGED = (
    "NEW.decision_id <> OLD.decision_id OR NEW.nomination_id <> OLD.nomination_id "
    'OR NEW."order" <> OLD."order" OR NEW.award_kind_id <> OLD.award_kind_id '
    "OR NEW.subject_kind <> OLD.subject_kind OR NEW.subject_name <> OLD.subject_name "
    "OR NEW.subject_detail <> OLD.subject_detail OR NEW.year <> OLD.year OR NEW.amount <> OLD.amount "
    "OR (OLD.certificate_id IS NOT NULL AND (NEW.certificate_id IS NULL "
    "OR NEW.certificate_id <> OLD.certificate_id))"
)


class Migration(migrations.Migration):
    dependencies = [("nominations", "0003_nomination_status_constraint")]

    operations = [
        # The secret ballot: a participation is final; a tally only counts up.
        guard_table("awards_ballotparticipation", refuse_update="TRUE"),
        guard_table(
            "awards_ballottally",
            refuse_update=(
                "NEW.item_id <> OLD.item_id OR NEW.yes < OLD.yes OR NEW.no < OLD.no "
                "OR NEW.abstain < OLD.abstain"
            ),
        ),
        guard_table(
            "awards_decisionline",
            refuse_update=f"{_DECISION_ISSUED} AND ({_LINE_CHANGED})",
            refuse_delete=_DECISION_ISSUED,
        ),
    ]
