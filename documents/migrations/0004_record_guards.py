"""Protect the record (issue 15): the number register may only count up, by one, and is never
deleted; issued documents and annulments (already immutable) cannot be truncated."""

from django.db import migrations

from core.db import guard_table, refuse_truncate


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_issuing_bodies_and_their_registers")]

    operations = [
        guard_table(
            "documents_numbercounter",
            refuse_update=(
                "NEW.last_number <> OLD.last_number + 1 OR NEW.issuing_body_id <> OLD.issuing_body_id "
                "OR NEW.year <> OLD.year OR NEW.doc_type <> OLD.doc_type OR NEW.series <> OLD.series"
            ),
        ),
        refuse_truncate("documents_issueddocument"),
        refuse_truncate("documents_annulment"),
    ]
