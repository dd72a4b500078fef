"""Templates compare statuses with `Model.Status` members or read `next_statuses`, never with a
status code written as a string (issue 18: one transition idiom, one source of status codes)."""

import re
from pathlib import Path

from django.conf import settings

LITERAL = re.compile(r"""\bstatus\s*(==|!=)\s*["'][a-z_]+["']|["'][a-z_]+["']\s*(==|!=)\s*[\w.]*status\b""")


def test_the_pattern_finds_a_literal():
    assert LITERAL.search('{% if batch.status == "returned" %}')
    assert not LITERAL.search("{% if batch.status == batch.Status.RETURNED %}")


def test_no_status_literals_in_templates():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{n}"
        for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL.search(line)
    ]
    assert found == []
