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


def _maintenance_off(vendor: str) -> str:
    if vendor == "postgresql":
        return f"NOT EXISTS (SELECT 1 FROM {MAINTENANCE_TABLE})"
    return f"NOT EXISTS (SELECT 1 FROM {MAINTENANCE_TABLE})"


def _guard_statements(
    vendor: str, table: str, *, refuse_update: str | None, refuse_delete: str | None
) -> tuple[list[str], list[str]]:
    """SQL that creates (and drops) the guard triggers of `table`; see guard_table()."""
    msg = f"{table} is protected: this change is refused"
    maint = _maintenance_off(vendor)
    if vendor == "postgresql":
        fn = f"{table}_guard"
        body = []
        if refuse_update:
            body.append(f"IF TG_OP = 'UPDATE' AND ({refuse_update}) THEN RAISE EXCEPTION '{msg}'; END IF;")
        if refuse_delete:
            body.append(
                f"IF TG_OP = 'DELETE' AND {maint} AND ({refuse_delete}) THEN RAISE EXCEPTION '{msg}'; END IF;"
            )
        body.append("IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW;")
        events = " OR ".join(e for e, on in (("UPDATE", refuse_update), ("DELETE", refuse_delete)) if on)
        create = [
            f"CREATE TABLE IF NOT EXISTS {MAINTENANCE_TABLE} (flag INTEGER NOT NULL)",
            f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger AS $$ BEGIN {' '.join(body)} END; $$ "
            "LANGUAGE plpgsql;",
            # TRUNCATE skips row triggers: a statement trigger refuses it (flush stands it down).
            f"CREATE OR REPLACE FUNCTION {fn}_truncate() RETURNS trigger AS $$ BEGIN "
            f"IF {maint} THEN RAISE EXCEPTION '{table} cannot be truncated'; END IF; RETURN NULL; END; $$ "
            "LANGUAGE plpgsql;",
            f"CREATE TRIGGER {fn}_truncate_trg BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}_truncate();",
        ]
        drop = [
            f"DROP TRIGGER IF EXISTS {fn}_truncate_trg ON {table};",
            f"DROP FUNCTION IF EXISTS {fn}_truncate();",
            f"DROP TRIGGER IF EXISTS {fn}_trg ON {table};",
            f"DROP FUNCTION IF EXISTS {fn}();",
        ]
        if events:
            create.append(
                f"CREATE TRIGGER {fn}_trg BEFORE {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {fn}();"
            )
        return create, drop
    if vendor == "sqlite":
        # SQLite has no TRUNCATE: `DELETE FROM t` (its "truncate optimisation") still fires a
        # DELETE trigger when one exists, so the DELETE trigger covers it.
        create = [f"CREATE TABLE IF NOT EXISTS {MAINTENANCE_TABLE} (flag INTEGER NOT NULL)"]
        if refuse_update:
            create.append(
                f"CREATE TRIGGER {table}_guard_update BEFORE UPDATE ON {table} WHEN {refuse_update} "
                f"BEGIN SELECT RAISE(ABORT, '{msg}'); END;"
            )
        if refuse_delete:
            create.append(
                f"CREATE TRIGGER {table}_guard_delete BEFORE DELETE ON {table} "
                f"WHEN {maint} AND ({refuse_delete}) BEGIN SELECT RAISE(ABORT, '{msg}'); END;"
            )
        drop = [
            f"DROP TRIGGER IF EXISTS {table}_guard_update;",
            f"DROP TRIGGER IF EXISTS {table}_guard_delete;",
        ]
        return create, drop
    return [], []


def guard_table(table: str, *, refuse_update: str | None = None, refuse_delete: str | None = "TRUE"):
    """A migration operation: database triggers protect the rows of `table` (issue 15).

    `refuse_update` / `refuse_delete` are SQL conditions over OLD/NEW under which the
    UPDATE / DELETE is refused ("TRUE" = always, None = allowed). On PostgreSQL a statement
    trigger also refuses TRUNCATE. Only `manage.py flush` (core's, which raises the maintenance
    flag in MAINTENANCE_TABLE) may empty a guarded table; the application's database role must
    not be allowed to write that table nor to own the tables (README, "Database role").
    """

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in _guard_statements(vendor, table, refuse_update=refuse_update, refuse_delete=refuse_delete)[
            0
        ]:
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in _guard_statements(vendor, table, refuse_update=refuse_update, refuse_delete=refuse_delete)[
            1
        ]:
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)


def refuse_truncate(table: str):
    """A migration operation: on PostgreSQL, a statement trigger refuses TRUNCATE of `table`
    (for tables whose rows make_table_immutable() already protects)."""
    return guard_table(table, refuse_update=None, refuse_delete=None)
