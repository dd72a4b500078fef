from django.db import migrations

from core.db import make_table_immutable


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [make_table_immutable("core_auditentry")]
