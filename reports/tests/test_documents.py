from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import TargetAssignment
from reports import services
from reports.documents import reminder_letter_context, round_summary_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported_a(rnd, jurisdiction, unit_head_a):
    """Bình Lư reported both targets, one day after the deadline; Sơn Bình did not report."""
    budget = rnd.campaign.targets.get(name="Thu ngân sách")
    poverty = rnd.campaign.targets.get(name="Tỷ lệ hộ nghèo")
    TargetAssignment.objects.create(target=budget, unit=jurisdiction.commune_a, value=Decimal("150"))
    sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
    sub = services.submission_save(
        submission=sub,
        by=unit_head_a,
        version=sub.version,
        figures={budget.pk: Decimal("125"), poverty.pk: Decimal("2.5")},
    )
    return services.submission_submit(submission=sub, by=unit_head_a, now=rnd.deadline + timedelta(days=1))


def test_reminder_letter_lists_units_not_reported_after_deadline(rnd, reported_a, jurisdiction):
    ctx = reminder_letter_context(rnd, now=rnd.deadline + timedelta(days=2))
    assert [x["unit"] for x in ctx["late_units"]] == [jurisdiction.commune_b]
    assert [x["unit"] for x in ctx["submitted_late"]] == [jurisdiction.commune_a]
    assert (ctx["required_count"], ctx["reported_count"]) == (2, 1)


def test_reminder_letter_before_deadline_has_no_late_units(rnd):
    assert reminder_letter_context(rnd, now=rnd.deadline - timedelta(days=1))["late_units"] == []


def test_round_summary_results_totals_and_missing(rnd, reported_a, jurisdiction):
    ctx = round_summary_context(rnd)
    assert [r.unit for r in ctx["rows"]] == [jurisdiction.commune_a]
    budget, poverty = ctx["rows"][0].results
    assert (budget.goal, budget.met, budget.label) == (Decimal("150"), False, "Chưa đạt (83,3%)")
    assert (poverty.met, poverty.label) == (True, "Đạt (83,3%)")
    assert ctx["rows"][0].met_count == 1
    budget_agg, poverty_agg = ctx["aggregates"]
    assert (budget_agg.reported, budget_agg.met, budget_agg.total) == (1, 0, Decimal("125"))
    assert (poverty_agg.reported, poverty_agg.met, poverty_agg.total) == (1, 1, None)  # a rate: no sum
    assert poverty_agg.median == Decimal("2.50")
    assert ctx["not_reported"] == [jurisdiction.commune_b]
    assert (ctx["required_count"], ctx["reported_count"], ctx["late_count"]) == (2, 1, 1)


def test_draft_counts_as_not_reported(rnd, jurisdiction, unit_head_b):
    services.submission_start(round=rnd, unit=jurisdiction.commune_b, by=unit_head_b)
    ctx = round_summary_context(rnd)
    assert set(ctx["not_reported"]) == {jurisdiction.commune_a, jurisdiction.commune_b}


def test_round_summary_queries_do_not_grow_with_units(rnd, reported_a):
    with CaptureQueriesContext(connection) as ctx:
        round_summary_context(rnd)
    assert len(ctx.captured_queries) <= 6
