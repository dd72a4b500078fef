"""Database helpers that must work on SQLite and PostgreSQL alike."""

from django.db import migrations

# A table outside Django's models (so `flush` never empties it); see core/management/commands/flush.py.
MAINTENANCE_TABLE = "thidua_maintenance"


def _immutable_statements(vendor: str, table: str) -> tuple[list[str], list[str]]:
    msg = f"{table} rows are immutable"
    if vendor == "postgresql":
        fn = f"{table}_immutable"
        return (
            [
                f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{msg}'; END; $$ LANGUAGE plpgsql;",
                f"CREATE TRIGGER {fn}_trg BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {fn}();",
            ],
            [f"DROP TRIGGER IF EXISTS {fn}_trg ON {table};", f"DROP FUNCTION IF EXISTS {fn}();"],
        )
    if vendor == "sqlite":
        # SQLite's `flush` (used by `manage.py flush` and transactional tests) is DELETE FROM:
        # the DELETE trigger stands down only while core's flush command holds the
        # maintenance row. PostgreSQL's flush is TRUNCATE, which row triggers don't see.
        return (
            [
                f"CREATE TABLE IF NOT EXISTS {MAINTENANCE_TABLE} (flag INTEGER NOT NULL)",
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"WHEN NOT EXISTS (SELECT 1 FROM {MAINTENANCE_TABLE}) "
                f"BEGIN SELECT RAISE(ABORT, '{msg}'); END;",
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{msg}'); END;",
            ],
            [
                f"DROP TRIGGER IF EXISTS {table}_no_delete;",
                f"DROP TRIGGER IF EXISTS {table}_no_update;",
            ],
        )
    return [], []


def make_table_immutable(table: str) -> migrations.RunPython:
    """A migration operation: database triggers refuse UPDATE and DELETE on `table`."""

    def forwards(apps, schema_editor):
        for sql in _immutable_statements(schema_editor.connection.vendor, table)[0]:
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        for sql in _immutable_statements(schema_editor.connection.vendor, table)[1]:
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)


def run_on_postgresql(forward_sql: list[str], backward_sql: list[str]) -> migrations.RunPython:
    """A migration operation that runs only on PostgreSQL (extensions, trigram indexes)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in forward_sql:
                schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in backward_sql:
                schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)
