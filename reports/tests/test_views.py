"""Every page: allowed, denied (404, like a missing object), and what the user sees."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import LaunchDocument, TargetAssignment
from core.roles import Role
from core.tests.test_uploads import EXE, PDF
from reports import services
from reports.models import ReminderDelivery, ReportRound, ReportSubmission, SubmissionAttachment
from units.tests.factories import LevelFactory, RoleGrantFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_secretariat(db):
    """The secretariat of another district: sees none of this district's rounds."""
    other = UnitFactory(name="Ủy ban nhân dân huyện Khác", level=LevelFactory(code="district", rank=2))
    user = UserFactory(username="noivu_khac")
    RoleGrantFactory(user=user, unit=other, role=Role.SECRETARIAT)
    return user


@pytest.fixture
def submitted(rnd, jurisdiction, unit_head_a):
    sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
    target = rnd.campaign.targets.get(name="Thu ngân sách")
    TargetAssignment.objects.create(target=target, unit=jurisdiction.commune_a, value=Decimal(120))
    sub = services.submission_save(
        submission=sub,
        by=unit_head_a,
        version=sub.version,
        narrative="Kết quả",
        figures={target.pk: Decimal(125)},
    )
    return services.submission_submit(submission=sub, by=unit_head_a)


@pytest.fixture
def attachment(rnd, jurisdiction, unit_head_a):
    sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
    return services.attachment_add(submission=sub, by=unit_head_a, upload=SimpleUploadedFile("bc.pdf", PDF))


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- Rounds --------------------------------------------------------------------------
def test_round_list_for_secretariat_denied_to_unit_head(client, rnd, secretariat, unit_head_a, no_role_user):
    url = reverse("reports:round-list")
    response = get(client, secretariat, url)
    assert response.status_code == 200
    assert rnd.title in response.content.decode()
    assert get(client, unit_head_a, url).status_code == 404
    assert get(client, no_role_user, url).status_code == 404


