"""The audit log becomes a hash chain (issue 15): existing entries are chained in id order,
and on PostgreSQL a statement trigger refuses TRUNCATE of the log."""

from django.db import migrations, models

from core.db import make_table_immutable, refuse_truncate

TABLE = "core_auditentry"


def chain_existing(apps, schema_editor):
    from core.audit import GENESIS, entry_hash

    AuditEntry = apps.get_model("core", "AuditEntry")
    prev = GENESIS
    for entry in AuditEntry.objects.order_by("pk").iterator():
        entry.prev_hash = prev
        entry.hash = prev = entry_hash(prev, entry)
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)


_immutable = make_table_immutable(TABLE)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_notification")]

    operations = [
        # The chain is written into existing rows once, with the immutability triggers down.
        migrations.RunPython(_immutable.reverse_code, _immutable.code),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, verbose_name="mã băm chuỗi"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(_immutable.code, _immutable.reverse_code),
        refuse_truncate(TABLE),
    ]
