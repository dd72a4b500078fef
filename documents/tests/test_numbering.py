"""Two concurrent issuances never share a number, and no number is skipped."""

import threading

import pytest
from django.db import connection, connections

from core.db import _immutable_statements
from core.models import User
from documents.models import IssuedDocument
from documents.services import document_issue

IMMUTABLE_TABLES = ["documents_annulment", "documents_issueddocument", "core_auditentry"]


@pytest.fixture
def _purge_immutable_rows(transactional_db):
    """transaction=True tests end with a flush; SQLite's DELETE triggers would refuse it."""
    yield
    if connection.vendor != "sqlite":
        return  # PostgreSQL flushes with TRUNCATE, which row triggers do not see
    with connection.cursor() as cursor:
        for table in IMMUTABLE_TABLES:
            create, drop = _immutable_statements("sqlite", table)
            for sql in drop:
                cursor.execute(sql)
            cursor.execute(f"DELETE FROM {table}")
            for sql in create:
                cursor.execute(sql)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_purge_immutable_rows")
def test_parallel_issuances_get_numbers_one_to_n(issue_kwargs):
    by = User.objects.create_user("vanthu", password="x")
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    errors = []

    def issue():
        try:
            barrier.wait()
            document_issue(by=by, **issue_kwargs)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(IssuedDocument.objects.values_list("number", flat=True))
    assert numbers == list(range(1, threads_count + 1))
    symbols = set(IssuedDocument.objects.values_list("symbol", flat=True))
    assert len(symbols) == threads_count
