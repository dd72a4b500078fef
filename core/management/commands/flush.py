"""`manage.py flush` that can empty append-only tables on SQLite.

Immutable tables (audit log, issued documents) carry triggers that refuse DELETE. Wiping
the whole database is a different act from deleting one record: it is what transactional
tests do between tests and what an operator does to reset a demo. This command raises a
maintenance flag the DELETE triggers (SQLite) and TRUNCATE triggers (PostgreSQL) respect, for
the duration of the flush only; the application's database role cannot write that flag
(README, "Database role"). In production mode it refuses to run without --allow-production.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from core.db import MAINTENANCE_TABLE
from core.management.production import add_production_override, refuse_in_production


class Command(FlushCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_production_override(parser)

    def handle(self, **options):
        refuse_in_production("flush", options)
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        guarded = MAINTENANCE_TABLE in connection.introspection.table_names()
        if guarded:
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {MAINTENANCE_TABLE} (flag) VALUES (1)")
        try:
            return super().handle(**options)
        finally:
            if guarded:
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {MAINTENANCE_TABLE}")
