"""The register's "Cấp quyết định" becomes data (issue 13 item 4): `decision_level` (a LevelCode)
mapped from the free text, which stays in `issuer` as written (audit). Texts naming no level keep
an empty level (shown as "chưa xác định"; entering or importing a record now requires one)."""

import importlib

from django.db import migrations, models


def map_levels(apps, schema_editor):
    from awards.decision_levels import level_from_issuer

    AwardRecord = apps.get_model("awards", "AwardRecord")
    by_level: dict[str, list[int]] = {}
    for pk, issuer in AwardRecord.objects.filter(decision_level="").values_list("pk", "issuer").iterator():
        level = level_from_issuer(issuer)
        if level:
            by_level.setdefault(level, []).append(pk)
    for level, pks in by_level.items():
        for i in range(0, len(pks), 500):
            AwardRecord.objects.filter(pk__in=pks[i : i + 500]).update(decision_level=level)


def reguard(apps, schema_editor):
    """Adding a field rebuilds the table on SQLite, which drops 0007's triggers: drop what is left
    (PostgreSQL keeps them) and create them again."""
    from core.db import _guard_statements

    changed = importlib.import_module("awards.migrations.0007_protect_rule_sets")._RECORD_CHANGED
    create, drop = _guard_statements(
        schema_editor.connection.vendor, "awards_awardrecord", refuse_update=changed, refuse_delete="TRUE"
    )[:2]
    for sql in [*drop, *create]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0011_merge_decision_text_and_record_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardrecord",
            name="decision_level",
            field=models.CharField(
                blank=True,
                choices=[("national", "Trung ương"), ("province", "Tỉnh"), ("district", "Huyện"), ("commune", "Xã")],
                max_length=10,
                verbose_name="cấp quyết định",
            ),
        ),
        migrations.AlterField(
            model_name="awardrecord",
            name="issuer",
            field=models.CharField(max_length=200, verbose_name="cơ quan, người quyết định (nguyên văn)"),
        ),
        migrations.RunPython(reguard, migrations.RunPython.noop),
        migrations.RunPython(map_levels, migrations.RunPython.noop),
    ]
