"""Trigram index for diacritic-free household search (PostgreSQL only; SQLite scans)."""

from django.db import migrations

from core.db import run_on_postgresql


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_seed_catalogue"), ("units", "0002_trigram_search")]

    operations = [
        run_on_postgresql(
            [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
                "CREATE INDEX IF NOT EXISTS awards_household_search_trgm ON awards_household "
                "USING gin (search_key gin_trgm_ops);",
            ],
            ["DROP INDEX IF EXISTS awards_household_search_trgm;"],
        )
    ]
