from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scoring import services
from scoring.models import Score, ScoringTable
from scoring.tests.conftest import make_table

pytestmark = pytest.mark.django_db
S = ScoringTable.Status


def _login(client, user):
    client.force_login(user)
    return client


# --- bloc entry and links -------------------------------------------------------------
def test_bloc_page_and_home_link_to_scoring(client, bloc, bloc_head):
    _login(client, bloc_head)
    url = reverse("scoring:bloc-table", args=[bloc.pk])
    assert url in client.get(reverse("units:bloc-detail", args=[bloc.pk])).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert url in home
    assert "Bảng chấm điểm thi đua" in home


def test_bloc_entry_invites_editor_then_redirects_to_table(client, bloc, bloc_head, unit_head_a):
    url = reverse("scoring:bloc-table", args=[bloc.pk])
    assert "Lập bảng tiêu chí" in _login(client, bloc_head).get(url).content.decode()
    page = _login(client, unit_head_a).get(url).content.decode()
    assert "Khối chưa có bảng" in page
    assert "Lập bảng tiêu chí" not in page
    m = make_table(bloc, bloc_head)
    assert client.get(url).url == m.table.get_absolute_url()


def test_bloc_entry_denied(client, bloc, outsider, no_role_user):
    url = reverse("scoring:bloc-table", args=[bloc.pk])
    assert _login(client, outsider).get(url).status_code == 404
    assert _login(client, no_role_user).get(url).status_code == 404


# --- criteria editor ------------------------------------------------------------------
def _formset_post(title, rows, total=None):
    data = {"title": title, "c-TOTAL_FORMS": str(total or len(rows)), "c-INITIAL_FORMS": "0"}
    for i, (code, name, mx) in enumerate(rows):
        data.update(
            {f"c-{i}-code": code, f"c-{i}-name": name, f"c-{i}-max_points": mx, f"c-{i}-guidance": ""}
        )
    return data


def test_bloc_head_creates_criteria_with_formset(client, bloc, bloc_head):
    url = reverse("scoring:table-edit", args=[bloc.pk])
    _login(client, bloc_head)
    assert client.get(url).status_code == 200
    data = _formset_post("Bảng 2026", [("I", "Chuyên môn", "62,5"), ("II", "Thi đua", "37,5"), ("", "", "")])
    response = client.post(url, data)
    table = ScoringTable.objects.get()
    assert response.url == table.get_absolute_url()
    assert list(table.criteria.values_list("code", "max_points")) == [
        ("I", Decimal("62.5")),
        ("II", Decimal("37.5")),
    ]
    page = client.get(table.get_absolute_url()).content.decode()
    assert "Chuyên môn" in page
    assert "data-total-max>100<" in page


def test_criteria_editor_keeps_input_on_error(client, bloc, bloc_head):
    _login(client, bloc_head)
    data = _formset_post("Bảng", [("I", "Chuyên môn", "0"), ("II", "Thi đua", "abc")])
    page = client.post(reverse("scoring:table-edit", args=[bloc.pk]), data).content.decode()
    assert "Điểm tối đa phải lớn hơn 0." in page
    assert "không phải là số hợp lệ" in page
    assert 'value="abc"' in page
    assert not ScoringTable.objects.exists()


def test_criteria_editor_denied(client, bloc, unit_head_a, outsider):
    url = reverse("scoring:table-edit", args=[bloc.pk])
    assert _login(client, unit_head_a).get(url).status_code == 404
    assert client.post(url, _formset_post("X", [("I", "A", "10")])).status_code == 404
    assert _login(client, outsider).get(url).status_code == 404
    assert not ScoringTable.objects.exists()


# --- table page and transitions --------------------------------------------------------
def test_table_page_by_role(client, made, bloc_head, unit_head_a, jurisdiction):
    url = made.table.get_absolute_url()
    page = _login(client, bloc_head).get(url).content.decode()
    assert "Mở cho các đơn vị tự chấm" in page
    assert "Sửa bảng tiêu chí" in page
    page = _login(client, unit_head_a).get(url).content.decode()
    assert "Mở cho các đơn vị tự chấm" not in page
    assert f'data-own-unit="{jurisdiction.commune_a.pk}"' in page
    assert f'data-own-unit="{jurisdiction.commune_b.pk}"' not in page


def test_table_page_denied(client, made, outsider, no_role_user):
    for user in (outsider, no_role_user):
        assert _login(client, user).get(made.table.get_absolute_url()).status_code == 404


