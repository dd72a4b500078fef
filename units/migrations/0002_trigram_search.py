"""Trigram indexes for diacritic-free substring search (PostgreSQL only; SQLite scans)."""

from django.db import migrations

from core.db import run_on_postgresql


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [
        run_on_postgresql(
            [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
                "CREATE INDEX IF NOT EXISTS units_person_search_trgm ON units_person "
                "USING gin (search_key gin_trgm_ops);",
                "CREATE INDEX IF NOT EXISTS units_unit_search_trgm ON units_unit "
                "USING gin (search_key gin_trgm_ops);",
            ],
            [
                "DROP INDEX IF EXISTS units_person_search_trgm;",
                "DROP INDEX IF EXISTS units_unit_search_trgm;",
            ],
        )
    ]
