"""Move the content types of the workflow models from `awards` to `nominations` (issue 18).

The audit log (`core.AuditEntry.target_type`), documents (`documents.*.source_type`) and
the permissions point at content type rows by id; relabelling the rows in place keeps every one
of those references pointing at the same object. If a `nominations` row was already created (a
`post_migrate` of a partial run), nothing can point at it yet, so it is removed first.
"""

from django.db import migrations

MODELS = (
    "nominationbatch",
    "nomination",
    "dossierdocument",
    "council",
    "councilsession",
    "agendaitem",
    "recusal",
    "ballotparticipation",
    "ballottally",
    "decision",
    "decisionline",
)


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        row = ContentType.objects.filter(app_label=old, model=model).first()
        if row is None:
            continue
        ContentType.objects.filter(app_label=new, model=model).delete()
        row.app_label = new
        row.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _relabel(apps, "awards", "nominations")


def backwards(apps, schema_editor):
    _relabel(apps, "nominations", "awards")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("awards", "0006_move_workflow_to_nominations"),
        ("nominations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
