from django.db import migrations

from core.db import make_table_immutable


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        make_table_immutable("documents_issueddocument"),
        make_table_immutable("documents_annulment"),
    ]
