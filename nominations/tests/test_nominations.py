from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.models import AwardRecord
from awards.tests.factories import AwardRecordFactory, HouseholdFactory, kind
from core.models import AuditEntry
from nominations import selectors, services
from nominations.models import DossierDocument, Nomination, NominationBatch
from nominations.tests.workflow_helpers import OVERRIDE, PDF, World, docx, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    return World()


def test_db_refuses_two_subjects(world):
    _batch, (n, _m) = world.batch(docs=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.filter(pk=n.pk).update(collective=world.commune)


def test_add_refuses_wrong_subject_kind_and_foreign_unit(world):
    batch, _ = world.batch(docs=False)
    with pytest.raises(ValidationError, match="không tặng cho"):
        services.nomination_add(
            by=world.head, batch=batch, award_kind=kind("advanced_worker"), collective=world.commune
        )
    outsider = world.people[0].__class__.objects.create(
        full_name="Người xã Hai", gender="male", unit=world.other
    )
    with pytest.raises(ValidationError, match="không thuộc đơn vị"):
        services.nomination_add(
            by=world.head, batch=batch, award_kind=kind("advanced_worker"), person=outsider
        )
    with pytest.raises(ValidationError, match="quyền"):
        services.nomination_add(
            by=world.head2, batch=batch, award_kind=kind("advanced_worker"), person=world.people[2]
        )


def test_household_nominee(world):
    batch, _ = world.batch(people=[], docs=False)
    hh = HouseholdFactory(village=world.commune)
    n = services.nomination_add(
        by=world.head, batch=batch, award_kind=kind("certificate_of_merit"), household=hh
    )
    assert n.subject_kind == "household"
    assert n.subject_unit == world.commune


def test_completeness_lists_missing_and_blocks_send(world):
    batch, (n1, n2) = world.batch(docs=False)
    check = services.batch_check(batch)
    labels = {(m.nomination.pk, m.document_type) for m in check.missing}
    assert (n1.pk, "submission") in labels
    assert (n2.pk, "achievement_report") in labels
    with pytest.raises(ValidationError, match="Hồ sơ còn thiếu"):
        services.batch_submit(by=world.head, batch=batch)
    services.dossier_document_add(by=world.head, batch=batch, document_type="submission", upload=pdf())
    services.dossier_document_add(by=world.head, batch=batch, document_type="minutes", upload=pdf())
    services.dossier_document_add(
        by=world.head, batch=batch, nomination=n1, document_type="achievement_report", upload=docx()
    )
    check = services.batch_check(batch)
    assert [(m.nomination.pk, m.document_type) for m in check.missing] == [(n2.pk, "achievement_report")]


def test_upload_is_stored_under_safe_name_keeping_original(world):
    batch, _ = world.batch(docs=False)
    doc = services.dossier_document_add(
        by=world.head, batch=batch, document_type="submission", upload=pdf("Tờ trình số 12.pdf")
    )
    assert doc.original_name == "Tờ trình số 12.pdf"
    assert doc.file.name.startswith(f"dossiers/{batch.pk}/")
    assert doc.file.name.endswith(".pdf")
    assert "Tờ" not in doc.file.name
    assert doc.content_kind == "pdf"
    assert doc.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "không đúng định dạng"),
        ("virus.exe", b"MZ\x90\x00", "Chỉ nhận"),
        ("bao-cao.docx", PDF, "không đúng định dạng"),
        ("anh.png", b"GIF89a....", "không đúng định dạng"),
    ],
)
def test_upload_refuses_bad_files(world, name, content, message):
    batch, _ = world.batch(docs=False)
    with pytest.raises(ValidationError, match=message):
        services.dossier_document_add(
            by=world.head, batch=batch, document_type="submission", upload=SimpleUploadedFile(name, content)
        )
    assert not DossierDocument.objects.exists()


def test_path_traversal_name_is_neutralised(world):
    class Raw(SimpleUploadedFile):
        name = property(lambda self: "../../etc/passwd.pdf", lambda self, v: None)

    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.validate_upload(Raw("x.pdf", PDF))
    batch, _ = world.batch(docs=False)
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.dossier_document_add(
            by=world.head,
            batch=batch,
            document_type="submission",
            upload=SimpleUploadedFile("..\\..\\windows\\boot.pdf", PDF),
        )
    doc = services.dossier_document_add(
        by=world.head, batch=batch, document_type="submission", upload=SimpleUploadedFile("a/b/c.pdf", PDF)
    )
    assert doc.original_name == "c.pdf"
    assert doc.file.name.startswith(f"dossiers/{batch.pk}/")


