"""The combined certificates PDF of a decision gets its stored hash (issue 15): every issued file
is served only when its bytes match the hash stored with it. Files produced before this
migration get the hash of their bytes as they are now (nothing older to compare with).

The column is added with ALTER TABLE … ADD COLUMN on both databases: Django's AddField rebuilds
the table on SQLite, and dropping `awards_decision` there breaks the decision lines' guard
trigger, which reads it (0004_record_guards)."""

import hashlib

from django.db import migrations, models


def add_column(apps, schema_editor):
    schema_editor.execute(
        "ALTER TABLE awards_decision ADD COLUMN certificates_sha256 varchar(64) DEFAULT '' NOT NULL"
    )
    if schema_editor.connection.vendor != "sqlite":  # SQLite cannot drop a column default
        schema_editor.execute("ALTER TABLE awards_decision ALTER COLUMN certificates_sha256 DROP DEFAULT")


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE awards_decision DROP COLUMN certificates_sha256")


def hash_existing_files(apps, schema_editor):
    Decision = apps.get_model("nominations", "Decision")
    for decision in Decision.objects.exclude(certificates_file="").only("pk", "certificates_file"):
        try:
            with decision.certificates_file.open("rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
        except (FileNotFoundError, OSError):
            continue  # a missing file stays without a hash: it is refused when asked for
        Decision.objects.filter(pk=decision.pk).update(certificates_sha256=digest)


class Migration(migrations.Migration):
    dependencies = [("nominations", "0005_nomination_override_reason")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="decision",
                    name="certificates_sha256",
                    field=models.CharField(blank=True, max_length=64),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
        migrations.RunPython(hash_existing_files, migrations.RunPython.noop),
    ]
