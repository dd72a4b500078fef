"""The home page's cockpit (issue 16 item 1): per role, what waits and where to act.

Each card is a count and the first few rows of one selector of the owning app (scoped there by
the authority layer, ``units/permissions.py``); this module only assembles them. Every card costs
a fixed number of queries (a count and one page of rows), so the home page's query count does not
grow with the data (``thidua/tests/test_cockpit.py``). Every row links to the object's detail page,
the place where the user acts (approve, accept, appraise, sign, vote, score).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaigns import selectors as campaign_selectors
from campaigns.models import Campaign, Registration
from core import caching
from core.roles import Role
from documents import selectors as document_selectors
from documents.models import DocumentDraft, IssuingBody
from nominations import selectors as nomination_selectors
from nominations.models import Council, CouncilSession, Nomination, NominationBatch
from reports import selectors as report_selectors
from reports.models import ReportRound, ReportSubmission
from reports.selectors import TrackerState
from scoring import selectors as scoring_selectors
from units import permissions as authority
from units import selectors as unit_selectors
from units.models import Person, Unit

#: Rows shown per list; the count says how many there are in all.
LIMIT = 8
#: The horizon of "deadlines coming" (issue 16: the next 14 days).
HORIZON_DAYS = 14


@dataclass
class Item:
    """One row of a card: what it is, where to act, and a short note (reason, date, numbers)."""

    label: str
    url: str
    note: str = ""


@dataclass
class CockpitList:
    """A titled list with the total `count` (the list shows at most :data:`LIMIT` rows)."""

    key: str
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    empty: str = ""
    more_url: str = ""
    summary: str = ""


def _d(value) -> str:
    return date_format(value, "d/m/Y") if value else ""


def _dt(value) -> str:
    return date_format(timezone.localtime(value), "d/m/Y") if value else ""


def tree_counts(user) -> dict[str, int]:
    """{"units": n, "people": n}: the units and the people of `user`'s tree-role subtrees (all for
    administrators), for the home page's summary. Cached until a unit or a person changes
    (core/caching.py), keyed by the subtrees' paths: no query while nothing changed, two
    otherwise (the people count reads 60,000 rows at province scale, ≈30 ms)."""
    paths = authority.paths_where(user, authority.TREE_ROLES)
    return caching.cached_aggregate(
        "home:tree_counts",
        [paths],
        [Unit, Person],
        lambda: {
            "units": authority.visible_units(user).count(),
            "people": unit_selectors.people_visible_to(user).count(),
        },
    )


def _page(qs):
    """(count, first rows) of a queryset: two queries whatever its size."""
    return qs.count(), list(qs[:LIMIT])


def _slim_page(qs):
    """(count, first rows) of an ordered queryset with wide joins (`select_related`): the first
    rows' keys are chosen by a narrow subquery (no joined columns), so the database sorts a few
    thousand narrow rows and joins only those it shows (the province's ≈3,000 reports to
    accept: 44 ms → 8 ms, issue 17). Two queries whatever its size."""
    first = qs.select_related(None).values("pk")[:LIMIT]
    return qs.count(), list(qs.filter(pk__in=first))


def secretariat_lists(user, *, now) -> list[CockpitList]:
    """What waits on the desk of `user` (secretariat or admin): registrations to approve, reports
    to accept, batches to appraise, sessions to prepare, drafts to submit for signature, the
    deadlines of the next :data:`HORIZON_DAYS` days and the units late on each open round."""
    today = timezone.localdate(now)
    out = []

    n, rows = _page(campaign_selectors.registrations_to_decide(user))
    out.append(
        CockpitList(
            "registrations",
            _("Đăng ký thi đua chờ duyệt"),
            n,
            [
                Item(
                    f"{r.unit.name} — {r.campaign.display_title}",
                    r.get_absolute_url(),
                    _("gửi ngày %s") % _dt(r.submitted_at),
                )
                for r in rows
            ],
            _("Không có đăng ký nào chờ duyệt."),
        )
    )
    n, rows = _slim_page(report_selectors.submissions_to_accept(user))
    out.append(
        CockpitList(
            "submissions",
            _("Báo cáo chờ tiếp nhận"),
            n,
            [
                Item(
                    f"{s.unit.name} — {s.round.title}",
                    s.get_absolute_url(),
                    _("nộp ngày %s") % _dt(s.submitted_at),
                )
                for s in rows
            ],
            _("Không có báo cáo nào chờ tiếp nhận."),
        )
    )
    n, rows = _page(nomination_selectors.batches_to_appraise(user))
    out.append(
        CockpitList(
            "batches",
            _("Tờ trình chờ thẩm định"),
            n,
            [
                Item(
                    f"{b.unit.name} — {b.title}",
                    reverse("awards:batch-detail", args=[b.pk]),
                    _("gửi ngày %s") % _dt(b.submitted_at),
                )
                for b in rows
            ],
            _("Không có tờ trình nào chờ thẩm định."),
            reverse("awards:batch-list") + "?status=submitted",
        )
    )
    n, rows = _page(nomination_selectors.sessions_to_prepare(user))
    out.append(
        CockpitList(
            "sessions",
            _("Phiên họp Hội đồng cần chuẩn bị"),
            n,
            [
                Item(
                    s.title,
                    reverse("awards:session-detail", args=[s.pk]),
                    _("họp ngày %s") % _d(s.meeting_date),
                )
                for s in rows
            ],
            _("Không có phiên họp nào đang chuẩn bị."),
        )
    )
    n, rows = _page(document_selectors.drafts_to_submit(user))
    out.append(
        CockpitList(
            "drafts",
            _("Văn bản cần trình ký"),
            n,
            [
                Item(d.title, reverse("documents:draft-detail", args=[d.pk]), d.get_doc_type_display())
                for d in rows
            ],
            _("Không có dự thảo nào chờ trình ký."),
        )
    )

    n_rounds, rounds = _page(report_selectors.round_deadlines(user, now=now, days=HORIZON_DAYS))
    n_campaigns, campaigns = _page(
        campaign_selectors.registration_deadlines(user, today=today, days=HORIZON_DAYS)
    )
    deadlines = sorted(
        [
            (
                timezone.localdate(r.deadline),
                Item(r.title, r.get_absolute_url(), _("hạn nộp báo cáo %s") % _dt(r.deadline)),
            )
            for r in rounds
        ]
        + [
            (
                c.registration_deadline,
                Item(
                    c.display_title,
                    c.get_absolute_url(),
                    _("hạn đăng ký thi đua %s") % _d(c.registration_deadline),
                ),
            )
            for c in campaigns
        ],
        key=lambda pair: pair[0],
    )
    out.append(
        CockpitList(
            "deadlines",
            _("Hạn trong %(n)s ngày tới") % {"n": HORIZON_DAYS},
            n_rounds + n_campaigns,
            [item for _day, item in deadlines][:LIMIT],
            _("Không có hạn nào trong %(n)s ngày tới.") % {"n": HORIZON_DAYS},
        )
    )
    n, rows = _page(report_selectors.rounds_with_late_units(user, now=now))
    out.append(
        CockpitList(
            "late",
            _("Đơn vị chậm báo cáo"),
            n,
            [
                Item(
                    r.title,
                    reverse("reports:tracker", args=[r.campaign_id]) + f"?round={r.pk}",
                    _("%(late)s/%(all)s đơn vị chưa nộp, hạn %(d)s")
                    % {"late": r.late_count, "all": r.unit_count, "d": _dt(r.deadline)},
                )
                for r in rows
            ],
            _("Không có kỳ báo cáo nào quá hạn còn đơn vị chưa nộp."),
        )
    )
    return out


def unit_lists(user, *, now) -> list[CockpitList]:
    """A unit head's (or clerk's) cockpit: its deadlines, what was returned with the reason, and
    its nominations' status."""
    today = timezone.localdate(now)
    horizon = today + timedelta(days=HORIZON_DAYS)
    waiting = {TrackerState.NOT_STARTED, TrackerState.DRAFT, TrackerState.OVERDUE, TrackerState.RETURNED}
    deadlines = []
    for r in report_selectors.my_open_rounds(user, now=now):
        if r.state in waiting and timezone.localdate(r.round.deadline) <= horizon:
            note = (
                _("quá hạn %(n)s ngày") % {"n": r.days_overdue}
                if r.days_overdue
                else _("hạn nộp %(d)s (còn %(n)s ngày)") % {"d": _dt(r.round.deadline), "n": r.days_left}
            )
            url = r.submission.get_absolute_url() if r.submission else r.round.get_absolute_url()
            deadlines.append(Item(f"{r.round.title} — {r.unit.name}", url, note))
    for c in campaign_selectors.registration_deadlines(user, today=today, days=HORIZON_DAYS)[:LIMIT]:
        deadlines.append(
            Item(
                c.display_title,
                c.get_absolute_url() + "?tab=registrations",
                _("hạn đăng ký thi đua %s") % _d(c.registration_deadline),
            )
        )

    returned = []
    n_reg, regs = _page(campaign_selectors.registrations_returned_to(user))
    n_sub, subs = _page(report_selectors.submissions_returned_to(user))
    n_bat, bats = _page(nomination_selectors.batches_returned_to(user))
    returned += [
        Item(_("Đăng ký: %s") % r.campaign.display_title, r.get_absolute_url(), r.return_reason) for r in regs
    ]
    returned += [Item(_("Báo cáo: %s") % s.round.title, s.get_absolute_url(), s.return_reason) for s in subs]
    returned += [
        Item(_("Tờ trình: %s") % b.title, reverse("awards:batch-detail", args=[b.pk]), b.return_reason)
        for b in bats
    ]

    n, batches = _page(nomination_selectors.own_batches(user))
    counts = nomination_selectors.own_nomination_status_counts(user)
    return [
        CockpitList(
            "unit-deadlines",
            _("Hạn của đơn vị trong %(n)s ngày tới") % {"n": HORIZON_DAYS},
            len(deadlines),
            deadlines[: LIMIT * 2],
            _("Không có hạn nào trong %(n)s ngày tới.") % {"n": HORIZON_DAYS},
        ),
        CockpitList(
            "returned",
            _("Bị trả lại, cần bổ sung"),
            n_reg + n_sub + n_bat,
            returned,
            _("Không có hồ sơ nào bị trả lại."),
        ),
        CockpitList(
            "nominations",
            _("Tờ trình khen thưởng của đơn vị"),
            n,
            [
                Item(
                    b.title,
                    reverse("awards:batch-detail", args=[b.pk]),
                    _("%(status)s · %(n)s đối tượng, %(d)s đã có quyết định")
                    % {"status": b.get_status_display(), "n": b.nominee_count, "d": b.decided_count},
                )
                for b in batches
            ],
            _("Đơn vị chưa có tờ trình nào."),
            summary="; ".join(f"{label}: {c}" for label, c in counts),
        ),
    ]