def test_upload_size_limit(world, settings):
    settings.THIDUA_UPLOAD_MAX_BYTES = 100
    batch, _ = world.batch(docs=False)
    with pytest.raises(ValidationError, match="quá lớn"):
        services.dossier_document_add(
            by=world.head, batch=batch, document_type="submission", upload=pdf(content=PDF + b"x" * 200)
        )


def test_send_recall_return_resubmit_with_audit(world):
    batch, (n1, _n2) = world.batch()
    services.batch_submit(by=world.head, batch=batch)
    batch.refresh_from_db()
    n1.refresh_from_db()
    assert batch.status == "submitted"
    assert n1.status == "submitted"
    with pytest.raises(ValidationError, match="đã gửi"):
        services.dossier_document_add(by=world.head, batch=batch, document_type="submission", upload=pdf())
    services.batch_recall(by=world.head, batch=batch, reason="Sửa danh sách")
    batch.refresh_from_db()
    assert batch.status == "draft"
    services.batch_submit(by=world.head, batch=batch)
    with pytest.raises(ValidationError, match="lý do"):
        services.batch_return(by=world.secretariat, batch=batch, reason=" ")
    services.batch_return(by=world.secretariat, batch=batch, reason="Thiếu biên bản có chữ ký")
    batch.refresh_from_db()
    n1.refresh_from_db()
    assert batch.status == "returned"
    assert batch.return_reason == "Thiếu biên bản có chữ ký"
    assert n1.status == "returned"
    services.batch_submit(by=world.head, batch=batch)
    entry = AuditEntry.objects.filter(action="awards.batch.returned").get()
    assert entry.data["from"] == "submitted"
    assert entry.data["to"] == "returned"
    assert entry.data["reason"] == "Thiếu biên bản có chữ ký"
    assert entry.actor == world.secretariat


def test_recall_impossible_after_appraisal_and_head_cannot_appraise(world):
    batch, (n1, n2) = world.batch()
    services.batch_submit(by=world.head, batch=batch)
    with pytest.raises(ValidationError, match="quyền"):
        services.nomination_appraise(by=world.head, nomination=n1, accept=True)
    services.nomination_appraise(by=world.secretariat, nomination=n1, accept=True, override_reason=OVERRIDE)
    with pytest.raises(ValidationError, match="chưa được thẩm định"):
        services.batch_recall(by=world.head, batch=batch)
    with pytest.raises(ValidationError, match="lý do"):
        services.nomination_appraise(by=world.secretariat, nomination=n2, accept=False)
    services.nomination_appraise(
        by=world.secretariat, nomination=n2, accept=False, reason="Không đủ tiêu chuẩn"
    )
    batch.refresh_from_db()
    n2.refresh_from_db()
    assert batch.status == NominationBatch.Status.APPRAISED
    assert n2.status == "not_accepted"
    assert n2.reason == "Không đủ tiêu chuẩn"
    assert n2.verdict["reasons"], "the engine's reasons are stored with the appraisal"


def test_duplicate_same_award_year_flags_and_blocks(world):
    batch1, _ = world.batch(people=world.people[:1])
    services.batch_submit(by=world.head, batch=batch1)
    batch2, (dup,) = world.batch(people=world.people[:1], title="Tờ trình bổ sung")
    check = services.batch_check(batch2)
    assert "Đã được đề nghị" in check.duplicates[dup.pk][0]
    with pytest.raises(ValidationError, match="trùng"):
        services.batch_submit(by=world.head, batch=batch2)


# --- Item 5: one achievement, one award -------------------------------------------------------
def test_title_and_form_for_the_same_year_are_both_allowed(world):
    """law.md §1, §5.2: a title and a form of commendation for the same year are both lawful."""
    world.batch(people=world.people[:1])  # Giấy khen (a form)
    batch2, (other,) = world.batch(people=world.people[:1], award="advanced_worker", title="Tờ trình 2")
    check = services.batch_check(batch2)
    assert other.pk not in check.duplicates
    assert other.pk not in check.warnings


def test_two_forms_for_the_same_year_warn_but_do_not_block(world):
    batch1, _ = world.batch(people=world.people[:1])  # Giấy khen
    batch2, (other,) = world.batch(people=world.people[:1], award="merit_diploma", title="Tờ trình Bằng khen")
    check = services.batch_check(batch2)
    assert other.pk not in check.duplicates
    assert check.warnings[other.pk] == [
        f"Cũng đang được đề nghị “Giấy khen” năm {other.year} "
        f"(tờ trình “{batch1.title}”): xem lại để một thành tích không được khen hai lần."
    ]
    services.batch_submit(by=world.head, batch=batch2)  # a warning does not block


