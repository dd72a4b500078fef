from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.roles import Role
from units.models import Bloc, Person, RoleGrant, Unit

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Unit.objects.count(),
        Person.objects.count(),
        Bloc.objects.count(),
        RoleGrant.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_is_tam_duong_2024_and_loading_twice_adds_nothing():
    call_command("load_demo", stdout=StringIO())
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first
    district = Unit.objects.get(name="Ủy ban nhân dân huyện Tam Đường")
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


def test_two_level_commune_keeps_merged_communes_history():
    call_command("load_demo", "--two-level", stdout=StringIO())
    new = Unit.objects.get(name="Ủy ban nhân dân xã Bình Lư (sau sắp xếp)")
    assert new.level.code == "commune"
    assert new.parent.level.code == "province"
    merged = Unit.objects.filter(successor=new)
    assert merged.count() == 3
    assert all(u.valid_to.isoformat() == "2025-06-30" for u in merged)
    call_command("load_demo", "--two-level", stdout=StringIO())
    assert Unit.objects.filter(successor=new).count() == 3
