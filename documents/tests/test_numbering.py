"""Two concurrent issuances never share a number, and no number is skipped."""

import threading

import pytest
from django.db import connections

from core.models import User
from documents.models import IssuedDocument
from documents.services import document_issue


@pytest.mark.django_db(transaction=True)
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