def council_lists(user) -> list[CockpitList]:
    """A council member's cockpit: the sessions of its councils not yet closed, with the ballots
    still waiting for the member's vote."""
    n, rows = _page(nomination_selectors.member_sessions(user))
    items = []
    for s in rows:
        note = _("họp ngày %(d)s · %(status)s") % {"d": _d(s.meeting_date), "status": s.get_status_display()}
        if s.pending_ballots:
            note += " · " + _("%(n)s phiếu chờ bạn bỏ") % {"n": s.pending_ballots}
        items.append(Item(s.title, reverse("awards:session-detail", args=[s.pk]), note))
    return [
        CockpitList(
            "council-sessions",
            _("Phiên họp và lá phiếu đang mở"),
            n,
            items,
            _("Không có phiên họp nào đang mở."),
        )
    ]


def signer_lists(user) -> list[CockpitList]:
    """The signer's cockpit: documents and award decisions submitted for its signature."""
    n_d, drafts = _page(document_selectors.drafts_awaiting_signature(user=user))
    n_a, decisions = _page(nomination_selectors.decision_list_for_user(user=user, to_sign=True))
    items = [
        Item(
            d.title,
            reverse("documents:draft-detail", args=[d.pk]),
            _("%(type)s, trình ngày %(d)s") % {"type": d.get_doc_type_display(), "d": _dt(d.submitted_at)},
        )
        for d in drafts
    ] + [
        Item(
            d.title,
            reverse("awards:decision-detail", args=[d.pk]),
            _("Quyết định khen thưởng, %(n)s đối tượng") % {"n": d.line_count},
        )
        for d in decisions
    ]
    return [CockpitList("to-sign", _("Văn bản chờ ký"), n_d + n_a, items, _("Không có văn bản nào chờ ký."))]


