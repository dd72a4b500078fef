import datetime

import pytest
from django.utils import timezone

from core.models import User
from core.roles import Role
from documents.rendering import render_pdf
from documents.samples import samples


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _user_with_role(username: str, role: str | None):
    from units.models import AdministrativeLevel, RoleGrant, Unit

    user = User.objects.create_user(username=username, password="x", full_name=username.title())
    if role:
        level, _ = AdministrativeLevel.objects.get_or_create(
            code="huyen", defaults={"name": "Huyện", "rank": 2}
        )
        unit, _ = Unit.objects.get_or_create(
            name="UBND huyện Tam Đường", defaults={"kind": Unit.Kind.PEOPLES_COMMITTEE, "level": level}
        )
        RoleGrant.objects.create(
            user=user, unit=unit, role=role, valid_from=timezone.localdate() - datetime.timedelta(1)
        )
    return user


@pytest.fixture
def secretariat(db):
    return _user_with_role("thuongtruc", Role.SECRETARIAT)


@pytest.fixture
def doc_signer(db):
    return _user_with_role("chutich", Role.CHAIR)


@pytest.fixture
def admin_user(db):
    return _user_with_role("quantri", Role.ADMIN)


@pytest.fixture
def unit_clerk(db):
    return _user_with_role("canbo", Role.UNIT_CLERK)


@pytest.fixture
def issue_kwargs():
    return {
        "doc_type": "quyet_dinh",
        "issuer_code": "UBND",
        "issuer_name": "Ủy ban nhân dân huyện Tam Đường",
        "parent_body_name": "UBND tỉnh Lai Châu",
        "series": "main",
        "date": datetime.date(2026, 1, 5),
        "place": "Tam Đường",
        "subject": "Về việc tặng Giấy khen cho các tập thể, cá nhân",
        "signer_name": "Sùng Lữ Páo",
        "signer_title": "Chủ tịch",
        "signing_capacity": "",
        "template_name": "documents/pdf/decision.html",
        "context": {
            "authority": "Chủ tịch Ủy ban nhân dân huyện Tam Đường",
            "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
            "articles": [{"title": "Điều 1.", "text": "Tặng Giấy khen cho bà Giàng Thị Mai./."}],
            "recipients_cc": ["Như Điều 1", "Lưu: VT, NV"],
        },
    }


@pytest.fixture(scope="session")
def rendered_samples():
    """Every sample rendered once per test session: {file name: (pdf bytes, template)}."""
    return {name: (render_pdf(template, ctx), template) for name, template, ctx in samples()}
