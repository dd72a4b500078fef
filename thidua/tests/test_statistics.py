"""Statistics tables (issue 16 item 5): every table equals counts computed here with plain loops
over a generated register; the Excel export carries the same numbers; the page is the register
roles' only; the query count does not grow with the register."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.choices import LevelCode
from awards.models import AwardAnnulment
from awards.tests.factories import AwardRecordFactory, PersonFactory
from thidua.dashboard import default_filters
from thidua.statistics import statistics_tables
from thidua.statistics_tables import TABLES
from thidua.tests.stats_world import build_register
from units.models import Unit

SPAN = {"from": "2022", "to": "2025"}


def _filters():
    return default_filters(year=2026, year_from=2022, year_to=2025)


def _in_span(records):
    return [r for r in records if 2022 <= r.year <= 2025]


def _subject(r):
    return "individual" if r.person_id else ("collective" if r.collective_id else "household")


def _female(r):
    return r.person_id is not None and r.person.gender == "female"


def _by_subject_row(recs):
    return [
        len(recs),
        sum(1 for r in recs if _subject(r) == "collective"),
        sum(1 for r in recs if _subject(r) == "individual"),
        sum(1 for r in recs if _female(r)),
        sum(1 for r in recs if _subject(r) == "household"),
    ]


def _tables(user):
    return {t.code: t for t in statistics_tables(user, _filters())}


@pytest.fixture
def register(jurisdiction):
    return build_register(jurisdiction, 60)


def test_by_award_kind_and_subject_matches_a_plain_count(secretariat, register):
    recs = _in_span(register)
    expected = {}
    for name in {r.award_kind.name for r in recs}:
        expected[name] = _by_subject_row([r for r in recs if r.award_kind.name == name])
    table = _tables(secretariat)["TK01"]
    assert {row[0]: row[1:] for row in table.rows} == expected
    assert table.total == ["Tổng số", *_by_subject_row(recs)]
    assert table.total[1] == len(recs) > 20  # the annulled and the foreign entries are not counted


def test_by_decision_level_matches_a_plain_count(secretariat, register):
    recs = _in_span(register)
    table = _tables(secretariat)["TK02"]
    got = {row[0]: row[1:] for row in table.rows}
    for code, label in LevelCode.choices:
        assert got[str(label)] == _by_subject_row([r for r in recs if r.decision_level == code]), code
    assert got["Chưa ghi cấp"] == _by_subject_row([r for r in recs if r.decision_level == ""])


def test_multi_year_by_award_kind_matches_a_plain_count(secretariat, register):
    recs = _in_span(register)
    table = _tables(secretariat)["TK03"]
    assert table.headers[1:] == ["2022", "2023", "2024", "2025", "Tổng số"]
    expected = {}
    for r in recs:
        line = expected.setdefault(r.award_kind.name, [0, 0, 0, 0, 0])
        line[r.year - 2022] += 1
        line[4] += 1
    assert {row[0]: row[1:] for row in table.rows} == expected


def test_by_unit_kind_matches_a_plain_count(secretariat, register):
    recs = _in_span(register)
    table = _tables(secretariat)["TK04"]
    got = {row[0]: row[1:] for row in table.rows}
    for value, label in Unit.Kind.choices:
        mine = [r for r in recs if r.unit.kind == value]
        assert got[str(label)] == [
            len(mine),
            sum(1 for r in mine if r.award_kind.category == "title"),
            sum(1 for r in mine if r.award_kind.category == "form"),
            sum(1 for r in mine if _subject(r) == "collective"),
            sum(1 for r in mine if _subject(r) == "individual"),
            sum(1 for r in mine if _female(r)),
        ], value
    assert got[str(Unit.Kind.SCHOOL.label)][0] > 0
    assert got[str(Unit.Kind.VILLAGE.label)][0] > 0


def test_by_gender_and_year_matches_a_plain_count(secretariat, register):
    recs = _in_span(register)
    table = _tables(secretariat)["TK05"]
    for row in table.rows:
        year = int(row[0])
        people = [r for r in recs if r.year == year and r.person_id]
        assert row[1:] == [
            len(people),
            sum(1 for r in people if r.person.gender == "male"),
            sum(1 for r in people if r.person.gender == "female"),
        ]
    assert [row[0] for row in table.rows] == ["2022", "2023", "2024", "2025"]


def test_by_catalogue_level_and_year_matches_a_plain_count(secretariat, register):
    recs = _in_span(register)
    table = _tables(secretariat)["TK06"]
    for row in table.rows:
        label = row[0]
        mine = [r for r in recs if str(r.award_kind.get_level_display()) == label]
        assert row[1:] == [*[sum(1 for r in mine if r.year == y) for y in range(2022, 2026)], len(mine)], (
            label
        )


def test_every_defined_table_is_computed(secretariat, register):
    assert list(_tables(secretariat)) == [t["code"] for t in TABLES]


def test_another_jurisdiction_counts_none_of_these(register, jurisdiction):
    from awards.tests.factories import UnitFactory, UserFactory, grant

    outsider = UserFactory()
    grant(outsider, UnitFactory(name="UBND xã khác"))
    assert _tables(outsider)["TK01"].rows == []


def test_scope_narrows_to_one_unit_subtree(client, secretariat, register, jurisdiction):
    recs = [r for r in _in_span(register) if r.unit.path.startswith(jurisdiction.commune_a.path)]
    client.force_login(secretariat)
    html = client.get(reverse("statistics"), {**SPAN, "unit": jurisdiction.commune_a.pk}).content.decode()
    total = _tables(secretariat)["TK01"].total[1]
    assert total > len(recs) > 0
    assert (
        f'<td class="text-end">{len(recs)}</td>'
        in html.split('data-stat-table="TK01"')[1].split("</tfoot>")[0]
    )


def test_excel_export_has_the_same_numbers(client, secretariat, register):
    client.force_login(secretariat)
    response = client.get(reverse("statistics"), {**SPAN, "export": "xlsx", "table": "TK03"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Danh hiệu, hình thức (danh mục)")
    table = _tables(secretariat)["TK03"]
    assert rows[header_at] == table.headers
    assert rows[header_at + 1 :] == table.all_rows()
    assert "Biểu TK03" in rows[0][0]


def test_page_shows_the_tables_and_the_unconfirmed_form_warning(client, secretariat, register):
    client.force_login(secretariat)
    response = client.get(reverse("statistics"), SPAN)
    html = response.content.decode()
    for t in TABLES:
        assert f'data-stat-table="{t["code"]}"' in html
    assert "chưa được xác nhận" in html
    with open("static/css/app.css", encoding="utf-8") as css:
        assert "@media print" in css.read()


def test_unit_staff_and_council_get_404(client, unit_head_a, council_member):
    for user in (unit_head_a, council_member):
        client.force_login(user)
        assert client.get(reverse("statistics")).status_code == 404
        assert client.get(reverse("dashboard")).status_code == 404


def test_unknown_table_export_is_404(client, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("statistics"), {"export": "xlsx", "table": "nope"}).status_code == 404


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_register(
    client, secretariat, jurisdiction, django_assert_max_num_queries
):
    client.force_login(secretariat)
    build_register(jurisdiction, 5, seed=1)
    small = _queries(client, reverse("statistics"), SPAN)
    build_register(jurisdiction, 40, seed=2)
    with django_assert_max_num_queries(small):
        assert client.get(reverse("statistics"), SPAN).status_code == 200


def _tk01_total(client, params):
    html = client.get(reverse("statistics"), params).content.decode()
    foot = html.split('data-stat-table="TK01"')[1].split("</tfoot>")[0].split("<tfoot")[1]
    return foot


def test_cached_tables_show_a_new_award_and_an_annulment_right_away(
    client, secretariat, register, jurisdiction, django_capture_on_commit_callbacks
):
    recs = _in_span(register)
    client.force_login(secretariat)
    assert f'<td class="text-end">{len(recs)}</td>' in _tk01_total(client, SPAN)
    with django_capture_on_commit_callbacks(execute=True):  # the bumps run after the commit
        AwardRecordFactory(person=PersonFactory(unit=jurisdiction.commune_a), year=2023)
    assert f'<td class="text-end">{len(recs) + 1}</td>' in _tk01_total(client, SPAN)
    with django_capture_on_commit_callbacks(execute=True):
        AwardAnnulment.objects.create(
            record=recs[0],
            ground=AwardAnnulment.Ground.choices[0][0],
            decision_number="12/QĐ-UBND",
            decision_date=date(2026, 1, 5),
        )
    assert f'<td class="text-end">{len(recs)}</td>' in _tk01_total(client, SPAN)
