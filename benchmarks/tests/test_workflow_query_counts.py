"""Query counts of the workflow pages do not grow with the number of nominees, items or lines."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.generate import Scale, WorkflowScale, generate, generate_workflow
from nominations.models import AgendaItem, BallotTally, DecisionLine, Nomination

pytestmark = pytest.mark.django_db


def _grow(ids, extra):
    """Add `extra` nominees to the big batch, agenda items and annex lines (copies of the first)."""
    first = Nomination.objects.filter(batch_id=ids["batch"]).order_by("pk").first()
    top = Nomination.objects.order_by("-pk").values_list("pk", flat=True).first()
    batch_more = [
        Nomination(
            pk=top + 1 + i,
            batch_id=ids["batch"],
            person_id=first.person_id,
            award_kind=first.award_kind,
            year=2025,
            status="in_council",
        )
        for i in range(extra)
    ]
    decided_more = [
        Nomination(
            pk=top + 1 + extra + i,
            batch_id=2,
            person_id=first.person_id,
            award_kind=first.award_kind,
            year=2025,
            status="decided",
        )
        for i in range(extra)
    ]
    Nomination.objects.bulk_create(batch_more + decided_more)
    items = AgendaItem.objects.bulk_create(
        [AgendaItem(session_id=ids["session"], nomination=n, order=900 + i) for i, n in enumerate(batch_more)]
    )
    BallotTally.objects.bulk_create([BallotTally(item=item, yes=1) for item in items])
    line = DecisionLine.objects.filter(decision_id=ids["decision"]).first()
    DecisionLine.objects.bulk_create(
        [
            DecisionLine(
                decision_id=ids["decision"],
                nomination=n,
                order=900 + i,
                award_kind=line.award_kind,
                subject_kind="individual",
                subject_name=line.subject_name,
                year=2025,
                amount=line.amount,
            )
            for i, n in enumerate(decided_more)
        ]
    )


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("awards:batch-list", None),
        ("awards:batch-detail", "batch"),
        ("awards:batch-quota", "batch"),
        ("awards:session-list", None),
        ("awards:session-detail", "session"),
        ("awards:decision-list", None),
        ("awards:decision-detail", "decision"),
    ],
)
def test_workflow_page_query_count_is_constant(client, name, key):
    tiny = Scale(
        communes=2,
        units_per_commune=1,
        departments=1,
        units_per_department=1,
        people=60,
        award_records=50,
        campaigns=1,
    )
    user = generate(tiny, out=lambda *_: None)["user"]
    ids = generate_workflow(WorkflowScale.small(), user=user, out=lambda *_: None)
    client.force_login(user)
    url = reverse(name, kwargs={"pk": ids[key]}) if key else reverse(name)
    assert client.get(url).status_code == 200

    def counts():
        """The page's queries read cold (cached aggregates computed) and then warm (served from
        the cache): each must stay constant with size."""
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        return [len(cold), len(warm)], [q["sql"][:160] for q in cold.captured_queries]

    few, _sql = counts()
    _grow(ids, 40)
    many, sql = counts()
    assert many == few, sql
