"""`manage.py bench_documents` measures a long decision in a fresh process (issue 17: a 1,000-line
decision renders within 10 s and 300 MB): the figures come from the child's own run."""

from io import StringIO

from django.core.management import call_command

from documents.management.commands.bench_documents import render_in_fresh_process


def test_long_decision_is_measured_in_a_fresh_process():
    result = render_in_fresh_process(60)
    assert result["pages"] >= 3  # the decision and its 60-row annex
    assert 0 < result["seconds"] < result["total_seconds"]
    # The child's peak resident set: Python, Django and WeasyPrint's C allocations, not a
    # tracemalloc figure of Python objects alone.
    assert 60 < result["peak_mb"] < 2000


def test_child_render_prints_one_json_line():
    import json

    out = StringIO()
    call_command("bench_documents", "--child-render", "5", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["pages"] >= 2
    assert figures["kib"] > 0
    assert figures["seconds"] > 0
