from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.tests.factories import UnitFactory, UserFactory, grant, kind
from core.roles import Role
from nominations import services
from nominations.models import (
    BallotParticipation,
    BallotTally,
    Decision,
    DossierDocument,
    Nomination,
    NominationBatch,
)
from nominations.tests.workflow_helpers import OVERRIDE, PDF, World, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    return World()


@pytest.fixture
def stranger():
    """A unit head and secretariat of another tree: sees none of the world's objects."""
    user = UserFactory()
    other = UnitFactory(name="UBND xã Xa")
    grant(user, other, Role.UNIT_HEAD)
    grant(user, other, Role.SECRETARIAT)
    grant(user, other, Role.COUNCIL_MEMBER)
    grant(user, other, Role.CHAIR)
    return user


@pytest.fixture
def nobody():
    return UserFactory()


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def post(client, user, url, data=None, **kw):
    client.force_login(user)
    return client.post(url, data or {}, **kw)


# --- Lists: allowed, role-less 404, constant queries ----------------------------------
@pytest.mark.parametrize(
    ("name", "role_attr"),
    [
        ("awards:batch-list", "head"),
        ("awards:batch-create", "head"),
        ("awards:session-list", "secretariat"),
        ("awards:session-create", "secretariat"),
        ("awards:decision-list", "secretariat"),
    ],
)
def test_pages_need_a_role(client, world, nobody, name, role_attr):
    assert get(client, getattr(world, role_attr), reverse(name)).status_code == 200
    assert get(client, nobody, reverse(name)).status_code == 404


def test_council_member_cannot_create_batches_or_sessions(client, world):
    member = world.members[0]
    assert get(client, member, reverse("awards:batch-create")).status_code == 404
    assert get(client, member, reverse("awards:session-create")).status_code == 404
    assert get(client, member, reverse("awards:decision-list")).status_code == 404
    assert get(client, member, reverse("awards:session-list")).status_code == 200


def _batches(world, n):
    NominationBatch.objects.bulk_create(
        [
            NominationBatch(unit=world.commune, title=f"Tờ trình {i}", year=2024, status="submitted")
            for i in range(n)
        ]
    )


