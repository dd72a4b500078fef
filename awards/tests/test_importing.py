"""Excel import of past awards: row errors in Vietnamese, all or nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from awards.importing import COLUMNS, award_import_commit, award_import_preview
from awards.models import AwardRecord, Household
from awards.tests.factories import AwardRecordFactory, HouseholdFactory, PersonFactory, UnitFactory, kind
from core.models import AuditEntry
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(root):
    office = UnitFactory(name="Văn phòng HĐND và UBND", parent=root)
    village = UnitFactory(name="Thôn Đông", parent=root, kind=Unit.Kind.VILLAGE)
    duc = PersonFactory(full_name="Nguyễn Văn Đức", unit=office)
    lan = PersonFactory(full_name="Lê Thị Lan", unit=office, cccd="001190000001")
    return {"office": office, "village": village, "duc": duc, "lan": lan}


def row(**kw):
    base = {
        "Đối tượng": "Cá nhân",
        "Họ và tên": "",
        "Số CCCD": "",
        "Đơn vị": "Văn phòng HĐND và UBND",
        "Danh hiệu, hình thức": "Lao động tiên tiến",
        "Năm": "2023",
        "Số quyết định": "12/QĐ-UBND",
        "Ngày quyết định": "15/01/2024",
        "Cấp quyết định": "Chủ tịch UBND xã An Bình",
        "Loại khen thưởng": "",
        "Địa chỉ": "",
        "Ghi chú": "",
    }
    base.update(kw)
    return base


BY_DISTRICT = {"Cấp quyết định": "Chủ tịch UBND huyện An Bình"}


def good_rows():
    return [
        (2, row(**{"Họ và tên": "nguyen van duc"})),
        # Before 1/7/2025 the district decided these (a commune's decision is refused, see below).
        (
            3,
            row(
                **{"Số CCCD": "001190000001", "Danh hiệu, hình thức": "Chiến sĩ thi đua cơ sở", **BY_DISTRICT}
            ),
        ),
        (
            4,
            row(
                **{
                    "Đối tượng": "Tập thể",
                    "Danh hiệu, hình thức": "Tập thể lao động tiên tiến",
                    **BY_DISTRICT,
                }
            ),
        ),
        (
            5,
            row(
                **{
                    "Đối tượng": "Hộ gia đình",
                    "Họ và tên": "Trần Văn Bình",
                    "Đơn vị": "Thôn Đông",
                    "Danh hiệu, hình thức": "Gia đình văn hóa",
                    "Địa chỉ": "Xóm 3",
                }
            ),
        ),
        (
            6,
            row(
                **{
                    "Họ và tên": "Nguyễn Văn Đức",
                    "Danh hiệu, hình thức": "Giấy khen",
                    "Loại khen thưởng": "Đột xuất",
                }
            ),
        ),
    ]


def test_valid_file_previews_then_commits_everything(secretariat, scene):
    preview = award_import_preview(by=secretariat, raw_rows=good_rows())
    assert preview.ok, [(r.number, r.errors) for r in preview.rows]
    assert AwardRecord.objects.count() == 0  # preview writes nothing
    created = award_import_commit(by=secretariat, raw_rows=good_rows())
    assert len(created) == 5
    duc = scene["duc"]
    assert set(duc.award_records.values_list("award_kind__code", "year", "occasion")) == {
        ("advanced_worker", 2023, "regular"),
        ("certificate_of_merit", 2023, "ad_hoc"),
    }
    assert scene["lan"].award_records.get().award_kind.code == "grassroots_fighter"
    assert scene["office"].collective_award_records.get().award_kind.code == "advanced_collective"
    household = Household.objects.get()
    assert (household.head_name, household.village, household.address) == (
        "Trần Văn Bình",
        scene["village"],
        "Xóm 3",
    )
    assert AuditEntry.objects.filter(action="awards.awardrecord.created").count() == 5
    assert AuditEntry.objects.filter(action="awards.household.created").count() == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"Họ và tên": "Người Lạ"}, "Không tìm thấy “Người Lạ” ở đơn vị"),
        ({"Họ và tên": "Nguyễn Văn Đức", "Đơn vị": "UBND xã Khác"}, "trong phạm vi bạn quản lý"),
        (
            {"Họ và tên": "Nguyễn Văn Đức", "Danh hiệu, hình thức": "Huy hiệu"},
            "Không có danh hiệu, hình thức “Huy hiệu”",
        ),
        ({"Đối tượng": "Tập thể", "Danh hiệu, hình thức": "Lao động tiên tiến"}, "không tặng cho tập thể"),
        (
            {"Họ và tên": "Nguyễn Văn Đức", "Ngày quyết định": "32/01/2024"},
            "“Ngày quyết định” không phải ngày có thật: 32/01/2024.",
        ),
        ({"Họ và tên": "Nguyễn Văn Đức", "Ngày quyết định": "tháng 1"}, "không đúng dạng ngày/tháng/năm"),
        ({"Họ và tên": "Nguyễn Văn Đức", "Năm": "2025"}, "không được sau năm ra quyết định"),
        ({"Họ và tên": "Nguyễn Văn Đức", "Số quyết định": ""}, "Thiếu “Số quyết định”"),
        ({"Đối tượng": "Đơn vị"}, "Đối tượng “Đơn vị” không hợp lệ"),
        ({"Số CCCD": "001190000001", "Họ và tên": "Nguyễn Văn Đức"}, "là của “Lê Thị Lan”"),
        # Issue 13 item 4: "Cấp quyết định" is read as a level and the authority rule of the
        # decision's date applies.
        (
            {"Họ và tên": "Nguyễn Văn Đức", "Danh hiệu, hình thức": "Chiến sĩ thi đua cơ sở"},
            "Cấp xã không có thẩm quyền quyết định “Chiến sĩ thi đua cơ sở” vào ngày 15/01/2024; "
            "trình cấp huyện.",
        ),
        (
            {"Họ và tên": "Nguyễn Văn Đức", "Cấp quyết định": "Ủy ban nhân dân thành phố"},
            "Không xác định được cấp quyết định từ “Ủy ban nhân dân thành phố”",
        ),
    ],
)
def test_row_errors_are_vietnamese_and_nothing_is_written(secretariat, scene, raw, message):
    rows = [*good_rows(), (7, row(**raw))]
    preview = award_import_preview(by=secretariat, raw_rows=rows)
    assert not preview.ok
    [bad] = [r for r in preview.rows if r.errors]
    assert bad.number == 7
    assert any(message in e for e in bad.errors), bad.errors
    with pytest.raises(Exception, match="dòng lỗi"):
        award_import_commit(by=secretariat, raw_rows=rows)
    assert AwardRecord.objects.count() == 0
    assert Household.objects.count() == 0


def test_import_stores_the_level_as_data_and_keeps_the_text(secretariat, scene):
    """Issue 13 item 4: the level is structured; the text as written stays for audit."""
    award_import_commit(by=secretariat, raw_rows=good_rows()[:3])
    assert sorted(AwardRecord.objects.values_list("award_kind__code", "decision_level", "issuer")) == [
        ("advanced_collective", "district", "Chủ tịch UBND huyện An Bình"),
        ("advanced_worker", "commune", "Chủ tịch UBND xã An Bình"),
        ("grassroots_fighter", "district", "Chủ tịch UBND huyện An Bình"),
    ]


def test_after_the_reform_the_commune_decides_what_the_district_did(secretariat, scene):
    """From 1/7/2025 there are no districts: a district's decision dated 2026 is refused, the
    commune's passes (law.md §6, §9)."""
    after = {"Ngày quyết định": "15/01/2026", "Năm": "2025", "Danh hiệu, hình thức": "Chiến sĩ thi đua cơ sở"}
    rows = [
        (2, row(**{"Họ và tên": "Nguyễn Văn Đức", **after})),
        (3, row(**{"Số CCCD": "001190000001", **after, **BY_DISTRICT})),
    ]
    errors = {r.number: r.errors for r in award_import_preview(by=secretariat, raw_rows=rows).rows}
    assert errors[2] == []
    [refusal] = errors[3]
    assert refusal.startswith(
        "Cấp huyện không có thẩm quyền quyết định “Chiến sĩ thi đua cơ sở” vào ngày 15/01/2026"
    ), refusal


