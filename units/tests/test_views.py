"""Every view: an allowed user gets the page, a denied user gets 404 (or the login page)."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.models import AuditEntry
from core.roles import Role
from units.models import Bloc, Person, RoleGrant, Unit
from units.tests.factories import BlocFactory, BlocMembershipFactory, PersonFactory, RoleGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(jurisdiction, secretariat):
    person_a = PersonFactory(full_name="Nguyễn Văn Đức", unit=jurisdiction.commune_a)
    person_b = PersonFactory(full_name="Giàng A Chử", unit=jurisdiction.commune_b)
    bloc = BlocFactory(organiser=jurisdiction.district, name="Cụm thi đua số 1", head=jurisdiction.commune_a)
    BlocMembershipFactory(bloc=bloc, unit=jurisdiction.commune_a)
    grant = RoleGrant.objects.get(user=secretariat)
    return {"person_a": person_a, "person_b": person_b, "bloc": bloc, "grant": grant}


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("units:person-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
    assert 'lang="vi"' in response.content.decode()


def test_home_shows_the_panel_of_each_role(client, secretariat, unit_head_a, council_member, chair):
    for user, marker in [
        (secretariat, "secretariat"),
        (unit_head_a, "unit_head"),
        (council_member, "council_member"),
        (chair, "chair"),
    ]:
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert f'data-role-panel="{marker}"' in html


@pytest.mark.parametrize(
    ("url_name", "key"),
    [("units:unit-detail", "commune_b"), ("units:person-detail", "person_b")],
)
def test_unit_head_cannot_open_another_communes_objects(
    client, jurisdiction, objects, unit_head_a, url_name, key
):
    target = objects.get(key) or getattr(jurisdiction, key)
    client.force_login(unit_head_a)
    assert client.get(reverse(url_name, args=[target.pk])).status_code == 404


def test_unit_head_opens_own_person_and_unit(client, jurisdiction, objects, unit_head_a):
    client.force_login(unit_head_a)
    assert client.get(reverse("units:person-detail", args=[objects["person_a"].pk])).status_code == 200
    response = client.get(reverse("units:unit-detail", args=[jurisdiction.commune_a.pk]))
    assert "Nguyễn Văn Đức" in response.content.decode()


READ_VIEWS = [
    ("units:unit-list", None),
    ("units:unit-detail", "unit"),
    ("units:person-list", None),
    ("units:person-detail", "person_a"),
    ("units:bloc-list", None),
    ("units:bloc-detail", "bloc"),
]
MANAGE_VIEWS = [
    ("units:unit-create", None),
    ("units:unit-update", "unit"),
    ("units:person-create", None),
    ("units:person-update", "person_a"),
    ("units:people-import", None),
    ("units:bloc-create", None),
    ("units:bloc-update", "bloc"),
    ("units:rolegrant-list", None),
    ("units:rolegrant-create", None),
]


def _url(name, key, jurisdiction, objects):
    if key is None:
        return reverse(name)
    obj = jurisdiction.commune_a if key == "unit" else objects[key]
    return reverse(name, args=[obj.pk])


@pytest.mark.parametrize(("name", "key"), READ_VIEWS + MANAGE_VIEWS)
def test_secretariat_allowed_everywhere(client, jurisdiction, objects, secretariat, name, key):
    client.force_login(secretariat)
    assert client.get(_url(name, key, jurisdiction, objects)).status_code == 200


@pytest.mark.parametrize(("name", "key"), READ_VIEWS + MANAGE_VIEWS)
def test_user_without_role_denied_everywhere(client, jurisdiction, objects, no_role_user, name, key):
    client.force_login(no_role_user)
    assert client.get(_url(name, key, jurisdiction, objects)).status_code == 404


@pytest.mark.parametrize(("name", "key"), MANAGE_VIEWS)
def test_unit_head_denied_management_screens(client, jurisdiction, objects, unit_head_a, name, key):
    client.force_login(unit_head_a)
    assert client.get(_url(name, key, jurisdiction, objects)).status_code == 404


def test_unit_head_cannot_post_edit_of_person(client, objects, unit_head_a):
    client.force_login(unit_head_a)
    url = reverse("units:person-update", args=[objects["person_a"].pk])
    assert client.post(url, {"full_name": "Bị sửa", "gender": "male"}).status_code == 404
    objects["person_a"].refresh_from_db()
    assert objects["person_a"].full_name == "Nguyễn Văn Đức"


def test_rolegrant_end_denied_for_unit_head(client, objects, unit_head_a):
    client.force_login(unit_head_a)
    assert client.post(reverse("units:rolegrant-end", args=[objects["grant"].pk])).status_code == 404
    objects["grant"].refresh_from_db()
    assert objects["grant"].valid_to is None


def test_person_form_keeps_input_and_shows_vietnamese_error(client, jurisdiction, secretariat):
    PersonFactory(cccd="012089000001", unit=jurisdiction.commune_a)
    client.force_login(secretariat)
    response = client.post(
        reverse("units:person-create"),
        {
            "full_name": "Lò Thị Mai",
            "gender": "female",
            "date_of_birth": "31/02/1990",
            "cccd": "012089000001",
            "unit": jurisdiction.commune_a.pk,
            "position": "Văn thư",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Lò Thị Mai"' in html
    assert 'value="Văn thư"' in html
    assert "Nhập ngày hợp lệ" in html or "ngày hợp lệ" in html
    assert not Person.objects.filter(full_name="Lò Thị Mai").exists()


def test_person_create_through_the_form(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("units:person-create"),
        {
            "full_name": "Lò Thị Mai",
            "gender": "female",
            "date_of_birth": "05/03/1990",
            "cccd": "",
            "unit": jurisdiction.commune_a.pk,
        },
    )
    person = Person.objects.get(full_name="Lò Thị Mai")
    assert response.status_code == 302
    assert person.date_of_birth == date(1990, 3, 5)
    assert AuditEntry.objects.filter(action="units.person.created", actor=secretariat).exists()


def test_person_search_page_finds_without_diacritics(client, objects, secretariat):
    client.force_login(secretariat)
    html = client.get(reverse("units:person-list"), {"q": "nguyen van"}).content.decode()
    assert "Nguyễn Văn Đức" in html
    assert "Giàng A Chử" not in html
    html = client.get(reverse("units:person-list"), {"q": "duc"}).content.decode()
    assert "Nguyễn Văn Đức" in html


def test_person_list_total_is_per_scope_and_follows_a_new_and_a_moved_person(
    client, objects, jurisdiction, secretariat, unit_head_a, django_capture_on_commit_callbacks
):
    """The exact total of the person list is cached under the list's query (its scope and
    filters) until a person or unit changes (core.pagination.DeferredJoinPaginator)."""
    url = reverse("units:person-list")
    total = Person.objects.filter(unit__path__startswith=jurisdiction.district.path).count()
    client.force_login(secretariat)
    assert f"Tổng số: {total}<" in client.get(url).content.decode()
    assert f"Tổng số: {total}<" in client.get(url).content.decode()  # served from the cache
    client.force_login(unit_head_a)  # another scope: its own count
    assert "Tổng số: 1<" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PersonFactory(unit=jurisdiction.commune_a)
        moved = objects["person_b"]
        moved.unit = jurisdiction.commune_a
        moved.save()
    assert "Tổng số: 3<" in client.get(url).content.decode()
    client.force_login(secretariat)
    assert f"Tổng số: {total + 1}<" in client.get(url).content.decode()


def test_export_of_filtered_people_list(client, objects, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("units:person-list"), {"q": "chu", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên"
    assert [r[0] for r in rows[1:]] == ["Giàng A Chử"]


def test_unit_head_export_contains_only_own_people(client, objects, unit_head_a):
    client.force_login(unit_head_a)
    response = client.get(reverse("units:person-list"), {"export": "xlsx"})
    names = [
        r[0] for r in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["Nguyễn Văn Đức"]


def test_bloc_create_form_error_keeps_input(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("units:bloc-create"),
        {
            "name": "Cụm thi đua số 9",
            "kind": "cluster",
            "year": "2024",
            "organiser": jurisdiction.district.pk,
            "members": [jurisdiction.commune_a.pk],
            "head": jurisdiction.commune_b.pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trưởng khối phải là một thành viên của khối." in html
    assert 'value="Cụm thi đua số 9"' in html
    assert not Bloc.objects.filter(name="Cụm thi đua số 9").exists()


def test_rolegrant_create_and_end_through_pages(client, jurisdiction, secretariat, no_role_user):
    # The grant form lists only people inside the grantor's subtree (issue 10 item 4).
    PersonFactory(user=no_role_user, unit=jurisdiction.commune_b, full_name="Lù Văn Tả")
    client.force_login(secretariat)
    response = client.post(
        reverse("units:rolegrant-create"),
        {
            "user": no_role_user.pk,
            "unit": jurisdiction.commune_b.pk,
            "role": Role.UNIT_HEAD,
            "valid_from": "01/01/2024",
        },
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=no_role_user)
    client.post(reverse("units:rolegrant-end", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.valid_to is not None
    assert AuditEntry.objects.filter(action="units.rolegrant.ended", target_id=str(grant.pk)).exists()


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Đơn vị", "Chức vụ"])
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "nhap.xlsx"
    return buf


def test_import_with_one_bad_row_shows_error_and_writes_nothing(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    before = Person.objects.count()
    upload = _xlsx(
        [
            ["Lò Văn Sính", "Nam", "12/04/1988", "012088000111", "Ủy ban nhân dân xã Bình Lư", "Công chức"],
            ["Tao Thị Lìu", "Nữ", "30/13/1990", "", "Ủy ban nhân dân xã Bình Lư", "Văn thư"],
        ]
    )
    response = client.post(reverse("units:people-import"), {"file": upload})
    html = response.content.decode()
    assert "Có 1 dòng lỗi" in html
    assert "“Ngày sinh” không phải ngày có thật: 30/13/1990." in html
    assert 'name="confirm"' not in html
    # Even a forged confirm writes nothing: the session holds no validated rows.
    client.post(reverse("units:people-import"), {"confirm": "1"})
    assert Person.objects.count() == before


def test_import_preview_then_confirm_writes_all_rows(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    upload = _xlsx(
        [
            ["Lò Văn Sính", "Nam", "12/04/1988", "012088000111", "UBND xã Bình Lư", "Công chức"],
            ["Tao Thị Lìu", "Nữ", "", "", "ủy ban nhân dân xã bình lư", "Văn thư"],
        ]
    )
    Unit.objects.filter(pk=jurisdiction.commune_a.pk).update(short_name="UBND xã Bình Lư")
    response = client.post(reverse("units:people-import"), {"file": upload})
    assert "Xác nhận nhập 2 cá nhân" in response.content.decode()
    assert not Person.objects.filter(full_name="Lò Văn Sính").exists()
    response = client.post(reverse("units:people-import"), {"confirm": "1"})
    assert response.status_code == 302
    assert (
        Person.objects.filter(
            unit=jurisdiction.commune_a, full_name__in=["Lò Văn Sính", "Tao Thị Lìu"]
        ).count()
        == 2
    )


def test_import_refuses_non_excel_file(client, secretariat):
    client.force_login(secretariat)
    fake = BytesIO(b"MZ\x90\x00 not a workbook")
    fake.name = "danh-sach.xlsx"
    html = client.post(reverse("units:people-import"), {"file": fake}).content.decode()
    assert "không phải là Excel .xlsx" in html


def test_import_refuses_units_outside_the_users_scope(client, jurisdiction, unit_head_a, secretariat):
    grant_user = RoleGrantFactory(unit=jurisdiction.commune_b, role=Role.SECRETARIAT).user
    client.force_login(grant_user)
    upload = _xlsx([["Lò Văn Sính", "Nam", "", "", "Ủy ban nhân dân xã Bình Lư", ""]])
    html = client.post(reverse("units:people-import"), {"file": upload}).content.decode()
    assert "Không tìm thấy đơn vị “Ủy ban nhân dân xã Bình Lư” trong phạm vi bạn quản lý." in html
