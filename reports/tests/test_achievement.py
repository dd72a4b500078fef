"""Each unit against its own target; aggregation by target kind (quantities sum, rates never)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Commitment, Registration, Target, TargetAssignment
from campaigns.selectors import unit_goals
from campaigns.tests.factories import TargetFactory
from reports.achievement import aggregate_results, target_result

pytestmark = pytest.mark.django_db


def test_quantity_without_own_target_shows_figure_and_no_ratio(campaign):
    target = campaign.targets.get(name="Thu ngân sách")
    r = target_result(target, Decimal("125"))
    assert (r.goal, r.met, r.percent, r.label) == (None, None, None, "Chưa giao chỉ tiêu riêng")


def test_not_reached_against_the_units_own_assignment(campaign):
    target = campaign.targets.get(name="Thu ngân sách")
    r = target_result(target, Decimal("125"), Decimal("150"))
    assert (r.goal, r.assigned, r.met, r.label) == (Decimal("150"), True, False, "Chưa đạt (83,3%)")


def test_at_most_target_met_below_the_ceiling(campaign):
    target = campaign.targets.get(direction=Target.Direction.AT_MOST)
    assert target_result(target, Decimal("2.5"), Decimal("3")).met is True
    assert target_result(target, Decimal("3.5"), Decimal("3")).met is False


def test_not_reported_and_zero_goal(campaign):
    target = campaign.targets.get(name="Thu ngân sách")
    assert target_result(target, None, Decimal("5")).label == "Chưa báo cáo"
    assert target_result(target, Decimal(1), Decimal(0)).percent is None


def test_unit_goal_assigned_beats_approved_commitment_beats_nothing(campaign, jurisdiction):
    """Bình Lư's approved registration commits 160 tỷ đồng: that is its target, not the district's."""
    budget = TargetFactory(campaign=campaign, name="Thu NSNN", value="3130.5", order=5)
    a, b = jurisdiction.commune_a, jurisdiction.commune_b
    reg = Registration.objects.create(campaign=campaign, unit=a, status=Registration.Status.APPROVED)
    Commitment.objects.create(registration=reg, target=budget, value=Decimal("160"))
    draft = Registration.objects.create(campaign=campaign, unit=b, status=Registration.Status.SUBMITTED)
    Commitment.objects.create(registration=draft, target=budget, value=Decimal("90"))
    goals = unit_goals([budget], [a.pk, b.pk])
    assert goals[(a.pk, budget.pk)].value == Decimal("160")
    assert goals[(a.pk, budget.pk)].source == "committed"
    assert (b.pk, budget.pk) not in goals  # a commitment not yet approved is no target
    r = target_result(budget, Decimal("165.2"), goals[(a.pk, budget.pk)])
    assert (r.met, r.label) == (True, "Đạt (103,3%)")
    TargetAssignment.objects.create(target=budget, unit=a, value=Decimal("170"))
    goals = unit_goals([budget], [a.pk])
    assert (goals[(a.pk, budget.pk)].value, goals[(a.pk, budget.pk)].source) == (Decimal("170"), "assigned")


def test_rates_never_sum_min_mean_median_and_count_reaching_own_target(campaign, jurisdiction):
    rate = TargetFactory(campaign=campaign, name="Tỷ lệ tiêm chủng", unit_of_measure="%", value="98.5")
    assert rate.kind == Target.Kind.RATE
    results = [
        target_result(rate, Decimal("99"), Decimal("98.5")),
        target_result(rate, Decimal("97.1"), Decimal("98.5")),
    ]
    agg = aggregate_results(rate, results)
    assert (agg.reported, agg.with_goal, agg.met, agg.total) == (2, 2, 1, None)
    assert (agg.lowest, agg.highest, agg.mean, agg.median) == (
        Decimal("97.10"),
        Decimal("99.00"),
        Decimal("98.05"),
        Decimal("98.05"),
    )
    assert agg.weighted is None  # no denominators reported
    assert "196,1" not in agg.sentence
    assert "thấp nhất 97,1%, cao nhất 99%, trung bình 98,05%, trung vị 98,05%" in agg.sentence
    assert "1/2 đơn vị đạt chỉ tiêu của đơn vị" in agg.sentence


def test_rate_weighted_when_every_unit_reports_the_denominator(campaign):
    rate = TargetFactory(campaign=campaign, name="Tỷ lệ tiêm chủng", unit_of_measure="%", value="98.5")
    results = [
        target_result(rate, Decimal("99"), Decimal("98.5"), base=Decimal("300")),
        target_result(rate, Decimal("97"), Decimal("98.5"), base=Decimal("100")),
    ]
    agg = aggregate_results(rate, results)
    assert agg.weighted == Decimal("98.50")  # (99×300 + 97×100) / 400
    assert "tỷ lệ chung (bình quân gia quyền theo tổng số) 98,5%" in agg.sentence


def test_reduce_rate_is_direction_aware(campaign):
    """ "Giảm tỷ lệ hộ nghèo 2%": the figure is the reduction achieved; more is better."""
    reduce = TargetFactory(
        campaign=campaign, name="Giảm tỷ lệ hộ nghèo", unit_of_measure="%", value="2", direction="reduce"
    )
    results = [
        target_result(reduce, Decimal("2.4"), Decimal("2")),
        target_result(reduce, Decimal("1.5"), Decimal("2")),
    ]
    agg = aggregate_results(reduce, results)
    assert agg.met == 1
    assert "mức giảm thấp nhất 1,5%" in agg.sentence
    assert "3,9" not in agg.sentence


def test_quantities_sum_against_the_common_target(campaign):
    budget = campaign.targets.get(name="Thu ngân sách")  # 120 tỷ đồng for the district
    results = [
        target_result(budget, Decimal("80"), Decimal("70")),
        target_result(budget, Decimal("50")),  # no own target
        target_result(budget, None),
    ]
    agg = aggregate_results(budget, results)
    assert (agg.reported, agg.with_goal, agg.met, agg.total, agg.total_percent) == (
        2,
        1,
        1,
        Decimal("130"),
        Decimal("108.3"),
    )
    assert "tổng số thực hiện 130 tỷ đồng, bằng 108,3% chỉ tiêu chung" in agg.sentence
    assert "1 đơn vị chưa được giao chỉ tiêu riêng" in agg.sentence


def test_rate_target_above_100_percent_is_refused(campaign):
    t = Target(campaign=campaign, name="Tỷ lệ", unit_of_measure="%", value=Decimal("150"))
    with pytest.raises(ValidationError, match="không thể lớn hơn 100%"):
        t.full_clean()
