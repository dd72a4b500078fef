"""Role grants are ended (revoked, valid_to), never deleted: a database trigger refuses the
DELETE (and, on PostgreSQL, TRUNCATE) for any client (issue 15)."""

from django.db import migrations

from core.db import guard_table


class Migration(migrations.Migration):
    dependencies = [("units", "0004_add_version_for_lost_update_detection")]

    operations = [guard_table("units_rolegrant")]
