from decimal import Decimal

import pytest

from campaigns.models import Target
from reports.achievement import target_result

pytestmark = pytest.mark.django_db


def test_reached_with_ratio(campaign):
    target = campaign.targets.get(name="Thu ngân sách")
    r = target_result(target, Decimal("125"))
    assert (r.met, r.percent, r.label) == (True, Decimal("104.2"), "Đạt (104,2%)")


def test_not_reached_against_the_units_own_assignment(campaign):
    target = campaign.targets.get(name="Thu ngân sách")
    r = target_result(target, Decimal("125"), assigned=Decimal("150"))
    assert (r.goal, r.assigned, r.met, r.label) == (Decimal("150"), True, False, "Chưa đạt (83,3%)")


def test_at_most_target_met_below_the_ceiling(campaign):
    target = campaign.targets.get(direction=Target.Direction.AT_MOST)
    assert target_result(target, Decimal("2.5")).met is True
    assert target_result(target, Decimal("3.5")).met is False


def test_not_reported_and_zero_goal(campaign):
    target = campaign.targets.get(name="Thu ngân sách")
    assert target_result(target, None).label == "Chưa báo cáo"
    target.value = Decimal(0)
    assert target_result(target, Decimal(1)).percent is None