def test_transitions_by_bloc_head(client, made, bloc_head):
    _login(client, bloc_head)
    for status in (S.OPEN, S.CROSS_SCORING, S.FINAL):
        url = reverse("scoring:table-transition", args=[made.table.pk, status])
        assert url in client.get(made.table.get_absolute_url()).content.decode()
        response = client.post(url)
        assert response.status_code == 302
        made.table.refresh_from_db()
        assert made.table.status == status


def test_transition_denied(client, made, unit_head_a, outsider):
    url = reverse("scoring:table-transition", args=[made.table.pk, "open"])
    assert _login(client, unit_head_a).post(url).status_code == 404
    assert _login(client, outsider).post(url).status_code == 404
    made.table.refresh_from_db()
    assert made.table.status == S.DRAFT


def test_reopen_by_secretariat(client, bloc, bloc_head, secretariat):
    m = make_table(bloc, bloc_head, S.FINAL)
    url = reverse("scoring:table-transition", args=[m.table.pk, "cross_scoring"])
    _login(client, secretariat)
    assert url in client.get(m.table.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 405
    page = client.post(url, {"reason": " "}).content.decode()
    assert "is-invalid" in page
    m.table.refresh_from_db()
    assert m.table.status == S.FINAL
    assert client.post(url, {"reason": "Sai số liệu"}).status_code == 302
    m.table.refresh_from_db()
    assert m.table.status == S.CROSS_SCORING


def test_reopen_denied(client, bloc, bloc_head, unit_head_a):
    m = make_table(bloc, bloc_head, S.FINAL)
    url = reverse("scoring:table-transition", args=[m.table.pk, "cross_scoring"])
    assert _login(client, bloc_head).post(url, {"reason": "x"}).status_code == 404
    assert _login(client, unit_head_a).post(url, {"reason": "x"}).status_code == 404
    m.table.refresh_from_db()
    assert m.table.status == S.FINAL


# --- self-scores ------------------------------------------------------------------------
def test_member_self_scores_in_vietnamese_notation(client, bloc, bloc_head, unit_head_a, jurisdiction):
    m = make_table(bloc, bloc_head, S.OPEN)
    url = reverse("scoring:self-score", args=[m.table.pk, jurisdiction.commune_a.pk])
    _login(client, unit_head_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {f"c{m.c1.pk}": "55,5", f"c{m.c2.pk}": "", "note": "Đã rà soát"})
    assert response.status_code == 302
    assert list(Score.objects.values_list("unit", "points", "kind")) == [
        (jurisdiction.commune_a.pk, Decimal("55.5"), Score.Kind.SELF)
    ]
    assert 'value="55,5"' in client.get(url).content.decode()


def test_self_score_over_max_and_negative_keep_input(client, bloc, bloc_head, unit_head_a, jurisdiction):
    m = make_table(bloc, bloc_head, S.OPEN)
    url = reverse("scoring:self-score", args=[m.table.pk, jurisdiction.commune_a.pk])
    _login(client, unit_head_a)
    page = client.post(url, {f"c{m.c1.pk}": "60,5", f"c{m.c2.pk}": "10"}).content.decode()
    assert "Điểm 60,5 vượt quá điểm tối đa 60 của tiêu chí I." in page
    assert 'value="60,5"' in page
    assert 'value="10"' in page
    page = client.post(url, {f"c{m.c1.pk}": "-3", f"c{m.c2.pk}": ""}).content.decode()
    assert "Giá trị không được âm." in page
    assert 'value="-3"' in page
    assert not Score.objects.exists()


def test_self_score_denied(client, bloc, bloc_head, unit_head_a, unit_head_b, outsider, jurisdiction):
    m = make_table(bloc, bloc_head, S.OPEN)
    url = reverse("scoring:self-score", args=[m.table.pk, jurisdiction.commune_a.pk])
    assert _login(client, unit_head_b).get(url).status_code == 404
    assert client.post(url, {f"c{m.c1.pk}": "5"}).status_code == 404
    assert _login(client, bloc_head).get(url).status_code == 404
    assert _login(client, outsider).get(url).status_code == 404
    village = reverse("scoring:self-score", args=[m.table.pk, jurisdiction.village_a.pk])
    assert _login(client, unit_head_a).get(village).status_code == 404
    assert not Score.objects.exists()


# --- cross-score grid and ranking -------------------------------------------------------
def test_bloc_head_cross_scores_grid_and_sees_ranking(client, bloc, bloc_head, jurisdiction):
    j = jurisdiction
    m = make_table(bloc, bloc_head, S.CROSS_SCORING)
    url = reverse("scoring:cross-score", args=[m.table.pk])
    _login(client, bloc_head)
    assert f'aria-label="{j.commune_a.name} — I"' in client.get(url).content.decode()
    data = {
        f"p_{j.commune_a.pk}_{m.c1.pk}": "50",
        f"p_{j.commune_a.pk}_{m.c2.pk}": "35,5",
        f"p_{j.commune_b.pk}_{m.c1.pk}": "40",
    }
    assert client.post(url, data).status_code == 302
    assert Score.objects.filter(kind=Score.Kind.CROSS).count() == 3
    page = client.post(url, {**data, f"p_{j.office.pk}_{m.c2.pk}": "41"}).content.decode()
    assert "Điểm 41 vượt quá điểm tối đa 40 của tiêu chí II." in page
    assert 'value="41"' in page
    assert Score.objects.filter(kind=Score.Kind.CROSS).count() == 3
    client.post(reverse("scoring:table-transition", args=[m.table.pk, "final"]))
    page = client.get(reverse("scoring:ranking", args=[m.table.pk])).content.decode()
    assert f'<tr data-unit="{j.commune_a.pk}">\n    <td data-rank>1</td>' in page
    assert "85,5" in page
    assert "chưa chấm chéo" in page


def test_cross_grid_denied(client, bloc, bloc_head, secretariat, unit_head_a, outsider, jurisdiction):
    m = make_table(bloc, bloc_head, S.CROSS_SCORING)
    url = reverse("scoring:cross-score", args=[m.table.pk])
    for user in (secretariat, unit_head_a, outsider):
        assert _login(client, user).get(url).status_code == 404
    assert client.post(url, {f"p_{jurisdiction.commune_a.pk}_{m.c1.pk}": "5"}).status_code == 404
    assert not Score.objects.exists()


def test_ranking_for_members_only_once_final_and_export(
    client, bloc, bloc_head, unit_head_a, secretariat, jurisdiction
):
    m = make_table(bloc, bloc_head, S.CROSS_SCORING)
    services.cross_score_save(
        table=m.table,
        by=bloc_head,
        points={services.cross_key(jurisdiction.commune_a.pk, m.c1.pk): Decimal("42.5")},
    )
    url = reverse("scoring:ranking", args=[m.table.pk])
    assert _login(client, secretariat).get(url).status_code == 200
    assert _login(client, unit_head_a).get(url).status_code == 404
    services.table_finalise(table=m.table, by=bloc_head)
    assert client.get(url).status_code == 200
    response = client.get(url + "?export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Hạng", "Đơn vị", "Tổng điểm tự chấm", "Tổng điểm chấm chéo")
    assert rows[1] == (1, "Ủy ban nhân dân xã Bình Lư", None, 42.5)
    assert rows[2][0] == "chưa chấm chéo"


def test_ranking_denied(client, bloc, bloc_head, outsider, no_role_user):
    m = make_table(bloc, bloc_head, S.FINAL)
    url = reverse("scoring:ranking", args=[m.table.pk])
    for user in (outsider, no_role_user):
        assert _login(client, user).get(url).status_code == 404
        assert client.get(url + "?export=xlsx").status_code == 404


def test_two_editors_of_one_criteria_table_second_is_refused(bloc, bloc_head):
    from django.test import Client

    from core.tests.test_lost_updates import STALE, _form_values

    url = reverse("scoring:table-edit", args=[bloc.pk])
    creator = _login(Client(), bloc_head)
    creator.post(url, _formset_post("Bảng 2026", [("I", "Chuyên môn", "100")]))
    first, second = _login(Client(), bloc_head), _login(Client(), bloc_head)
    first_form = _form_values(first.get(url).content.decode())
    second_form = _form_values(second.get(url).content.decode())
    assert first_form["version"] == ["1"]
    first_form["title"] = ["Bảng của người thứ nhất"]
    assert first.post(url, first_form).status_code == 302
    second_form["title"] = ["Bảng của người thứ hai"]
    page = second.post(url, second_form).content.decode()
    assert STALE in page
    assert 'value="Bảng của người thứ hai"' in page
    assert ScoringTable.objects.get().title == "Bảng của người thứ nhất"
