from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditEntry
from core.tests.test_uploads import EXE, PDF
from reports import services
from reports.models import ReportSubmission, SubmissionAttachment

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(rnd, jurisdiction, unit_head_a):
    return services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)


def _save(sub, user, **kw):
    target = sub.round.campaign.targets.get(name="Thu ngân sách")
    kw.setdefault("figures", {target.pk: Decimal("125")})
    return services.submission_save(submission=sub, by=user, version=sub.version, narrative="Kết quả", **kw)


def test_submit_on_time_is_audited(draft, unit_head_a):
    sub = services.submission_submit(submission=_save(draft, unit_head_a), by=unit_head_a)
    assert (sub.status, sub.is_late, sub.submitted_by) == ("submitted", False, unit_head_a)
    assert sub.figures.get().actual == Decimal("125")
    actions = set(AuditEntry.objects.filter(target_id=str(sub.pk)).values_list("action", flat=True))
    assert {
        "reports.submission.started",
        "reports.submission.saved",
        "reports.submission.submitted",
    } <= actions


def test_submit_after_deadline_is_accepted_but_late(draft, unit_head_a, rnd):
    sub = _save(draft, unit_head_a)
    sub = services.submission_submit(submission=sub, by=unit_head_a, now=rnd.deadline + timedelta(minutes=1))
    assert (sub.status, sub.is_late) == ("submitted", True)


def test_second_editor_gets_a_conflict_not_an_overwrite(draft, unit_head_a, clerk_a):
    loaded_version = draft.version
    _save(draft, unit_head_a)
    with pytest.raises(ValidationError, match="người khác sửa"):
        services.submission_save(
            submission=draft, by=clerk_a, version=loaded_version, narrative="Bản của cán bộ"
        )
    draft.refresh_from_db()
    assert draft.narrative == "Kết quả"


def test_locked_after_close_until_reopened(draft, unit_head_a, secretariat, rnd):
    services.round_close(round=rnd, by=secretariat)
    with pytest.raises(ValidationError, match="đã khóa"):
        _save(draft, unit_head_a)
    services.round_reopen(round=rnd, by=secretariat)
    assert _save(draft, unit_head_a).narrative == "Kết quả"


def test_other_units_head_cannot_edit(draft, unit_head_b):
    with pytest.raises(ValidationError, match="không phụ trách"):
        _save(draft, unit_head_b)


def test_empty_report_cannot_be_submitted(draft, unit_head_a):
    with pytest.raises(ValidationError, match="số liệu hoặc nội dung"):
        services.submission_submit(submission=draft, by=unit_head_a)


def test_return_needs_reason_then_resubmit_and_accept(draft, unit_head_a, secretariat):
    sub = services.submission_submit(submission=_save(draft, unit_head_a), by=unit_head_a)
    with pytest.raises(ValidationError):
        services.submission_return(submission=sub, by=secretariat, reason="  ")
    sub = services.submission_return(submission=sub, by=secretariat, reason="Thiếu số liệu thu ngân sách")
    assert (sub.status, sub.return_reason) == ("returned", "Thiếu số liệu thu ngân sách")
    sub = _save(sub, unit_head_a)
    sub = services.submission_submit(submission=sub, by=unit_head_a)
    assert sub.status == ReportSubmission.Status.RESUBMITTED
    sub = services.submission_accept(submission=sub, by=secretariat)
    assert sub.status == ReportSubmission.Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.submission_return(submission=sub, by=secretariat, reason="x")


def test_unit_head_cannot_accept(draft, unit_head_a):
    sub = services.submission_submit(submission=_save(draft, unit_head_a), by=unit_head_a)
    with pytest.raises(ValidationError):
        services.submission_accept(submission=sub, by=unit_head_a)


def test_round_not_open_yet(rnd, jurisdiction, unit_head_a, secretariat):
    rnd = services.round_update(round=rnd, by=secretariat, opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="chưa mở"):
        services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)


def test_attachment_stored_under_generated_name(draft, unit_head_a, settings):
    att = services.attachment_add(
        submission=draft, by=unit_head_a, upload=SimpleUploadedFile("Báo cáo 6 tháng.pdf", PDF)
    )
    assert att.original_name == "Báo cáo 6 tháng.pdf"
    assert att.file.name.startswith(f"reports/{draft.round_id}/")
    assert att.file.name.endswith(".pdf")
    assert "Báo cáo" not in att.file.name
    assert att.file.open("rb").read() == PDF


def test_renamed_exe_refused_and_nothing_stored(draft, unit_head_a):
    with pytest.raises(ValidationError, match="đổi đuôi"):
        services.attachment_add(submission=draft, by=unit_head_a, upload=SimpleUploadedFile("x.pdf", EXE))
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.attachment_add(
            submission=draft,
            by=unit_head_a,
            upload=SimpleUploadedFile("x.pdf", PDF),
            name="../../etc/passwd.pdf",
        )
    assert not SubmissionAttachment.objects.exists()
