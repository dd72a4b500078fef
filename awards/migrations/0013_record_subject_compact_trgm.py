"""The register search's second trigram index: the subject key with its spaces removed (issue 17).

`awards.selectors.award_record_list_for_user` adds `REPLACE(subject_key, ' ', '') LIKE
'%words run together%'` to a search of three or more words; this index answers it with far
fewer index pages than the plain key's index (its trigrams cross word boundaries instead of
padding them). PostgreSQL only, like the plain key's index (migration 0004).
"""

from django.db import migrations

from core.db import run_on_postgresql


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0012_record_decision_level"),
    ]

    operations = [
        run_on_postgresql(
            [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
                "CREATE INDEX IF NOT EXISTS awards_record_subject_compact_trgm ON awards_awardrecord "
                "USING gin ((replace(subject_key, ' ', '')) gin_trgm_ops);",
            ],
            ["DROP INDEX IF EXISTS awards_record_subject_compact_trgm;"],
        ),
    ]
