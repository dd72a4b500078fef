"""Query counts of the report pages and the cockpit do not grow with the units that report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks.generate import ReportScale, Scale, generate, generate_reports
from benchmarks.management.commands.bench import _report_ids
from reports.models import ReportRound, ReportSubmission, SubmissionFigure
from units.models import Unit

# "Now" here is the test clock: the root conftest freezes it for every test with time_machine.
pytestmark = pytest.mark.django_db

TINY = Scale(
    communes=2,
    units_per_commune=2,
    departments=1,
    units_per_department=1,
    people=60,
    award_records=50,
    campaigns=1,
)


def _grow(extra):
    """`extra` more units, half under the province and half under the unit head's commune,
    required in every generated round, each with a submitted report and its figures (copies of
    a submitted one)."""
    province = Unit.objects.get(pk=1)
    commune = Unit.objects.filter(depth=1, level__code="commune").order_by("pk").first()  # the head's
    top = Unit.objects.order_by("-pk").values_list("pk", flat=True).first()
    parents = [province, commune]
    units = Unit.objects.bulk_create(
        [
            Unit(
                pk=top + 1 + i,
                name=f"Đơn vị thêm {i}",
                kind=province.kind,
                level=province.level,
                parent=parents[i % 2],
                path=f"{parents[i % 2].path}{top + 1 + i:06d}/",
                depth=parents[i % 2].depth + 1,
            )
            for i in range(extra)
        ]
    )
    for rnd in ReportRound.objects.all():
        rnd.units.add(*units)
        model = ReportSubmission.objects.filter(round=rnd, status="submitted").first()
        figures = list(SubmissionFigure.objects.filter(submission=model))
        subs = ReportSubmission.objects.bulk_create(
            [
                ReportSubmission(round=rnd, unit=u, status="submitted", submitted_at=timezone.now())
                for u in units
            ]
        )
        SubmissionFigure.objects.bulk_create(
            [
                SubmissionFigure(submission=s, target_id=f.target_id, actual=f.actual, base=f.base)
                for s in subs
                for f in figures
            ]
        )


@pytest.mark.parametrize(
    ("name", "key", "params", "who"),
    [
        ("reports:round-list", None, {}, "secretariat"),
        ("reports:round-detail", "round", {}, "secretariat"),
        ("reports:tracker", "campaign", {"round": "round_pk"}, "secretariat"),
        ("reports:tracker", "campaign", {}, "secretariat"),
        ("reports:tracker", "campaign", {"state": "overdue"}, "secretariat"),
        ("reports:submission-detail", "submission", {}, "secretariat"),
        ("reports:delivery-list", None, {}, "secretariat"),
        ("home", None, {}, "secretariat"),
        ("reports:my-rounds", None, {}, "unit_head"),
        ("reports:submission-edit", "edit", {}, "unit_head"),
        ("home", None, {}, "unit_head"),
    ],
)
def test_report_page_query_count_is_constant(client, name, key, params, who):
    user = generate(TINY, out=lambda *_: None)["user"]
    generate_reports(ReportScale.small(), user=user, out=lambda *_: None)
    ids = _report_ids()
    client.force_login(user if who == "secretariat" else ids["unit_head"])
    url = reverse(name, kwargs=ids[key]) if key else reverse(name)
    params = {k: ids.get(v, v) for k, v in params.items()}
    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    _grow(120)  # more units than one page of the tracker
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, params)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:160] for q in many.captured_queries]
