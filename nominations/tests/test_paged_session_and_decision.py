"""Issue 17 item 3: the session page shows the agenda and the decision page its annex a page at a
time. A member's secret ballot still spans the whole agenda: each vote is stored when cast, the
page says which pages still hold items to vote on, and closing the ballot counts the missing votes
over every page. The page size is patched to 1 so that two items (lines) make two pages."""

from datetime import date

import pytest
from django.urls import reverse

from nominations import services
from nominations import views as nomination_views
from nominations.models import BallotParticipation, BallotTally
from nominations.tests.test_ballot_console import voting  # noqa: F401 - fixture
from nominations.tests.test_decisions import _draft, approved  # noqa: F401 - fixtures

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine.
pytestmark = pytest.mark.django_db


@pytest.fixture
def one_per_page(monkeypatch):
    monkeypatch.setattr(nomination_views, "AGENDA_PAGE_SIZE", 1)
    monkeypatch.setattr(nomination_views, "ANNEX_PAGE_SIZE", 1)


def _get(client, user, url, page=None):
    client.force_login(user)
    return client.get(url, {"page": page} if page else {}).content.decode()


def _vote(client, member, session, item, choice):
    client.force_login(member)
    url = reverse("awards:ballot", args=[session.pk, item.pk])
    return client.post(url, {"choice": choice, "confirm": "1"})


def test_member_votes_page_by_page_and_every_vote_is_kept(client, voting, one_per_page):  # noqa: F811
    world, session, (first, second) = voting
    member = world.members[0]
    detail = reverse("awards:session-detail", args=[session.pk])
    page1 = _get(client, member, detail)
    # Page 1 lists the first item only, with its ballot buttons; the second is on page 2.
    assert reverse("awards:ballot", args=[session.pk, first.pk]) in page1
    assert reverse("awards:ballot", args=[session.pk, second.pk]) not in page1
    assert f'id="item-{second.pk}"' not in page1
    assert "Bạn đã bỏ phiếu 0/2 nội dung" in page1
    assert page1.count('data-testid="pending-page"') == 2
    assert "Trang 1/2" in page1
    # The vote on page 2 brings the member back to page 2, at the item's row.
    response = _vote(client, member, session, second, "no")
    assert response.url == f"{detail}?page=2#item-{second.pk}"
    page1 = _get(client, member, detail)
    assert "Bạn đã bỏ phiếu 1/2 nội dung" in page1
    assert page1.count('data-testid="pending-page"') == 1
    assert '<a href="?page=1" data-testid="pending-page">1</a>' in page1
    response = _vote(client, member, session, first, "yes")
    assert response.url == f"{detail}?page=1#item-{first.pk}"
    # Both votes are stored, each on its own item, whichever page they were cast from.
    assert set(BallotParticipation.objects.filter(member=member).values_list("item_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert (BallotTally.objects.get(item=first).yes, BallotTally.objects.get(item=second).no) == (1, 1)
    page2 = _get(client, member, detail, page=2)
    assert "Bạn đã bỏ phiếu đủ 2/2 nội dung" in page2
    assert "Bạn đã bỏ phiếu</span>" in page2
    assert reverse("awards:ballot", args=[session.pk, second.pk]) not in page2


def test_confirmation_page_goes_back_to_the_items_page(client, voting, one_per_page):  # noqa: F811
    world, session, (_first, second) = voting
    client.force_login(world.members[1])
    html = client.post(
        reverse("awards:ballot", args=[session.pk, second.pk]), {"choice": "yes"}
    ).content.decode()
    detail = reverse("awards:session-detail", args=[session.pk])
    assert f'href="{detail}?page=2#item-{second.pk}"' in html
    assert not BallotParticipation.objects.filter(member=world.members[1]).exists()


def test_console_lists_the_page_and_closing_counts_every_page(client, voting, one_per_page):  # noqa: F811
    world, session, (first, second) = voting
    voters = list(world.council.members.order_by("pk"))
    for member in voters:
        services.ballot_cast(by=member, item=first, choice="yes")  # page 1 complete, page 2 empty
    detail = reverse("awards:session-detail", args=[session.pk])
    page1 = _get(client, world.secretariat, detail)
    console = page1.split('id="ballot-console"')[1].split("</section>")[0]
    assert f'id="console-item-{first.pk}"' in console
    assert f'id="console-item-{second.pk}"' not in console
    assert "5/5" in console
    # The totals and the close step cover the whole agenda, not the page shown.
    assert "Còn 5/5 thành viên chưa bỏ phiếu cho 1 đối tượng. Tôi xác nhận kết thúc bỏ phiếu." in page1
    close = reverse("awards:session-transition", args=[session.pk, "closed"])
    client.post(close, {})
    session.refresh_from_db()
    assert session.status == "voting"
    page2 = _get(client, world.secretariat, detail, page=2)
    assert f'id="console-item-{second.pk}"' in page2
    assert "0/5" in page2
    client.post(close, {"confirm_missing": "on"})
    session.refresh_from_db()
    assert session.status == "closed"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.result, second.result) == ("passed", "failed")


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # after the 1/7/2025 reform, in 2026
def test_decision_annex_is_paged_and_the_total_covers_every_line(client, approved, one_per_page):  # noqa: F811
    world, noms, session = approved
    decision = _draft(world, noms, session, decision_date=date(2025, 8, 1))
    lines = list(decision.lines.order_by("order", "pk"))
    total = "3.861.000"  # 702,000 × 2 + 1,053,000 + 1,404,000: every line, not the page's
    detail = reverse("awards:decision-detail", args=[decision.pk])
    for number, line in enumerate(lines, start=1):
        html = _get(client, world.secretariat, detail, page=number)
        annex = html.split('id="annex"')[1].split("</table>")[0]
        assert line.subject_name in annex
        body = annex.split("<tbody>")[1].split("</tbody>")[0]
        assert body.count("<tr>") == 1  # one line a page
        assert f"<tr><td>{line.order}</td>" in body
        assert f'id="total">{total}<' in annex
        assert "cả 4 dòng" in annex
        assert f"Trang {number}/4" in html