def test_thematic_and_annual_form_of_the_same_year_warn_against_the_register(world):
    year = date.today().year - 1
    AwardRecordFactory(
        person=world.people[0],
        award_kind=kind("certificate_of_merit"),
        year=year,
        occasion="thematic",
        decision_number="9/QĐ-UBND",
    )
    batch, (n1,) = world.batch(people=world.people[:1], year=year)
    check = services.batch_check(batch)
    assert n1.pk not in check.duplicates
    assert "Đã có “Giấy khen” năm" in check.warnings[n1.pk][0]
    assert (
        "(quyết định 9/QĐ-UBND): xem lại để một thành tích không được khen hai lần."
        in check.warnings[n1.pk][0]
    )


def test_other_years_raise_nothing(world):
    world.batch(people=world.people[:1], year=2023)
    batch2, (n2,) = world.batch(people=world.people[:1], year=2024, title="Năm sau")
    check = services.batch_check(batch2)
    assert n2.pk not in check.duplicates
    assert n2.pk not in check.warnings


def test_no_duplicate_after_rejection(world):
    batch1, (n1,) = world.batch(people=world.people[:1])
    services.batch_submit(by=world.head, batch=batch1)
    services.nomination_appraise(by=world.secretariat, nomination=n1, accept=False, reason="Không đạt")
    batch2, _ = world.batch(people=world.people[:1], title="Lần 2")
    assert services.batch_check(batch2).duplicates == {}


def test_eligibility_verdicts_for_batch_with_citations(world):
    p_ok, p_bad = world.people[:2]
    year = date.today().year - 1
    from awards.models import TaskRating

    TaskRating.objects.create(person=p_ok, year=year, rating="excellent")
    TaskRating.objects.create(person=p_bad, year=year, rating="completed")
    batch, (n_ok, n_bad) = world.batch(award="advanced_worker", docs=False)
    verdicts = services.batch_verdicts(batch)
    assert verdicts[n_ok.pk].eligible
    assert not verdicts[n_bad.pk].eligible
    failed = verdicts[n_bad.pk].failures
    assert failed
    assert all(r.citation for r in failed)


def test_already_in_register_is_flagged(world):
    year = date.today().year - 1
    AwardRecordFactory(person=world.people[0], award_kind=kind("advanced_worker"), year=year)
    AwardRecordFactory(person=world.people[1], award_kind=kind("advanced_worker"), year=year - 1)
    assert AwardRecord.objects.count() == 2
    batch, (n1, n2) = world.batch(award="advanced_worker", docs=False)
    flags = services.batch_check(batch).duplicates
    assert "sổ khen thưởng" in flags[n1.pk][0]
    assert n2.pk not in flags


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # depends on today: after the 1/7/2025 reform, in 2026
def test_authority_checked_at_the_hearing_council_level(world):
    batch, (n1, _n2) = world.batch(docs=False)
    assert services.nominations.deciding_level(batch) == "commune"
    assert "authority" not in services.batch_verdicts(batch)[n1.pk].codes()
    world.council.level = "district"  # no district level after 1/7/2025 (ND 129/2025)
    world.council.save()
    verdict = services.batch_verdicts(batch)[n1.pk]
    # Item 4: routing information ("trình cấp …"), not a failed criterion.
    assert "authority_route" in verdict.codes(failed_only=False)
    assert "authority_route" not in verdict.codes()


def test_batch_history_shows_vietnamese_actions_nominees_and_uploads(
    client, world, django_assert_max_num_queries
):
    """The batch page's history names each action in Vietnamese and includes what happened to
    its nominees (audited on the nominee) next to the uploads (audited on the batch)."""
    batch, (n1, n2) = world.batch()
    services.nomination_remove(by=world.head, nomination=n2)
    client.force_login(world.head)
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    history = html[html.index("Lịch sử thay đổi") :]
    assert "Tạo tờ trình đề nghị khen thưởng" in history
    assert history.count("Thêm đối tượng đề nghị") == 2  # the removed nominee's entry is kept
    assert "Bớt đối tượng đề nghị" in history
    assert history.count("Tải lên tài liệu hồ sơ") == 4
    assert str(n1) in history
    assert "awards." not in history
    services.batch_submit(by=world.head, batch=batch)
    rows = list(selectors.batch_history(batch))
    about = {e.action: e.about for e in rows[:2]}
    assert about == {"awards.batch.submitted": "", "awards.nomination.submitted": str(n1)}
    other, _noms = world.batch(title="Tờ trình khác")
    assert not {e.pk for e in selectors.batch_history(other)} & {e.pk for e in rows}