def test_duplicates_in_register_and_in_file(secretariat, scene):
    AwardRecordFactory(person=scene["duc"], award_kind=kind("advanced_worker"), year=2023)
    rows = [
        (2, row(**{"Họ và tên": "Nguyễn Văn Đức"})),
        (3, row(**{"Số CCCD": "001190000001"})),
        (4, row(**{"Họ và tên": "Lê Thị Lan", "Số quyết định": "13/QĐ-UBND"})),
    ]
    preview = award_import_preview(by=secretariat, raw_rows=rows)
    errors = {r.number: r.errors for r in preview.rows}
    assert "đã có “Lao động tiên tiến” năm 2023" in errors[2][0]
    assert errors[3] == []
    assert errors[4] == ["Trùng với dòng 3."]


def test_existing_household_is_reused(secretariat, scene):
    HouseholdFactory(head_name="Trần Văn Bình", village=scene["village"])
    [_a, _b, _c, household_row, _d] = good_rows()
    award_import_commit(by=secretariat, raw_rows=[household_row])
    assert Household.objects.count() == 1


def test_commit_revalidates_and_writes_nothing_on_a_late_conflict(secretariat, scene):
    rows = good_rows()
    assert award_import_preview(by=secretariat, raw_rows=rows).ok
    AwardRecordFactory(
        person=scene["lan"], award_kind=kind("grassroots_fighter"), year=2023
    )  # someone else, meanwhile
    with pytest.raises(Exception, match="1 dòng lỗi"):
        award_import_commit(by=secretariat, raw_rows=rows)
    assert AwardRecord.objects.count() == 1
    assert Household.objects.count() == 0