def _count(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_batch_lists_constant_queries(client, world, settings):
    settings.THIDUA_PAGE_SIZE = 200
    _batches(world, 10)
    small_head = _count(client, world.head, reverse("awards:batch-list"))
    small_desk = _count(client, world.secretariat, reverse("awards:batch-list") + "?inbox=1")
    _batches(world, 90)
    assert _count(client, world.head, reverse("awards:batch-list")) == small_head
    assert _count(client, world.secretariat, reverse("awards:batch-list") + "?inbox=1") == small_desk
    response = get(client, world.secretariat, reverse("awards:batch-list") + "?inbox=1")
    assert response.content.decode().count("Tờ trình ") >= 100


def test_batch_list_prints_its_total(client, world, settings):
    """The list's "Tổng số" is the number of batches the user sees, on every page (it printed 0)."""
    settings.THIDUA_PAGE_SIZE = 5
    _batches(world, 12)
    for url in (reverse("awards:batch-list"), reverse("awards:batch-list") + "?page=3"):
        page = get(client, world.secretariat, url + ("&" if "?" in url else "?") + "inbox=1").content.decode()
        assert "Tổng số: 12" in page


def test_session_and_decision_lists_constant_queries(client, world):
    from nominations.models import CouncilSession

    def sessions(n):
        CouncilSession.objects.bulk_create(
            [
                CouncilSession(council=world.council, title=f"Phiên {i}", meeting_date=date(2025, 1, 1))
                for i in range(n)
            ]
        )

    def decisions(n):
        Decision.objects.bulk_create(
            [
                Decision(
                    unit=world.district,
                    title=f"QĐ {i}",
                    decision_date=date(2025, 8, 1),
                    rule_set="nd152_2025",
                    article_1="a",
                    article_2="b",
                    article_3="c",
                    signer=world.chair,
                    signer_title="Chủ tịch",
                )
                for i in range(n)
            ]
        )

    sessions(10)
    decisions(10)
    s_desk = _count(client, world.secretariat, reverse("awards:session-list"))
    s_member = _count(client, world.members[0], reverse("awards:session-list"))
    d_desk = _count(client, world.secretariat, reverse("awards:decision-list"))
    d_chair = _count(client, world.chair, reverse("awards:decision-list") + "?sign=1")
    sessions(40)
    decisions(40)
    assert _count(client, world.secretariat, reverse("awards:session-list")) == s_desk
    assert _count(client, world.members[0], reverse("awards:session-list")) == s_member
    assert _count(client, world.secretariat, reverse("awards:decision-list")) == d_desk
    assert _count(client, world.chair, reverse("awards:decision-list") + "?sign=1") == d_chair


# --- Batch pages ---------------------------------------------------------------------
def test_create_batch_through_page_keeps_input_on_error(client, world):
    url = reverse("awards:batch-create")
    r = post(client, world.head, url, {"title": "Đề nghị Giấy khen", "unit": world.commune.pk, "year": "abc"})
    assert r.status_code == 200
    assert "Đề nghị Giấy khen" in r.content.decode()
    r = post(
        client,
        world.head,
        url,
        {"title": "Đề nghị Giấy khen", "unit": world.commune.pk, "year": 2024, "occasion": "regular"},
    )
    batch = NominationBatch.objects.get(title="Đề nghị Giấy khen")
    assert r.url == reverse("awards:batch-detail", args=[batch.pk])


def test_batch_detail_shows_verdicts_missing_and_is_hidden_from_others(client, world, stranger):
    batch, _ = world.batch(award="advanced_worker", docs=False)
    url = reverse("awards:batch-detail", args=[batch.pk])
    page = get(client, world.head, url).content.decode()
    assert "Thiếu <strong>Tờ trình đề nghị kèm danh sách</strong>" in page
    assert "chưa đạt hoàn thành tốt nhiệm vụ trở lên" in page  # the engine's reason
    assert "Luật TĐKT 2022 Điều 24" in page  # with its citation
    assert "Gửi tờ trình" in page
    assert get(client, stranger, url).status_code == 404
    assert get(client, world.head2, url).status_code == 404
    # a draft is not in the secretariat's inbox
    assert get(client, world.secretariat, url).status_code == 404


def test_add_nominee_upload_send_recall_through_pages(client, world, stranger):
    batch, _ = world.batch(people=[], docs=False)
    add = reverse("awards:nomination-add", args=[batch.pk])
    assert post(client, stranger, add, {}).status_code == 404
    post(
        client,
        world.head,
        add,
        {
            "subject_kind": "person",
            "person": world.people[0].pk,
            "award_kind": kind("certificate_of_merit").pk,
        },
    )
    n = batch.nominations.get()
    upload = reverse("awards:document-upload", args=[batch.pk])
    assert post(client, stranger, upload, {"document_type": "submission", "file": pdf()}).status_code == 404
    r = post(
        client,
        world.head,
        upload,
        {"document_type": "submission", "file": pdf("virus.pdf", b"MZ\x90")},
        follow=True,
    )
    assert "không đúng định dạng" in r.content.decode()
    for t in ("submission", "minutes"):
        post(client, world.head, upload, {"document_type": t, "file": pdf()})
    post(
        client, world.head, upload, {"document_type": "achievement_report", "nomination": n.pk, "file": pdf()}
    )
    assert DossierDocument.objects.filter(batch=batch).count() == 3
    doc = DossierDocument.objects.filter(batch=batch).first()
    dl = reverse("awards:document-download", args=[batch.pk, doc.pk])
    response = get(client, world.head, dl)
    assert b"".join(response.streaming_content) == PDF
    assert "to-trinh.pdf" in response["Content-Disposition"]
    assert get(client, stranger, dl).status_code == 404
    submit = reverse("awards:batch-transition", args=[batch.pk, "submitted"])
    assert submit in get(client, world.head, reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    assert get(client, world.head, submit).status_code == 405
    assert post(client, stranger, submit).status_code == 404
    assert (
        post(client, world.head, reverse("awards:batch-transition", args=[batch.pk, "nope"])).status_code
        == 404
    )
    post(client, world.head, submit)
    batch.refresh_from_db()
    assert batch.status == "submitted"
    post(client, world.head, reverse("awards:batch-transition", args=[batch.pk, "draft"]))
    batch.refresh_from_db()
    assert batch.status == "draft"
    remove = reverse("awards:nomination-remove", args=[batch.pk, n.pk])
    assert post(client, stranger, remove).status_code == 404
    post(client, world.head, remove)
    assert not Nomination.objects.filter(pk=n.pk).exists()


def test_appraisal_and_return_pages(client, world, stranger):
    batch, (n1, _n2) = world.batch()
    services.batch_submit(by=world.head, batch=batch)
    url = reverse("awards:batch-detail", args=[batch.pk])
    page = get(client, world.secretariat, url).content.decode()
    assert "Ghi kết quả" in page
    assert "Trả lại" in page
    appraise = reverse("awards:nomination-appraise", args=[batch.pk, n1.pk])
    assert post(client, stranger, appraise, {"accept": "1"}).status_code == 404
    assert post(client, world.head, appraise, {"accept": "1"}).status_code == 404  # not a desk role
    post(client, world.secretariat, appraise, {"accept": "1", "note": "Đủ tiêu chuẩn"})
    n1.refresh_from_db()
    assert n1.status == "appraised"
    assert n1.appraisal_note == "Đủ tiêu chuẩn"
    r = post(
        client,
        world.secretariat,
        reverse("awards:batch-transition", args=[batch.pk, "returned"]),
        {"reason": "Bổ sung"},
        follow=True,
    )
    assert "Đã có đối tượng được thẩm định" in r.content.decode()
    assert "Bổ sung</textarea>" in r.content.decode()  # what was typed stays


# --- Sessions and ballot -------------------------------------------------------------
def test_session_pages_and_secret_ballot(client, world, stranger):
    _batch, (n1, n2) = world.submitted_and_appraised()
    r = post(
        client,
        world.secretariat,
        reverse("awards:session-create"),
        {"council": world.council.pk, "title": "Phiên tháng 12", "meeting_date": "20/12/2025"},
    )
    session = world.council.sessions.get()
    assert r.url == reverse("awards:session-detail", args=[session.pk])
    detail = reverse("awards:session-detail", args=[session.pk])
    action = reverse("awards:session-action", args=[session.pk])
    ballot_open = reverse("awards:session-transition", args=[session.pk, "voting"])
    assert get(client, stranger, detail).status_code == 404
    assert post(client, stranger, ballot_open).status_code == 404
    assert post(client, world.members[0], ballot_open).status_code == 404
    post(client, world.secretariat, action, {"action": "agenda", "nominations": [n1.pk, n2.pk]})
    members = list(world.council.members.all())
    session_open = reverse("awards:session-transition", args=[session.pk, "open"])
    assert session_open in get(client, world.secretariat, detail).content.decode()
    post(client, world.secretariat, session_open, {"attendees": [m.pk for m in members]})
    post(client, world.secretariat, ballot_open)
    items = list(session.items.order_by("order"))
    page = get(client, world.members[0], detail).content.decode()
    assert "Tán thành" in page
    assert "Chưa công bố" in page
    for i, m in enumerate(members):
        ballot = reverse("awards:ballot", args=[session.pk, items[0].pk])
        post(client, m, ballot, {"choice": "yes", "confirm": "1"})
        post(
            client,
            m,
            reverse("awards:ballot", args=[session.pk, items[1].pk]),
            {"choice": "no" if i else "yes", "confirm": "1"},
        )
    assert (
        post(
            client, stranger, reverse("awards:ballot", args=[session.pk, items[0].pk]), {"choice": "yes"}
        ).status_code
        == 404
    )
    page = get(client, world.members[0], detail).content.decode()
    assert "Bạn đã bỏ phiếu" in page
    assert BallotParticipation.objects.count() == 10
    # the admin site offers no view of the counters either
    from django.contrib import admin

    assert BallotTally not in admin.site._registry
    post(client, world.secretariat, reverse("awards:session-transition", args=[session.pk, "closed"]))
    page = get(client, world.members[0], detail).content.decode()
    assert "ĐẠT" in page
    assert "KHÔNG ĐẠT" in page
    n1.refresh_from_db()
    assert n1.status == "approved"


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # depends on today: after the 1/7/2025 reform, in 2026
def test_decision_pages(client, world, stranger):
    from nominations.tests.test_decisions import approve_all

    batch, noms = world.batch(year=2024)
    services.batch_submit(by=world.head, batch=batch)
    for n in noms:
        services.nomination_appraise(
            by=world.secretariat, nomination=n, accept=True, override_reason=OVERRIDE
        )
    session = approve_all(world, noms)
    create = reverse("awards:decision-create", args=[session.pk])
    assert get(client, stranger, create).status_code == 404
    assert get(client, world.members[0], create).status_code == 404
    assert get(client, world.secretariat, create).status_code == 200
    r = post(
        client,
        world.secretariat,
        create,
        {
            "title": "Tặng Giấy khen",
            "decision_date": "01/08/2025",
            "signer_title": "Chủ tịch UBND huyện",
            "signer": world.chair.pk,
            "nominations": [n.pk for n in noms],
        },
    )
    decision = Decision.objects.get()
    assert r.url == reverse("awards:decision-detail", args=[decision.pk])
    detail = reverse("awards:decision-detail", args=[decision.pk])
    page = get(client, world.chair, detail).content.decode()
    assert "702.000" in page
    assert "1.404.000" in page  # total of two lines
    assert "Ký, cấp số và ban hành" in page
    assert get(client, stranger, detail).status_code == 404
    assert get(client, world.head, detail).status_code == 404
    action = reverse("awards:decision-action", args=[decision.pk])
    issue = reverse("awards:decision-transition", args=[decision.pk, "issued"])
    assert issue in page
    assert post(client, stranger, issue).status_code == 404
    assert post(client, world.secretariat, issue, follow=True).status_code == 200
    decision.refresh_from_db()
    assert decision.status == "draft"  # only the signer issues
    r = post(client, world.chair, issue, follow=True)
    decision.refresh_from_db()
    assert decision.status == "issued"
    assert f"Đã ban hành Quyết định số {decision.number}" in r.content.decode()
    for kind_ in ("quyet-dinh", "giay-khen"):
        url = reverse("awards:decision-file", args=[decision.pk, kind_])
        response = get(client, world.chair, url)
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert get(client, stranger, url).status_code == 404
    assert (
        get(client, world.chair, reverse("awards:decision-file", args=[decision.pk, "x"])).status_code == 404
    )
    line = decision.lines.first()
    post(
        client,
        world.secretariat,
        action,
        {
            "action": "annul",
            "line": line.pk,
            "ground": "false_achievement",
        },
    )
    # an annulment is a numbered decision: drafted, submitted, signed by the signer
    from documents.models import DocumentDraft
    from documents.services import draft_issue, draft_submit

    annul_draft = DocumentDraft.objects.get(context__annul__line=line.pk)
    draft_submit(by=world.secretariat, draft=annul_draft, signer=world.chair, signer_title="Chủ tịch")
    annulling = draft_issue(by=world.chair, draft=annul_draft)
    page = get(client, world.secretariat, detail).content.decode()
    assert "Đã hủy bỏ: Gian dối" in page
    assert f"Quyết định số {annulling.symbol}" in page
    # the person's page shows the award (struck through as annulled) via the register
    person_page = get(client, world.secretariat, reverse("units:person-detail", args=[noms[1].person_id]))
    assert decision.number in person_page.content.decode()
    # minutes and ballot-count report of the session
    session_action = reverse("awards:session-action", args=[session.pk])
    assert post(client, stranger, session_action, {"action": "minutes"}).status_code == 404
    post(client, world.secretariat, session_action, {"action": "minutes"})
    session.refresh_from_db()
    assert session.minutes_document_id
    for kind_ in ("bien-ban", "kiem-phieu"):
        url = reverse("awards:session-file", args=[session.pk, kind_])
        assert b"".join(get(client, world.members[0], url).streaming_content).startswith(b"%PDF")
        assert get(client, stranger, url).status_code == 404


def test_nav_links_by_role(client, world):
    page = get(client, world.head, reverse("home")).content.decode()
    assert reverse("awards:batch-list") in page
    page = get(client, world.members[0], reverse("home")).content.decode()
    assert reverse("awards:session-list") in page
    assert reverse("awards:batch-list") not in page
    page = get(client, world.chair, reverse("home")).content.decode()
    assert reverse("awards:decision-list") + "?sign=1" in page


def test_council_member_reads_dossiers_of_agenda_only(client, world):
    _b1, noms = world.submitted_and_appraised(people=world.people[:1])
    session = services.session_create(
        by=world.secretariat, council=world.council, title="P", meeting_date=date.today()
    )
    services.agenda_add(by=world.secretariat, session=session, nominations=noms)
    other, _ = world.batch(people=world.people[1:2], title="Khác")
    services.batch_submit(by=world.head, batch=other)
    member = world.members[0]
    assert get(client, member, reverse("awards:batch-detail", args=[noms[0].batch_id])).status_code == 200
    assert get(client, member, reverse("awards:batch-detail", args=[other.pk])).status_code == 404
    doc = noms[0].batch.documents.first()
    url = reverse("awards:document-download", args=[noms[0].batch_id, doc.pk])
    assert get(client, member, url).status_code == 200
    # a member never gets the unit head's or the desk's actions
    page = get(client, member, reverse("awards:batch-detail", args=[noms[0].batch_id])).content.decode()
    page = page[: page.index("Lịch sử thay đổi")]  # the history names past actions ("Gửi tờ trình …")
    assert "Gửi tờ trình" not in page
    assert "Ghi kết quả" not in page


def test_admin_site_has_no_ballot_tables(admin_client):
    assert admin_client.get("/quan-tri/nominations/council/").status_code == 200
    assert admin_client.get("/quan-tri/nominations/ballottally/").status_code == 404
    assert admin_client.get("/quan-tri/nominations/ballotparticipation/").status_code == 404


def test_batch_detail_constant_queries(client, world):
    from awards.tests.factories import PersonFactory

    def count_for(n):
        people = [PersonFactory(unit=world.commune) for _ in range(n)]
        batch, _ = world.batch(people=people, title=f"Tờ trình {n}")
        cache.clear()  # both sizes read the rule book afresh (it is cached between requests)
        return _count(client, world.head, reverse("awards:batch-detail", args=[batch.pk]))

    assert count_for(2) == count_for(20)


def test_appraised_verdict_is_the_one_recorded(client, world):
    batch, (n1, _n2) = world.submitted_and_appraised()
    n1.refresh_from_db()
    n1.verdict["reasons"][0]["message"] = "Lý do đã ghi lúc thẩm định"
    Nomination.objects.filter(pk=n1.pk).update(verdict=n1.verdict)
    page = get(client, world.secretariat, reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    assert "Lý do đã ghi lúc thẩm định" in page
    assert "Kết quả kiểm tra lúc thẩm định" in page
