"""Reorganising units in the browser (issue 10 item 9): the province's secretariat merges two
communes into a new one, reads the preview of what moves, applies it, and finds the former
communes (and their award history) on the new commune's page."""

import datetime

import pytest

from e2e.conftest import login

pytestmark = pytest.mark.browser

PW = "pw-123456"


@pytest.fixture
def province(live_server, transactional_db):
    from awards.models import AwardKind, AwardRecord
    from core.roles import Role
    from units.models import Unit
    from units.tests.factories import (
        LevelFactory,
        PersonFactory,
        RoleGrantFactory,
        UnitFactory,
        UserFactory,
    )

    province_level = LevelFactory(code="province", name="Cấp tỉnh", rank=1)
    commune_level = LevelFactory(code="commune", name="Cấp xã", rank=3)
    province = UnitFactory(name="Ủy ban nhân dân tỉnh Lai Châu", level=province_level)
    old = datetime.date(2020, 1, 1)
    a = UnitFactory(name="Ủy ban nhân dân xã Bình Lư", level=commune_level, parent=province, valid_from=old)
    b = UnitFactory(name="Ủy ban nhân dân xã Sơn Bình", level=commune_level, parent=province, valid_from=old)
    UnitFactory(name="Bản Nà Đon", kind=Unit.Kind.VILLAGE, level=commune_level, parent=a)
    PersonFactory(unit=a, full_name="Lò Văn Hùng")
    PersonFactory(unit=b, full_name="Tẩn Thị Mai")
    desk = UserFactory(username="sonoivu", full_name="Sở Nội vụ")
    RoleGrantFactory(user=desk, unit=province, role=Role.SECRETARIAT, valid_from=old)
    kind, _created = AwardKind.objects.get_or_create(
        code="advanced_collective",
        defaults={
            "name": "Tập thể lao động tiên tiến",
            "category": AwardKind.Category.TITLE,
            "level": AwardKind.Level.GRASSROOTS,
            "for_collective": True,
        },
    )
    AwardRecord.objects.create(
        collective=a, unit=a, award_kind=kind, year=2024, decision_number="15/QĐ-UBND",
        decision_date=datetime.date(2025, 1, 15), issuer="Chủ tịch UBND huyện Tam Đường",
    )  # fmt: skip
    return live_server, a, b


def test_secretariat_merges_two_communes_and_sees_their_history(page, province):
    from core.models import AuditEntry
    from units.models import Person, Unit

    server, a, _b = province
    base = server.url
    login(page, base, "sonoivu", PW)
    page.goto(f"{base}{a.get_absolute_url()}")
    page.get_by_role("link", name="Sắp xếp (sáp nhập, đổi tên, chuyển)").click()
    page.get_by_label("Sáp nhập nhiều đơn vị thành đơn vị mới").check()
    page.get_by_label("Ủy ban nhân dân xã Sơn Bình").check()
    page.get_by_label("Tên đơn vị mới").fill("Ủy ban nhân dân xã Bình Sơn")
    page.get_by_label("Ngày hiệu lực").fill("01/07/2025")
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_load_state("networkidle")

    preview = page.locator("section.card")
    assert "Cá nhân chuyển sang (2)" in preview.inner_text()
    assert "Bản Nà Đon" in preview.inner_text()
    assert "15/QĐ-UBND" in preview.inner_text()  # the award history the new commune inherits
    assert not Unit.objects.filter(name="Ủy ban nhân dân xã Bình Sơn").exists()  # a preview only
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_load_state("networkidle")

    target = Unit.objects.get(name="Ủy ban nhân dân xã Bình Sơn")
    assert page.url.endswith(target.get_absolute_url())
    body = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    assert "Đã sắp xếp đơn vị: Ủy ban nhân dân xã Bình Sơn." in body
    assert (
        "Trước đây: Ủy ban nhân dân xã Bình Lư (đến 30/06/2025); Ủy ban nhân dân xã Sơn Bình (đến 30/06/2025)"
        in body
    )
    history = page.locator("#award-history-title").locator("..")
    assert "15/QĐ-UBND" in history.inner_text()
    assert "Ủy ban nhân dân xã Bình Lư" in history.inner_text()
    assert set(Person.objects.values_list("unit", flat=True)) == {target.pk}
    assert AuditEntry.objects.filter(action="units.unit.merged").count() == 2
    # the former commune's page points to its successor
    page.get_by_role("link", name="Ủy ban nhân dân xã Bình Lư").first.click()
    page.wait_for_load_state("networkidle")
    assert "Đã sáp nhập vào Ủy ban nhân dân xã Bình Sơn" in page.inner_text("body")