# --- The page ----------------------------------------------------------------------------------
def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for _n, r in rows:
        ws.append([r.get(c, "") for c in COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("khen-thuong.xlsx", buf.getvalue())


def test_import_page_preview_then_confirm(client, secretariat, scene):
    client.force_login(secretariat)
    url = reverse("awards:import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": xlsx(good_rows())})
    assert "Tệp hợp lệ: 5 dòng" in response.content.decode()
    assert AwardRecord.objects.count() == 0
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "Đã nhập 5 khen thưởng vào sổ." in response.content.decode()
    assert AwardRecord.objects.count() == 5


def test_import_template_download_has_the_columns(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("awards:import"), {"template": "xlsx"})
    from openpyxl import load_workbook

    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(header) == COLUMNS


def test_import_page_shows_row_errors_and_offers_no_confirm(client, secretariat, scene):
    client.force_login(secretariat)
    response = client.post(reverse("awards:import"), {"file": xlsx([(2, row(**{"Họ và tên": "Người Lạ"}))])})
    body = response.content.decode()
    assert "Có 1 dòng lỗi" in body
    assert "Không tìm thấy “Người Lạ”" in body
    assert 'name="confirm"' not in body
    response = client.post(reverse("awards:import"), {"confirm": "1"}, follow=True)
    assert "Phiên nhập đã hết hạn" in response.content.decode()
    assert AwardRecord.objects.count() == 0


def test_import_page_rejects_non_excel(client, secretariat, scene):
    client.force_login(secretariat)
    response = client.post(reverse("awards:import"), {"file": SimpleUploadedFile("a.xlsx", b"not excel")})
    assert "không phải là Excel .xlsx" in response.content.decode()


def test_import_page_denied_without_managing_role(client, council_member, scene):
    client.force_login(council_member)
    assert client.get(reverse("awards:import")).status_code == 404
    response = client.post(reverse("awards:import"), {"file": xlsx(good_rows())})
    assert response.status_code == 404
    assert AwardRecord.objects.count() == 0


def test_import_by_other_commune_cannot_touch_our_units(client, outsider, scene):
    client.force_login(outsider)
    response = client.post(reverse("awards:import"), {"file": xlsx(good_rows()[:1])})
    assert "trong phạm vi bạn quản lý" in response.content.decode()


def test_decision_date_value_from_excel_date_cell(secretariat, scene):
    rows = [(2, row(**{"Họ và tên": "Nguyễn Văn Đức", "Ngày quyết định": date(2024, 1, 15)}))]
    from core.importing import rows_for_session as serialisable

    assert award_import_preview(by=secretariat, raw_rows=serialisable(rows)).ok


def test_register_import_reads_a_real_office_file_through_the_shared_scaffold(client, secretariat, scene):
    """Title rows above an NFD, upper-case header; CCCD stored as a number; date as Excel day number
    and in words; the same reader as the people import (core.importing)."""
    import unicodedata

    wb = Workbook()
    ws = wb.active
    ws.append(["ỦY BAN NHÂN DÂN XÃ AN BÌNH"])
    ws.merge_cells("A1:L1")
    ws.append(["SỔ THEO DÕI KHEN THƯỞNG"])
    ws.merge_cells("A2:L2")
    ws.append([unicodedata.normalize("NFD", c.upper()) for c in COLUMNS])
    ws.append(
        [
            "Cá nhân",
            "",
            1190000001,
            "Văn phòng HĐND và UBND",
            "Lao động tiên tiến",
            2023,
            "12/QĐ-UBND",
            45306,
            "Chủ tịch UBND xã An Bình",
            "",
            "",
            "",
        ]
    )
    ws.append(
        [
            "Cá nhân",
            "nguyen van duc",
            "",
            "Văn phòng HĐND và UBND",
            "Lao động tiên tiến",
            "2023",
            "12/QĐ-UBND",
            "ngày 15 tháng 01 năm 2024",
            "Chủ tịch UBND xã An Bình",
            "",
            "",
            "",
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("so.xlsx", buf.getvalue())
    client.force_login(secretariat)
    html = client.post(reverse("awards:import"), {"file": upload}).content.decode()
    assert "Tệp hợp lệ: 2 dòng sẵn sàng để nhập." in html
    client.post(reverse("awards:import"), {"confirm": "1"})
    records = AwardRecord.objects.filter(person__in=[scene["lan"], scene["duc"]])
    assert sorted(r.decision_date for r in records) == [date(2024, 1, 15), date(2024, 1, 15)]
    assert records.get(person=scene["lan"]).person.cccd == "001190000001"


def test_a_large_register_file_is_written_in_the_background_job(
    client, secretariat, scene, settings, django_capture_on_commit_callbacks
):
    """Issue 17 item 3: over THIDUA_IMPORT_BACKGROUND_ROWS rows, the confirmation queues a job;
    the job writes every record (household included) and the page shows it done."""
    from core.models import ImportJob

    settings.THIDUA_IMPORT_BACKGROUND_ROWS = 3
    client.force_login(secretariat)
    url = reverse("awards:import")
    client.post(url, {"file": xlsx(good_rows())})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, {"confirm": "1"})
    job = ImportJob.objects.get()
    # one job queued (the other callbacks tell core.caching the tables changed)
    assert [c.__qualname__ for c in callbacks].count("enqueue_each_on_commit.<locals>.send") == 1
    assert response["Location"] == f"{url}?job={job.pk}"
    job.refresh_from_db()
    assert (job.status, job.progress, job.written_count) == (ImportJob.Status.DONE, 100, 5)
    assert AwardRecord.objects.count() == 5
    assert Household.objects.get().head_name == "Trần Văn Bình"
    assert "Đã nhập 5 khen thưởng." in client.get(url, {"job": job.pk}).content.decode()


# --- The batched write: exactly what the services write one row at a time --------------------
def _one_by_one(by, raw_rows):
    """The commit as it was before it was batched: every row through the services, in order."""
    from awards import services
    from awards.importing import award_import_preview
    from awards.models import SubjectKind
    from awards.rules import load_rulebook
    from units.models import Person

    preview = award_import_preview(by=by, raw_rows=raw_rows)
    assert preview.ok
    new_households = {}
    for r in preview.rows:
        v = r.values
        household = None
        if v["subject_kind"] == SubjectKind.HOUSEHOLD:
            if v.get("new_household"):
                if v["household_key"] not in new_households:
                    new_households[v["household_key"]] = services.household_create(
                        by=by,
                        head_name=v["head_name"],
                        village=Unit.objects.get(pk=v["unit_id"]),
                        address=v["address"],
                    )
                household = new_households[v["household_key"]]
            else:
                household = Household.objects.get(pk=v["household_id"])
        unit = Unit.objects.get(pk=v["unit_id"])
        services.award_record_create(
            by=by,
            award_kind=v["award_kind"],
            year=v["year"],
            decision_number=v["decision_number"],
            decision_date=v["decision_date"],
            issuer=v["issuer"],
            decision_level=v["decision_level"],
            rules=load_rulebook(),
            occasion=v["occasion"],
            person=Person.objects.filter(pk=v.get("person_id")).first(),
            collective=unit if v["subject_kind"] == SubjectKind.COLLECTIVE else None,
            household=household,
            unit=unit,
            note=v["note"],
            audit_data={"import_row": r.number},
        )


def _rolled_back(fn):
    """fn()'s value or the exception it raised, with everything it wrote rolled back."""
    from django.db import transaction

    result = {}

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            try:
                result["value"] = fn()
            except Exception as exc:
                result["error"] = exc
            raise Rollback
    except Rollback:
        pass
    return result


def _written(since_audit: int):
    """Households, records and audit entries written, with ids replaced by their rank (two runs
    get other ids from the sequences)."""
    households = list(Household.objects.order_by("pk").values())
    records = list(AwardRecord.objects.order_by("pk").values())
    entries = list(AuditEntry.objects.filter(pk__gt=since_audit).order_by("pk").values())
    hid = {h["id"]: i for i, h in enumerate(households)}
    rid = {r["id"]: i for i, r in enumerate(records)}
    for h in households:
        h.update(id=hid[h["id"]], created_at=None, updated_at=None)
    for r in records:
        r.update(id=rid[r["id"]], household_id=hid.get(r["household_id"]), created_at=None, updated_at=None)
    for e in entries:
        ids = hid if e["action"].startswith("awards.household") else rid
        e.update(id=None, at=None, prev_hash=None, hash=None, target_id=ids[int(e["target_id"])])
        if "household" in e["data"].get("after", {}):
            e["data"]["after"]["household"] = hid.get(e["data"]["after"]["household"])
    return households, records, entries


def test_the_batched_commit_writes_what_the_services_write_one_by_one(secretariat, scene, monkeypatch):
    """Same households, records (every field) and audit entries (content, order, an intact chain)
    as one `household_create` / `award_record_create` per row, across batch boundaries (a new
    household created in one batch and awarded again in the next); progress after each batch."""
    from core import audit, importing

    HouseholdFactory(head_name="Phạm Thị Hoa", village=scene["village"])
    household = {"Đối tượng": "Hộ gia đình", "Đơn vị": "Thôn Đông", "Địa chỉ": "Xóm 3"}
    rows = [
        *good_rows(),
        (7, row(**{**household, "Họ và tên": "Trần Văn Bình", "Danh hiệu, hình thức": "Giấy khen"})),
        (8, row(**{**household, "Họ và tên": "Phạm Thị Hoa", "Danh hiệu, hình thức": "Gia đình văn hóa"})),
        (9, row(**{**household, "Họ và tên": "Đỗ Văn Nam", "Danh hiệu, hình thức": "Gia đình văn hóa"})),
        (10, row(**{"Họ và tên": "Lê Thị Lan", "Số quyết định": " 20/QĐ ", "Ghi chú": "Có ghi chú"})),
    ]
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    expected = _rolled_back(lambda: (_one_by_one(secretariat, rows), _written(before))[1])["value"]
    monkeypatch.setattr(importing, "IMPORT_BATCH", 2)
    cleans = []
    for model in (AwardRecord, Household):
        full_clean = model.full_clean

        def spy(self, *args, _full_clean=full_clean, **kwargs):
            cleans.append(kwargs.get("validate_constraints", True))
            return _full_clean(self, *args, **kwargs)

        monkeypatch.setattr(model, "full_clean", spy)
    calls = []
    created = award_import_commit(by=secretariat, raw_rows=rows, progress=lambda d, t: calls.append((d, t)))
    assert cleans == [False] * 11  # 9 records, 2 households: no per-row queries (see _full_clean)
    assert len(created) == 9
    assert _written(before) == expected
    assert [e["action"] for e in expected[2]].count("awards.household.created") == 2
    assert calls == [(2, 9), (4, 9), (6, 9), (8, 9), (9, 9)]
    assert audit.verify_chain().broken_at is None


def test_a_field_error_found_at_commit_is_the_services_error(secretariat, scene, monkeypatch):
    """A value the preview does not limit (a note over 500 characters) fails the commit with the
    ValidationError the service's `full_clean` raises, and nothing is written."""
    from django.core.exceptions import ValidationError

    from core import importing

    monkeypatch.setattr(importing, "IMPORT_BATCH", 2)
    rows = [
        *good_rows(),
        (7, row(**{"Họ và tên": "Lê Thị Lan", "Số quyết định": "9/QĐ", "Ghi chú": "x" * 501})),
    ]
    one_by_one = _rolled_back(lambda: _one_by_one(secretariat, rows))["error"]
    with pytest.raises(ValidationError) as batched:
        award_import_commit(by=secretariat, raw_rows=rows)
    assert isinstance(one_by_one, ValidationError)
    assert batched.value.message_dict == one_by_one.message_dict
    assert "note" in batched.value.message_dict
    assert (AwardRecord.objects.count(), Household.objects.count()) == (0, 0)


def test_the_check_reads_only_the_people_and_households_the_rows_name(secretariat, scene):
    """A 10,000-row sheet names a few thousand of a province's 60,000 people: the check loads
    those (by name in a named unit, or by CCCD), not everyone in the named units (issue 17)."""
    from awards.importing import _Index
    from core.importing import ImportRow

    PersonFactory(full_name="Trần Văn Khác", unit=scene["office"])
    HouseholdFactory(head_name="Hộ Không Nêu", village=scene["village"])
    named = HouseholdFactory(head_name="Phạm Văn Hộ", village=scene["village"])
    rows = [
        ImportRow(number=2, raw=row(**{"Họ và tên": "nguyen van duc"})),
        ImportRow(number=3, raw=row(**{"Số CCCD": "001190000001"})),
        ImportRow(
            number=4,
            raw=row(**{"Đối tượng": "Hộ gia đình", "Đơn vị": "Thôn Đông", "Họ và tên": "Phạm Văn Hộ"}),
        ),
    ]
    index = _Index(secretariat, rows)
    loaded = {p.pk for people in index.people_by_name.values() for p in people}
    assert loaded == {scene["duc"].pk, scene["lan"].pk}
    assert set(index.people_by_cccd) == {"001190000001"}
    assert [h.pk for found in index.households.values() for h in found] == [named.pk]