def bloc_head_lists(user) -> list[CockpitList]:
    """The bloc head's cockpit: scoring tables waiting for it (criteria to set, cross-scores)."""
    n, rows = _page(scoring_selectors.tables_to_fill_by_head(user))
    return [
        CockpitList(
            "tables",
            _("Bảng chấm điểm cần hoàn thành"),
            n,
            [Item(t.title, t.get_absolute_url(), t.get_status_display()) for t in rows],
            _("Không có bảng chấm điểm nào chờ bạn."),
        )
    ]


#: The tables the secretariat's and the unit head's panels read (each `track`ed by its app).
SECRETARIAT_INPUTS = [
    Registration,
    Campaign,
    ReportRound,
    ReportSubmission,
    NominationBatch,
    CouncilSession,
    Council,
    DocumentDraft,
    IssuingBody,
    Unit,
]
UNIT_INPUTS = [Registration, Campaign, ReportRound, ReportSubmission, NominationBatch, Nomination, Unit]


def _cached_panel(kind: str, user, now, inputs, compute):
    """The panel `compute()` returns ([CockpitList]), from the cache while none of `inputs`
    (model classes) changed, for the same user and grants, within the same clock step of
    ``settings.THIDUA_COCKPIT_CLOCK_SECONDS`` (issue 17: the secretariat's panel costs ≈20
    queries and ≈80 ms at province scale). A change to the data shows at once
    (core/caching.py); what moves with the clock alone (a deadline passing) shows within one step.
    """
    step = max(int(settings.THIDUA_COCKPIT_CLOCK_SECONDS), 1)
    return caching.cached_aggregate(
        f"home:cockpit:{kind}",
        [*authority.authority_key(user), int(now.timestamp()) // step],
        inputs,
        compute,
    )


def cockpit_for(user, *, now=None) -> dict[str, list[CockpitList]]:
    """{role panel: [CockpitList]} for the roles `user` holds today (issue 16 item 1).

    Args: `user` a core.User; `now` an aware datetime (default the clock). Returns only the
    panels of held roles: "secretariat", "unit", "council", "signer", "bloc_head". The
    secretariat's and the unit head's panels are cached (:func:`_cached_panel`).
    """
    now = now or timezone.now()
    out: dict[str, list[CockpitList]] = {}
    if authority.holds_any(user, authority.DESK_ROLES):
        out["secretariat"] = _cached_panel(
            "secretariat", user, now, SECRETARIAT_INPUTS, lambda: secretariat_lists(user, now=now)
        )
    if authority.holds_any(user, authority.UNIT_ROLES):
        out["unit"] = _cached_panel("unit", user, now, UNIT_INPUTS, lambda: unit_lists(user, now=now))
    if authority.holds_any(user, Role.COUNCIL_MEMBER):
        out["council"] = council_lists(user)
    if authority.holds_any(user, authority.SIGNER_ROLES):
        out["signer"] = signer_lists(user)
    if authority.holds_any(user, Role.BLOC_HEAD):
        out["bloc_head"] = bloc_head_lists(user)
    return out
