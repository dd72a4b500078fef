"""The authority layer (units/permissions.py): subtrees, role holders, grants that cannot escalate."""

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from core.models import AuditEntry
from core.roles import Role
from units import permissions, services
from units.models import RoleGrant, RoleGrantDeleteError
from units.tests.factories import PersonFactory, RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _python_sources():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "units/")) or "/tests/" in rel or "/migrations/" in rel:
            continue
        if rel.startswith(("benchmarks/", "e2e/")) or rel == "conftest.py":
            continue
        yield rel, path.read_text(encoding="utf-8")


ROLE_SET = re.compile(r"[{(\[]\s*Role\.[A-Z_]+\s*,")


def _offences(rel: str, text: str) -> list[str]:
    found = []
    if "path__startswith" in text or ".subtree_of(" in text:
        found.append(f"{rel}: subtree query")
    if re.search(r"RoleGrant\.objects\.(active_on|filter)", text):
        found.append(f"{rel}: role-holder lookup")
    if ROLE_SET.search(text):
        found.append(f"{rel}: role set")
    return found


def test_no_subtree_query_or_role_set_outside_units():
    """units/permissions.py is the one home of subtree queries, role-holder lookups and role sets."""
    offenders = []
    for rel, text in _python_sources():
        offenders += _offences(rel, text)
    for path in (ROOT / "templates").rglob("*.html"):
        if re.search(r"Role\.[A-Z_]+ in \w+ or Role\.", path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: role set in a template")
    assert offenders == []


def test_the_source_check_catches_each_kind_of_offence():
    """The check above can fail: each kind of hand-written authority code is flagged."""
    assert _offences("x.py", "Unit.objects.filter(path__startswith=unit.path)") == ["x.py: subtree query"]
    assert _offences("x.py", "RoleGrant.objects.active_on(d).filter(role='chair')") == [
        "x.py: role-holder lookup"
    ]
    assert _offences("x.py", "ROLES = {Role.CHAIR, Role.ADMIN}") == ["x.py: role set"]
    assert _offences("x.py", "authority.has_role(user, unit, Role.CHAIR)") == []


def test_has_role_covers_the_subtree_and_admin(jurisdiction, secretariat, unit_head_a):
    assert permissions.has_role(secretariat, jurisdiction.village_a, Role.SECRETARIAT)
    assert permissions.has_role(unit_head_a, jurisdiction.village_a, permissions.UNIT_ROLES)
    assert not permissions.has_role(unit_head_a, jurisdiction.commune_b, permissions.UNIT_ROLES)
    root = UserFactory(is_superuser=True)
    assert permissions.has_role(root, jurisdiction.commune_b, permissions.MANAGING_ROLES)
    assert not permissions.has_role(root, jurisdiction.commune_b, permissions.UNIT_ROLES)


def test_role_holders_on_a_unit_and_inherited(jurisdiction, secretariat, chair, unit_head_a):
    assert list(permissions.role_holders(jurisdiction.district, Role.CHAIR)) == [chair]
    assert list(permissions.role_holders(jurisdiction.commune_a, Role.SECRETARIAT)) == []
    assert list(permissions.role_holders(jurisdiction.commune_a, Role.SECRETARIAT, inherited=True)) == [
        secretariat
    ]
    assert list(permissions.role_holders(jurisdiction.commune_a, permissions.UNIT_ROLES)) == [unit_head_a]


def test_visible_units_of_two_communes_are_disjoint(jurisdiction, unit_head_a, unit_head_b):
    a = set(permissions.visible_units(unit_head_a))
    b = set(permissions.visible_units(unit_head_b))
    assert jurisdiction.commune_a in a
    assert jurisdiction.commune_a not in b
    assert a.isdisjoint(b)


# --- Grants that cannot escalate (issue 10 item 4) -------------------------------------------
def test_self_grant_of_admin_is_refused_in_vietnamese_and_audited(jurisdiction):
    commune_desk = UserFactory(username="vp_xa")
    RoleGrantFactory(user=commune_desk, unit=jurisdiction.commune_a, role=Role.SECRETARIAT)
    for role in (Role.ADMIN, Role.CHAIR, Role.UNIT_HEAD):
        with pytest.raises(ValidationError) as exc:
            services.rolegrant_create(
                by=commune_desk,
                user=commune_desk,
                unit=jurisdiction.commune_a,
                role=role,
                valid_from=jurisdiction.commune_a.created_at.date(),
            )
        assert "Không ai được tự cấp quyền cho chính mình." in exc.value.messages
    assert not RoleGrant.objects.filter(user=commune_desk).exclude(role=Role.SECRETARIAT).exists()
    refused = AuditEntry.objects.filter(action="units.rolegrant.refused", actor=commune_desk)
    assert refused.count() == 3


def test_secretariat_cannot_grant_admin_or_signer_on_its_own_unit(jurisdiction):
    commune_desk = UserFactory(username="vp_xa")
    RoleGrantFactory(user=commune_desk, unit=jurisdiction.commune_a, role=Role.SECRETARIAT)
    crony = UserFactory(username="crony")
    PersonFactory(user=crony, unit=jurisdiction.commune_a)
    assert Role.ADMIN not in permissions.grantable_roles(commune_desk, jurisdiction.commune_a)
    assert Role.CHAIR not in permissions.grantable_roles(commune_desk, jurisdiction.commune_a)
    assert Role.SECRETARIAT not in permissions.grantable_roles(commune_desk, jurisdiction.commune_a)
    assert permissions.grant_refusal(commune_desk, crony, jurisdiction.commune_a, Role.ADMIN)
    assert permissions.grant_refusal(commune_desk, crony, jurisdiction.commune_a, Role.CHAIR)
    assert permissions.grant_refusal(commune_desk, crony, jurisdiction.commune_b, Role.UNIT_CLERK)
    assert permissions.grant_refusal(commune_desk, crony, jurisdiction.commune_a, Role.UNIT_CLERK) is None


def test_level_above_grants_the_signer_and_only_superuser_grants_admin(jurisdiction, secretariat):
    chair_a = UserFactory(username="ct_xa")
    assert permissions.grant_refusal(secretariat, chair_a, jurisdiction.commune_a, Role.CHAIR) is None
    assert permissions.grant_refusal(secretariat, chair_a, jurisdiction.district, Role.CHAIR)
    admin_user = UserFactory(username="quantri")
    RoleGrantFactory(user=admin_user, unit=jurisdiction.district, role=Role.ADMIN)
    assert permissions.grant_refusal(admin_user, chair_a, jurisdiction.district, Role.ADMIN)
    root = UserFactory(username="root", is_superuser=True)
    assert permissions.grant_refusal(root, chair_a, jurisdiction.district, Role.ADMIN) is None


def test_ending_a_grant_takes_effect_at_once(jurisdiction, secretariat, unit_head_a):
    grant = RoleGrant.objects.get(user=unit_head_a)
    services.rolegrant_end(grant=grant, by=secretariat)
    permissions.forget_grants(unit_head_a)
    assert permissions.user_roles(unit_head_a) == set()
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert AuditEntry.objects.filter(action="units.rolegrant.ended", target_id=str(grant.pk)).exists()


def test_role_grants_are_never_deleted(jurisdiction, unit_head_a):
    grant = RoleGrant.objects.get(user=unit_head_a)
    with pytest.raises(RoleGrantDeleteError):
        grant.delete()
    with pytest.raises(RoleGrantDeleteError):
        RoleGrant.objects.all().delete()
    request = RequestFactory().get("/")
    request.user = UserFactory(username="root", is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[RoleGrant]
    assert not model_admin.has_delete_permission(request, grant)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_self_grant_through_the_page_shows_the_message(client, jurisdiction):
    commune_desk = UserFactory(username="vp_xa")
    PersonFactory(user=commune_desk, unit=jurisdiction.commune_a)
    RoleGrantFactory(user=commune_desk, unit=jurisdiction.commune_a, role=Role.SECRETARIAT)
    client.force_login(commune_desk)
    page = client.get(reverse("units:rolegrant-create")).content.decode()
    assert "Quản trị hệ thống" not in page
    assert "Chủ tịch / người ký" not in page
    response = client.post(
        reverse("units:rolegrant-create"),
        {
            "user": commune_desk.pk,
            "unit": jurisdiction.commune_a.pk,
            "role": Role.ADMIN,
            "valid_from": "16/03/2026",
        },
    )
    assert response.status_code == 200
    assert RoleGrant.objects.filter(user=commune_desk).count() == 1


def test_grant_form_lists_people_of_the_subtree_searchable_without_diacritics(client, jurisdiction):
    commune_desk = UserFactory(username="vp_xa")
    RoleGrantFactory(user=commune_desk, unit=jurisdiction.commune_a, role=Role.SECRETARIAT)
    inside = UserFactory(username="trang", full_name="Nguyễn Thị Trang")
    PersonFactory(user=inside, unit=jurisdiction.village_a, full_name="Nguyễn Thị Trang")
    outside = UserFactory(username="duc", full_name="Nguyễn Văn Đức")
    PersonFactory(user=outside, unit=jurisdiction.commune_b, full_name="Nguyễn Văn Đức")
    client.force_login(commune_desk)
    page = client.get(reverse("units:rolegrant-create")).content.decode()
    assert "Nguyễn Thị Trang" in page
    assert "Nguyễn Văn Đức" not in page
    found = client.get(reverse("units:rolegrant-create"), {"q": "nguyen thi trang"}).content.decode()
    assert "Nguyễn Thị Trang" in found
    none = client.get(reverse("units:rolegrant-create"), {"q": "duc"}).content.decode()
    assert "Nguyễn Văn Đức" not in none


@pytest.mark.parametrize("query", ["nguyen van duc", "Nguyễn Văn Đức", "nguyễn văn đức"])
def test_rolegrant_search_is_diacritic_insensitive_case_s14(client, jurisdiction, secretariat, query):
    """Case S14 (../shared/cases/README.md): the role-grant list finds a name typed any way."""
    member = UserFactory(username="hoidong", full_name="Nguyễn Văn Đức")
    PersonFactory(user=member, unit=jurisdiction.district, full_name="Nguyễn Văn Đức")
    RoleGrantFactory(user=member, unit=jurisdiction.district, role=Role.COUNCIL_MEMBER)
    client.force_login(secretariat)
    html = client.get(reverse("units:rolegrant-list"), {"q": query}).content.decode()
    assert "Chưa có phân quyền nào." not in html
    assert "hoidong" in html or "Nguyễn Văn Đức" in html


def test_nearest_role_holders_is_the_closest_desk_above_the_unit(jurisdiction, secretariat):
    commune_desk = UserFactory(username="vanphong_xa")
    RoleGrantFactory(user=commune_desk, unit=jurisdiction.commune_a, role=Role.SECRETARIAT)
    # a village of commune A sends up to commune A's office, not also to the district's
    assert permissions.nearest_role_holders(jurisdiction.village_a, Role.SECRETARIAT) == [commune_desk]
    # commune B has no desk of its own: the district's handles it
    assert permissions.nearest_role_holders(jurisdiction.commune_b, Role.SECRETARIAT) == [secretariat]
    commune_desk.is_active = False
    commune_desk.save()
    assert permissions.nearest_role_holders(jurisdiction.village_a, Role.SECRETARIAT) == [secretariat]
    assert permissions.nearest_role_holders(jurisdiction.village_a, Role.CHAIR) == []