def test_round_list_export(client, rnd, secretariat):
    response = get(client, secretariat, reverse("reports:round-list") + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_round_detail_allowed_and_denied(client, rnd, secretariat, unit_head_a, other_secretariat):
    url = reverse("reports:round-detail", args=[rnd.pk])
    html = get(client, secretariat, url).content.decode()
    assert "Ủy ban nhân dân xã Bình Lư" in html
    assert "Chưa bắt đầu" in html
    assert get(client, unit_head_a, url).status_code == 404
    assert get(client, other_secretariat, url).status_code == 404


def test_round_create_page_and_post(client, campaign, secretariat, jurisdiction):
    url = reverse("reports:round-create") + f"?campaign={campaign.pk}"
    assert get(client, secretariat, url).status_code == 200
    response = client.post(
        reverse("reports:round-create"),
        {
            "campaign": campaign.pk,
            "title": "Báo cáo tổng kết năm",
            "kind": "final",
            "opens_on": "01/11/2026",
            "deadline_on": "05/12/2026",
            "recurrence": "yearly",
            "days_before": "10, 3",
            "overdue_every_days": "2",
            "escalate_after": "1",
            "on_the_day": "on",
            "send_email": "on",
        },
    )
    rnd = ReportRound.objects.get()
    assert response.status_code == 302
    assert (rnd.policy.days_before, rnd.policy.overdue_every_days, rnd.policy.send_in_app) == (
        [10, 3],
        2,
        False,
    )
    assert rnd.units.count() == 2


def test_round_create_keeps_what_was_typed_on_error(client, campaign, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("reports:round-create"),
        {
            "campaign": campaign.pk,
            "title": "Báo cáo quý IV",
            "kind": "periodic",
            "opens_on": "10/12/2026",
            "deadline_on": "05/12/2026",
            "recurrence": "none",
            "days_before": "7, một",
            "overdue_every_days": "3",
            "escalate_after": "2",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Báo cáo quý IV" in html
    assert "7, một" in html
    assert "Hạn nộp phải sau ngày mở nhận báo cáo." in html
    assert not ReportRound.objects.exists()


def test_round_create_denied(client, campaign, unit_head_a, other_secretariat):
    url = reverse("reports:round-create") + f"?campaign={campaign.pk}"
    assert get(client, unit_head_a, url).status_code == 404
    assert get(client, other_secretariat, url).status_code == 404
    assert client.post(reverse("reports:round-create"), {"campaign": campaign.pk}).status_code == 404


def test_round_update_allowed_and_denied(client, rnd, secretariat, unit_head_a, other_secretariat):
    url = reverse("reports:round-update", args=[rnd.pk])
    assert get(client, unit_head_a, url).status_code == 404
    assert get(client, other_secretariat, url).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404
    response = get(client, secretariat, url)
    assert response.status_code == 200
    assert rnd.title in response.content.decode()
    data = {
        "title": "Báo cáo sơ kết (sửa)",
        "kind": "interim",
        "opens_on": "01/11/2026",
        "deadline_on": "20/12/2026",
        "units": [u.pk for u in rnd.units.all()],
        "recurrence": "none",
        "days_before": "7, 1",
        "overdue_every_days": "3",
        "escalate_after": "2",
        "send_email": "on",
        "send_in_app": "on",
    }
    assert client.post(url, data).status_code == 302
    rnd.refresh_from_db()
    assert rnd.title == "Báo cáo sơ kết (sửa)"


@pytest.mark.parametrize(
    ("name", "extra"), [("reports:round-transition", ["closed"]), ("reports:round-next", [])]
)
def test_round_actions_denied_to_unit_head(client, rnd, unit_head_a, other_secretariat, name, extra):
    for user in (unit_head_a, other_secretariat):
        client.force_login(user)
        assert client.post(reverse(name, args=[rnd.pk, *extra])).status_code == 404
    rnd.refresh_from_db()
    assert rnd.closed_at is None
    assert ReportRound.objects.count() == 1


def test_close_and_reopen_pages(client, rnd, secretariat, unit_head_a):
    client.force_login(secretariat)
    close = reverse("reports:round-transition", args=[rnd.pk, "closed"])
    reopen = reverse("reports:round-transition", args=[rnd.pk, "open"])
    assert close in client.get(rnd.get_absolute_url()).content.decode()
    assert client.get(close).status_code == 405
    client.post(close)
    rnd.refresh_from_db()
    assert rnd.is_closed
    assert reopen in client.get(rnd.get_absolute_url()).content.decode()
    client.force_login(unit_head_a)
    assert client.post(reopen).status_code == 404
    client.force_login(secretariat)
    response = client.post(reopen, follow=True)
    assert "Đã mở lại kỳ báo cáo." in response.content.decode()
    rnd.refresh_from_db()
    assert not rnd.is_closed


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # a yearly deadline "today": never 29/02, refused
def test_round_next_page(client, campaign, secretariat):
    rnd = services.round_create(
        campaign=campaign,
        by=secretariat,
        title="Tổng kết 2026",
        deadline=timezone.localdate(),
        recurrence="yearly",
    )
    client.force_login(secretariat)
    response = client.post(reverse("reports:round-next", args=[rnd.pk]))
    nxt = ReportRound.objects.get(previous=rnd)
    assert response.url == nxt.get_absolute_url()


@pytest.mark.time_machine(
    "2026-03-16 09:00:00+07:00"
)  # the campaign factory runs in 2026: its rounds must fall inside it
def test_rounds_from_document_allowed_and_denied(client, campaign, secretariat, unit_head_a):
    doc = LaunchDocument.objects.create(
        campaign=campaign,
        doc_type="chi_thi",
        report_deadlines=[{"day": 5, "month": 12, "recurring": "yearly"}],
    )
    page = get(client, secretariat, reverse("reports:round-create") + f"?campaign={campaign.pk}")
    assert reverse("reports:rounds-from-document", args=[doc.pk]) in page.content.decode()
    url = reverse("reports:rounds-from-document", args=[doc.pk])
    client.force_login(unit_head_a)
    assert client.post(url).status_code == 404
    assert not ReportRound.objects.exists()
    client.force_login(secretariat)
    client.post(url)
    assert ReportRound.objects.get().kind == "final"


# --- Tracker -------------------------------------------------------------------------
def test_tracker_shows_states_counts_and_exports(client, rnd, submitted, secretariat, campaign):
    url = reverse("reports:tracker", args=[campaign.pk])
    html = get(client, secretariat, url).content.decode()
    assert "Đã nộp đúng hạn" in html
    assert 'data-state="on_time"' in html
    filtered = client.get(url, {"state": "on_time"}).content.decode()
    assert "Ủy ban nhân dân xã Bình Lư" in filtered
    assert "Ủy ban nhân dân xã Sơn Bình" not in filtered
    export = client.get(url, {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_tracker_filter_by_bloc(client, rnd, secretariat, campaign, jurisdiction):
    from units.tests.factories import BlocFactory, BlocMembershipFactory

    bloc = BlocFactory(organiser=jurisdiction.district, year=campaign.year, name="Cụm số 1")
    BlocMembershipFactory(bloc=bloc, unit=jurisdiction.commune_b)
    html = get(client, secretariat, reverse("reports:tracker", args=[campaign.pk]) + f"?bloc={bloc.pk}")
    html = html.content.decode()
    assert "Ủy ban nhân dân xã Sơn Bình" in html
    assert "Ủy ban nhân dân xã Bình Lư" not in html


def test_tracker_denied(client, rnd, campaign, unit_head_a, chair, other_secretariat):
    url = reverse("reports:tracker", args=[campaign.pk])
    for user in (unit_head_a, chair, other_secretariat):
        assert get(client, user, url).status_code == 404


def test_my_rounds_shows_days_left(client, rnd, unit_head_a, secretariat):
    url = reverse("reports:my-rounds")
    html = get(client, unit_head_a, url).content.decode()
    assert rnd.title in html
    assert "còn 10 ngày" in html
    assert "Ủy ban nhân dân xã Sơn Bình" not in html
    assert get(client, secretariat, url).status_code == 404


# --- Submissions ---------------------------------------------------------------------
def test_submission_form_saves_and_shows_ratio(client, rnd, jurisdiction, unit_head_a):
    url = reverse("reports:submission-edit", args=[rnd.pk, jurisdiction.commune_a.pk])
    client.force_login(unit_head_a)
    html = client.get(url).content.decode()
    assert "Thu ngân sách (tỷ đồng)" in html
    sub = ReportSubmission.objects.get()
    target = rnd.campaign.targets.get(name="Thu ngân sách")
    data = {"version": sub.version, "narrative": "Sáu tháng", f"target_{target.pk}": "125,5", "save": "1"}
    html = client.post(url, data, follow=True).content.decode()
    assert "Đã lưu bản nháp báo cáo." in html
    # The district's 120 tỷ đồng is not this commune's target: the figure, no ratio.
    assert "Chưa giao chỉ tiêu riêng" in html
    assert "104,6%" not in html
    TargetAssignment.objects.create(target=target, unit=jurisdiction.commune_a, value=Decimal(120))
    sub.refresh_from_db()
    html = client.get(url).content.decode()
    assert "Đạt (104,6%)" in html
    # "Nộp báo cáo" posts the same form to the submission's one transition URL
    send = reverse("reports:submission-transition", args=[sub.pk, "submitted"])
    assert f'formaction="{send}">Nộp báo cáo</button>' in html
    response = client.post(send, {"version": sub.version, "narrative": "Sáu tháng"}, follow=True)
    assert "Đã nộp báo cáo đúng hạn." in response.content.decode()
    sub.refresh_from_db()
    assert sub.status == "submitted"


def test_submission_form_keeps_input_on_bad_number_and_on_conflict(client, rnd, jurisdiction, unit_head_a):
    url = reverse("reports:submission-edit", args=[rnd.pk, jurisdiction.commune_a.pk])
    client.force_login(unit_head_a)
    client.get(url)
    sub = ReportSubmission.objects.get()
    target = rnd.campaign.targets.get(name="Thu ngân sách")
    html = client.post(
        url, {"version": sub.version, "narrative": "Nội dung dài", f"target_{target.pk}": "12x", "save": "1"}
    ).content.decode()
    assert "không phải là số hợp lệ" in html
    assert "Nội dung dài" in html
    assert "12x" in html
    stale = sub.version
    client.post(url, {"version": stale, "narrative": "Bản thứ nhất", "save": "1"})
    html = client.post(
        url, {"version": stale, "narrative": "Bản thứ hai của người khác", "save": "1"}
    ).content.decode()
    assert "người khác sửa" in html
    assert "Bản thứ hai của người khác" in html
    sub.refresh_from_db()
    assert sub.narrative == "Bản thứ nhất"


def test_submission_form_denied(client, rnd, jurisdiction, unit_head_b, secretariat):
    url = reverse("reports:submission-edit", args=[rnd.pk, jurisdiction.commune_a.pk])
    for user in (unit_head_b, secretariat):
        assert get(client, user, url).status_code == 404
        assert client.post(url, {"version": 1, "narrative": "x"}).status_code == 404
    assert not ReportSubmission.objects.exists()


def test_submission_detail_allowed_and_denied(
    client, submitted, unit_head_a, unit_head_b, secretariat, other_secretariat
):
    url = reverse("reports:submission-detail", args=[submitted.pk])
    html = get(client, unit_head_a, url).content.decode()
    assert "Đúng hạn" in html
    assert "Đạt (104,2%)" in html
    assert "Tiếp nhận" not in html
    assert "Tiếp nhận" in get(client, secretariat, url).content.decode()
    assert get(client, unit_head_b, url).status_code == 404
    assert get(client, other_secretariat, url).status_code == 404


def test_accept_and_return(client, submitted, secretariat, unit_head_a):
    accept = reverse("reports:submission-transition", args=[submitted.pk, "accepted"])
    url = reverse("reports:submission-transition", args=[submitted.pk, "returned"])
    client.force_login(unit_head_a)
    assert client.post(accept).status_code == 404
    client.force_login(secretariat)
    html = client.post(url, {"reason": ""}).content.decode()
    assert "Phải ghi lý do trả lại." in html
    client.post(url, {"reason": "Bổ sung số liệu"})
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_reason) == ("returned", "Bổ sung số liệu")


def test_attachment_upload_download_delete(client, rnd, jurisdiction, unit_head_a, unit_head_b, secretariat):
    sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
    add = reverse("reports:attachment-add", args=[sub.pk])
    client.force_login(unit_head_b)
    assert client.post(add, {"file": SimpleUploadedFile("bc.pdf", PDF)}).status_code == 404
    client.force_login(unit_head_a)
    response = client.post(add, {"file": SimpleUploadedFile("../../etc/passwd.pdf", EXE)}, follow=True)
    assert "không phải là PDF" in response.content.decode()
    client.post(add, {"file": SimpleUploadedFile("../../etc/passwd.pdf", PDF)})
    att = SubmissionAttachment.objects.get()
    assert att.original_name == "passwd.pdf"  # Django strips the path; the stored name is generated
    assert ".." not in att.file.name
    assert "passwd" not in att.file.name
    download = reverse("reports:attachment-download", args=[att.pk])
    response = client.get(download)
    assert b"".join(response.streaming_content) == PDF
    assert "passwd.pdf" in response["Content-Disposition"]
    assert get(client, secretariat, download).status_code == 200
    assert get(client, unit_head_b, download).status_code == 404
    delete = reverse("reports:attachment-delete", args=[att.pk])
    assert client.post(delete).status_code == 404
    client.force_login(unit_head_a)
    client.post(delete)
    assert not SubmissionAttachment.objects.exists()


# --- Reminder log --------------------------------------------------------------------
def test_delivery_log_shows_failed_ones(client, rnd, secretariat, unit_head_a, other_secretariat):
    ReminderDelivery.objects.create(
        recipient=unit_head_a,
        round=rnd,
        unit=rnd.units.first(),
        kind="overdue",
        due_date=timezone.localdate(),
        status="failed",
        attempts=2,
        last_error="SMTPException: 421 bận",
    )
    url = reverse("reports:delivery-list")
    html = get(client, secretariat, url).content.decode()
    assert "Có 1 lượt nhắc gửi lỗi" in html
    assert "421 bận" in html
    assert "421 bận" not in get(client, other_secretariat, url).content.decode()
    assert get(client, unit_head_a, url).status_code == 404


def test_delivery_log_lists_registration_reminders_to_their_secretariat(
    client, campaign, secretariat, unit_head_a, other_secretariat
):
    ReminderDelivery.objects.create(
        recipient=unit_head_a,
        campaign=campaign,
        unit=campaign.participants.first(),
        kind="registration",
        due_date=timezone.localdate(),
        status="sent",
        sent_at=timezone.now(),
    )
    url = reverse("reports:delivery-list")
    html = get(client, secretariat, url).content.decode()
    assert "Nhắc đăng ký thi đua" in html
    assert "Nhắc đăng ký thi đua" not in get(client, other_secretariat, url).content.decode()


def test_nav_links(client, rnd, secretariat, unit_head_a):
    html = get(client, secretariat, reverse("home")).content.decode()
    assert reverse("reports:round-list") in html
    assert reverse("reports:delivery-list") in html
    html = get(client, unit_head_a, reverse("home")).content.decode()
    assert reverse("reports:my-rounds") in html
    assert reverse("reports:delivery-list") not in html


def test_unknown_round_is_404(client, secretariat):
    assert get(client, secretariat, reverse("reports:round-detail", args=[999999])).status_code == 404


def test_two_editors_of_one_round_second_is_refused(rnd, secretariat):
    from django.test import Client

    from core.tests.test_lost_updates import STALE, _form_values

    url = reverse("reports:round-update", args=[rnd.pk])
    first, second = Client(), Client()
    first.force_login(secretariat)
    second.force_login(secretariat)
    first_form = _form_values(first.get(url).content.decode())
    second_form = _form_values(second.get(url).content.decode())
    assert first_form["version"] == ["1"]
    first_form["title"] = ["Kỳ của người thứ nhất"]
    assert first.post(url, first_form).status_code == 302
    second_form["title"] = ["Kỳ của người thứ hai"]
    page = second.post(url, second_form).content.decode()
    assert STALE in page
    assert 'value="Kỳ của người thứ hai"' in page
    rnd.refresh_from_db()
    assert rnd.title == "Kỳ của người thứ nhất"


def test_submitting_through_the_transition_url(
    client, rnd, jurisdiction, unit_head_a, unit_head_b, secretariat
):
    url = reverse("reports:submission-edit", args=[rnd.pk, jurisdiction.commune_a.pk])
    client.force_login(unit_head_a)
    client.get(url)
    sub = ReportSubmission.objects.get()
    send = reverse("reports:submission-transition", args=[sub.pk, "submitted"])
    # nothing typed: refused, the edit page again with the reason, nothing sent
    html = client.post(send, {"version": sub.version, "narrative": "  "}).content.decode()
    assert "Hãy nhập số liệu hoặc nội dung báo cáo trước khi nộp." in html
    assert 'name="narrative"' in html
    # a bad number: the edit page again with everything typed kept, nothing saved
    target = rnd.campaign.targets.get(name="Thu ngân sách")
    html = client.post(
        send, {"version": sub.version, "narrative": "Nội dung dài", f"target_{target.pk}": "12x"}
    ).content.decode()
    assert "không phải là số hợp lệ" in html
    assert "Nội dung dài" in html
    assert "12x" in html
    sub.refresh_from_db()
    assert (sub.status, sub.narrative) == ("draft", "")
    for other in (unit_head_b, secretariat):
        client.force_login(other)
        assert client.post(send, {"version": sub.version, "narrative": "x"}).status_code == 404
    sub.refresh_from_db()
    assert sub.status == "draft"
    client.force_login(unit_head_a)
    client.post(send, {"version": sub.version, "narrative": "Sáu tháng"})
    sub.refresh_from_db()
    assert (sub.status, sub.narrative) == ("submitted", "Sáu tháng")
    services.submission_return(submission=sub, by=secretariat, reason="Thiếu số liệu")
    sub.refresh_from_db()
    html = client.get(url).content.decode()
    resend = reverse("reports:submission-transition", args=[sub.pk, "resubmitted"])
    assert f'formaction="{resend}">Nộp báo cáo</button>' in html
    client.post(resend, {"version": sub.version, "narrative": "Sáu tháng, đã bổ sung"})
    sub.refresh_from_db()
    assert (sub.status, sub.narrative) == ("resubmitted", "Sáu tháng, đã bổ sung")


def _tracker_count(html: str, state: str) -> int:
    import re

    found = re.search(rf'data-state="{state}">.*?<strong>(\d+)</strong>', html, re.S)
    return int(found.group(1))


def _tracker_cells(html: str, label: str) -> int:
    """How many cells of the tracker's table (not its summary) show the state `label`."""
    table = html[html.index("data-tracker>") :]
    return table.count(f">{label}</span>")


def test_cached_tracker_and_round_page_follow_an_acceptance_and_a_new_report(
    client,
    rnd,
    submitted,
    secretariat,
    campaign,
    jurisdiction,
    unit_head_b,
    django_capture_on_commit_callbacks,
):
    tracker_url = reverse("reports:tracker", args=[campaign.pk])
    html = get(client, secretariat, tracker_url).content.decode()
    assert (_tracker_count(html, "on_time"), _tracker_count(html, "accepted")) == (1, 0)
    round_html = client.get(reverse("reports:round-detail", args=[rnd.pk])).content.decode()
    assert "1 đơn vị báo cáo số liệu" in round_html
    with django_capture_on_commit_callbacks(execute=True):  # the bumps run after the commit
        services.submission_accept(submission=submitted, by=secretariat)
    html = client.get(tracker_url).content.decode()
    assert (_tracker_count(html, "on_time"), _tracker_count(html, "accepted")) == (0, 1)
    # the table's rows are cached too (reports.selectors._tracker_rows_data): the cell follows
    assert (_tracker_cells(html, "Đã nộp đúng hạn"), _tracker_cells(html, "Đã tiếp nhận")) == (0, 1)

    target = rnd.campaign.targets.get(name="Thu ngân sách")
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.submission_start(round=rnd, unit=jurisdiction.commune_b, by=unit_head_b)
        figures = {target.pk: Decimal(90)}
        sub = services.submission_save(
            submission=sub, by=unit_head_b, version=sub.version, narrative="", figures=figures
        )
        services.submission_submit(submission=sub, by=unit_head_b)
    round_html = client.get(reverse("reports:round-detail", args=[rnd.pk])).content.decode()
    assert "2 đơn vị báo cáo số liệu" in round_html
    html = client.get(tracker_url).content.decode()
    assert _tracker_count(html, "on_time") == 1
    assert _tracker_cells(html, "Đã nộp đúng hạn") == 1


def test_cached_tracker_moves_a_cell_to_overdue_when_the_deadline_passes(
    client, rnd, secretariat, campaign, jurisdiction, time_machine
):
    """The tracker's states are cached (reports.selectors._tracker_states) under which deadlines
    have passed: the clock alone turns the units that have not reported into "overdue"."""
    tracker_url = reverse("reports:tracker", args=[campaign.pk])
    time_machine.move_to(rnd.deadline - timezone.timedelta(minutes=1))  # well within the cache's life
    html = get(client, secretariat, tracker_url).content.decode()
    waiting = _tracker_count(html, "not_started")
    assert waiting > 0
    assert _tracker_count(html, "overdue") == 0
    assert (_tracker_cells(html, "Chưa bắt đầu"), _tracker_cells(html, "Quá hạn chưa nộp")) == (waiting, 0)
    time_machine.move_to(rnd.deadline + timezone.timedelta(minutes=1))
    html = client.get(tracker_url).content.decode()
    assert (_tracker_count(html, "not_started"), _tracker_count(html, "overdue")) == (0, waiting)
    assert (_tracker_cells(html, "Chưa bắt đầu"), _tracker_cells(html, "Quá hạn chưa nộp")) == (0, waiting)


def test_round_list_campaign_choices_are_per_desk_and_follow_new_and_closed_campaigns(
    client, rnd, campaign, secretariat, other_secretariat, jurisdiction, django_capture_on_commit_callbacks
):
    """The rounds list's campaign filter and its "add a round" buttons are cached per user's
    authority (reports.selectors.round_campaign_choices): another desk never reads them, and a
    campaign launched or closed shows at once."""
    from campaigns.models import Campaign
    from campaigns.tests.factories import CampaignFactory

    url = reverse("reports:round-list")
    add_round = f"{reverse('reports:round-create')}?campaign={campaign.pk}"
    assert add_round in get(client, secretariat, url).content.decode()
    assert add_round in client.get(url).content.decode()  # served from the cache
    assert f'<option value="{campaign.pk}"' not in get(client, other_secretariat, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        new = CampaignFactory(
            launching_unit=jurisdiction.district,
            status=Campaign.Status.LAUNCHED,
            title="Phong trào mới phát động",
        )
        closed = Campaign.objects.get(pk=campaign.pk)
        closed.status = Campaign.Status.CLOSED
        closed.save()
    html = get(client, secretariat, url).content.decode()
    assert f"{reverse('reports:round-create')}?campaign={new.pk}" in html
    assert add_round not in html  # closed: no new rounds
    assert f'<option value="{campaign.pk}"' in html  # still a filter choice for its rounds
