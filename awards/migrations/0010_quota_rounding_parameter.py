"""The grassroots-fighter quota's rounding becomes a dated parameter of every rule set (law.md §4.1
marks it unconfirmed); existing parameters are left as the administrator set them."""

from django.db import migrations


def forwards(apps, schema_editor):
    from awards.catalogue import PARAMETERS

    RuleSet = apps.get_model("awards", "RuleSet")
    RuleParameter = apps.get_model("awards", "RuleParameter")
    value, unconfirmed, note = PARAMETERS["grassroots_fighter.quota_rounding"]
    for rule_set in RuleSet.objects.all():
        RuleParameter.objects.get_or_create(
            rule_set=rule_set,
            key="grassroots_fighter.quota_rounding",
            defaults={"value": value, "unconfirmed": unconfirmed, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0009_record_entry_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
