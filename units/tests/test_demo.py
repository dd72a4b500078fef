"""The demo worlds: 2026 (default, what `make run` serves) and the historic district-2024."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags

from awards.models import AwardRecord
from core.roles import Role
from nominations.models import Council, NominationBatch
from units.models import Bloc, Person, RoleGrant, Unit

# The assertions name this year's objects (2026) and the roles active on 16/03/2026: the demo is
# loaded on that day; the demo on other dates is reports/tests/test_demo.py's subject.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-03-16T09:00:00+07:00")]

REFORM_END = date(2025, 6, 30)


def _counts():
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Bloc.objects.count(),
        RoleGrant.objects.count(),
        get_user_model().objects.count(),
        AwardRecord.objects.count(),
    )


def test_default_world_is_the_province_after_the_reform_and_loading_twice_adds_nothing():
    call_command("load_demo", stdout=StringIO())
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first

    province = Unit.objects.get(name="Ủy ban nhân dân tỉnh Lai Châu")
    assert province.children.filter(name="Sở Nội vụ").exists()
    communes = Unit.objects.filter(parent=province, level__code="commune", valid_from=date(2025, 7, 1))
    assert set(communes.values_list("name", flat=True)) == {
        "Ủy ban nhân dân xã Tam Đường",
        "Ủy ban nhân dân xã Khun Há",
    }
    for commune in communes:
        below = Unit.objects.filter(path__startswith=commune.path).exclude(pk=commune.pk)
        names = set(below.filter(valid_to__isnull=True).values_list("name", flat=True))
        assert "Văn phòng HĐND và UBND xã" in names
        assert "Phòng Nội vụ" not in names  # law.md §9: no Phòng Nội vụ at commune level
        assert below.filter(kind=Unit.Kind.SCHOOL).exists()
        assert below.filter(kind=Unit.Kind.VILLAGE).exists()
        former = list(commune.predecessors.all())
        assert len(former) >= 3
        assert all(u.valid_to == REFORM_END for u in former)
        assert Council.objects.get(unit=commune).level == "commune"
        assert Bloc.objects.filter(organiser=commune, year=2026).count() == 2
        roles = set(
            RoleGrant.objects.active_on(date(2026, 3, 16)).filter(unit=commune).values_list("role", flat=True)
        )
        assert {Role.SECRETARIAT, Role.CHAIR, Role.COUNCIL_MEMBER} <= roles
    district = Unit.objects.get(name="Ủy ban nhân dân huyện Tam Đường")
    assert (district.valid_to, district.level.code) == (REFORM_END, "district")
    # The district's logins ended with it; the 2026 logins hold every role.
    assert (
        not RoleGrant.objects.active_on(date(2026, 3, 16))
        .filter(unit__path__startswith=district.path)
        .exists()
    )
    active = RoleGrant.objects.active_on(date(2026, 3, 16))
    assert set(active.values_list("role", flat=True)) == set(Role.values)
    assert set(active.values_list("user__username", flat=True)) >= {
        "sonoivu",
        "vanphong_tamduong",
        "vanphong_khunha",
        "chutich_tamduong",
        "phochutich_tamduong",
        "hoidong_tamduong",
        "hieutruong",
        "truongkhoi_xa",
        "admin",
    }
    assert (
        not get_user_model().objects.get(username="noivu").role_grants.filter(valid_to__isnull=True).exists()
    )


def _get(client, username, url):
    client.force_login(get_user_model().objects.get(username=username))
    return client.get(url)


def test_district_history_is_found_under_its_successor_and_the_communes_are_isolated(client):
    call_command("load_demo", stdout=StringIO())
    tam_duong = Unit.objects.get(name="Ủy ban nhân dân xã Tam Đường", valid_from=date(2025, 7, 1))
    khun_ha = Unit.objects.get(name="Ủy ban nhân dân xã Khun Há", valid_from=date(2025, 7, 1))

    html = _get(
        client, "vanphong_tamduong", reverse("units:unit-detail", args=[tam_duong.pk])
    ).content.decode()
    assert "Trước đây: " in html
    text = strip_tags(html)  # each former unit is a link to its own page
    for former in ("thị trấn Tam Đường", "xã Bình Lư", "xã Sơn Bình", "xã Bản Hon"):
        assert f"Ủy ban nhân dân {former} (đến 30/06/2025)" in text
    # The former commune's collective title, decided by the district chair in 2025, on the successor's page.
    assert "Tập thể lao động tiên tiến" in html
    assert "(trước đây: Ủy ban nhân dân xã Bình Lư)" in html
    assert "Chủ tịch UBND huyện Tam Đường" in html

    # The district's register records of the former communes' people are the successor's.
    from_district = AwardRecord.objects.filter(issuer="Chủ tịch UBND huyện Tam Đường", person__isnull=False)
    assert from_district.count() >= 10
    record = from_district.filter(award_kind__code="grassroots_fighter").first()
    person = record.person
    assert person.unit == tam_duong
    html = _get(
        client, "vanphong_tamduong", reverse("units:person-detail", args=[person.pk])
    ).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in html
    assert "Chủ tịch UBND huyện Tam Đường" in html
    html = _get(
        client, "vanphong_tamduong", reverse("awards:register") + f"?year={record.year}"
    ).content.decode()
    assert person.full_name in html

    # Isolation: the other commune's office gets 404 on each of these, and sees none of the register.
    batch = NominationBatch.objects.get(unit__name="Trường Tiểu học Bình Lư")
    for url in (
        reverse("units:unit-detail", args=[tam_duong.pk]),
        reverse("units:person-detail", args=[person.pk]),
        reverse("awards:batch-detail", args=[batch.pk]),
    ):
        assert _get(client, "vanphong_khunha", url).status_code == 404, url
        assert _get(client, "vanphong_tamduong", url).status_code == 200, url
    assert (
        _get(client, "vanphong_tamduong", reverse("units:unit-detail", args=[khun_ha.pk])).status_code == 404
    )
    html = _get(
        client, "vanphong_khunha", reverse("awards:register") + f"?year={record.year}"
    ).content.decode()
    assert person.full_name not in html


def test_district_2024_world_is_kept_for_history_journeys():
    call_command("load_demo", "--world", "district-2024", stdout=StringIO())
    first = _counts()
    call_command("load_demo", "--world", "district-2024", stdout=StringIO())
    assert _counts() == first
    district = Unit.objects.get(name="Ủy ban nhân dân huyện Tam Đường")
    assert district.valid_to is None
    names = set(Unit.objects.filter(path__startswith=district.path).values_list("name", flat=True))
    assert {
        "Phòng Nội vụ",
        "Phòng Văn hóa - Thông tin",
        "Trung tâm Văn hóa - Thể thao và Truyền thông",
        "Ủy ban nhân dân thị trấn Tam Đường",
    } <= names
    assert Person.objects.count() >= 200
    assert Bloc.objects.filter(year=2024).count() >= 3
    assert {g.role for g in RoleGrant.objects.all()} >= {
        Role.SECRETARIAT,
        Role.UNIT_HEAD,
        Role.UNIT_CLERK,
        Role.COUNCIL_MEMBER,
        Role.BLOC_HEAD,
        Role.CHAIR,
        Role.ADMIN,
    }
    assert Person.objects.filter(search_key__startswith="nguyen van").exists()
    assert Person.objects.filter(search_key__contains="duc").exists()
    assert not Unit.objects.filter(valid_from=date(2025, 7, 1)).exists()


def test_two_level_commune_keeps_merged_communes_history():
    call_command("load_demo", "--world", "district-2024", "--two-level", stdout=StringIO())
    new = Unit.objects.get(name="Ủy ban nhân dân xã Bình Lư (sau sắp xếp)")
    assert new.level.code == "commune"
    assert new.parent.level.code == "province"
    merged = Unit.objects.filter(successor=new)
    assert merged.count() == 3
    assert all(u.valid_to.isoformat() == "2025-06-30" for u in merged)
    call_command("load_demo", "--world", "district-2024", "--two-level", stdout=StringIO())
    assert Unit.objects.filter(successor=new).count() == 3
