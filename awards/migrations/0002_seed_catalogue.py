"""Seed the award catalogue, dated rule sets, base salaries and council thresholds (law.md)."""

from django.db import migrations


def seed(apps, schema_editor):
    from awards.catalogue import catalogue_seed

    catalogue_seed(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
