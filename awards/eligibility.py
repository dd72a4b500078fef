"""The eligibility engine: pure functions over plain history data (architecture.md §4).

Nothing here touches the database. `awards.histories.load_histories()` loads the histories of
a whole batch of nominees in a fixed number of queries, `awards.rules.load_rulebook()` loads
the dated rules; `evaluate_many()` then answers, for each nominee, *eligible or not, and why*:
every check yields a `Reason` with a Vietnamese message and its legal citation (citations are
rule-set parameters, editable; those law.md §11.4 flags carry ⚠).

Choices where law.md is silent or ambiguous (each is a stored parameter):
- Provincial emulation fighter: the 3-year grassroots-fighter chain ends in the nomination year
  (law.md §4.1 "when the 3rd consecutive CSTĐCS is reached"; the CSTĐCS of that year may be
  proposed in the same batch). `provincial_fighter.chain_ends_in_nomination_year=false` makes
  the chain end the year before.
- A grassroots fighter must *meet* the Advanced Worker criteria of the year (law.md §4.1); an
  Advanced Worker record, or an eligible Advanced Worker nomination in the same batch, proves it.
  A lower award is not a prerequisite for a higher one (ND 152 Art. 4(1)).
- Nominations in the same batch count as "pending" awards once they are themselves eligible:
  the batch is evaluated Advanced Worker first, then grassroots fighter (then the quota), then
  everything else.
- Discipline "in the year" means a penalty whose period overlaps the calendar year.
- After a penalty, achievements count only from the day it ended (ND 152 Art. 4(4)): a chain
  year counts only if it starts on or after the end of every penalty imposed so far.
- Quota (⚠): grassroots fighters ≤ quota % of the Advanced Workers of the same unit and year,
  counting `Histories.unit_holders` (the nominations app fills it with
  `nominations.selectors.quota_holders`, the one definition shared with the batch page's quota
  panel: register records, open nominations of the year and this batch's nominations) and the
  eligible nominations of the batch; when exceeded, every pending nominee of that unit-year fails
  the quota check (the council chooses).
- Collective titles count the unit's current members (`Person.unit`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from awards.choices import (
    RATING_RANK,
    SCOPE_RANK,
    SEVERITY,
    DisciplineForm,
    Occasion,
    Rating,
    SubjectKind,
)
from awards.rules import RuleBook, RuleSetData
from core.exceptions import error_text
from core.formats import format_vn_decimal

ADVANCED_WORKER = "advanced_worker"
GRASSROOTS_FIGHTER = "grassroots_fighter"
PROVINCIAL_FIGHTER = "provincial_fighter"
MERIT_DIPLOMA = "merit_diploma"
ADVANCED_COLLECTIVE = "advanced_collective"
EXCELLENT_COLLECTIVE = "excellent_collective"

INDIVIDUAL, COLLECTIVE, HOUSEHOLD = SubjectKind.INDIVIDUAL, SubjectKind.COLLECTIVE, SubjectKind.HOUSEHOLD
REGULAR = Occasion.REGULAR

# Labels in the engine's messages come from the shared choice lists (awards.choices).
RATING_LABEL = {r.value: r.label for r in Rating}
DISCIPLINE_LABEL = {f.value: f.label for f in DisciplineForm}  # lower-cased in messages


# --- Plain input data ----------------------------------------------------------------
@dataclass(frozen=True)
class AwardFact:
    award: str
    year: int
    occasion: str = REGULAR


@dataclass(frozen=True)
class InitiativeFact:
    scope: str
    year: int


@dataclass(frozen=True)
class DisciplineFact:
    form: str
    start: date
    end: date | None = None

    def overlaps_year(self, year: int) -> bool:
        return self.start <= date(year, 12, 31) and (self.end is None or self.end >= date(year, 1, 1))


@dataclass(frozen=True)
class FreezeFact:
    reason: str
    start: date
    end: date | None = None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class PersonHistory:
    person_id: int
    unit_id: int | None = None
    employed_since: date | None = None
    awards: tuple[AwardFact, ...] = ()
    ratings: dict[int, str] = field(default_factory=dict)
    initiatives: tuple[InitiativeFact, ...] = ()
    disciplines: tuple[DisciplineFact, ...] = ()
    freezes: tuple[FreezeFact, ...] = ()

    def __post_init__(self):
        self._years: dict[tuple[str, bool], set[int]] = defaultdict(set)
        for a in self.awards:
            self._years[(a.award, False)].add(a.year)
            if a.occasion == REGULAR:
                self._years[(a.award, True)].add(a.year)

    def has(self, award: str, year: int, *, regular_only: bool = True) -> bool:
        return year in self._years.get((award, regular_only), ())


@dataclass
class CollectiveHistory:
    unit_id: int
    awards: tuple[AwardFact, ...] = ()
    freezes: tuple[FreezeFact, ...] = ()
    members: tuple[PersonHistory, ...] = ()


@dataclass
class HouseholdHistory:
    household_id: int
    awards: tuple[AwardFact, ...] = ()


@dataclass
class Histories:
    persons: dict[int, PersonHistory] = field(default_factory=dict)
    collectives: dict[int, CollectiveHistory] = field(default_factory=dict)
    households: dict[int, HouseholdHistory] = field(default_factory=dict)
    # (unit id, year, award code) -> ids of people holding it (in force, any occasion)
    unit_holders: dict[tuple[int, int, str], set[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Nominee:
    """Who is proposed for what. `level`/`conferrer`: the body that would decide (optional)."""

    subject_kind: str
    subject_id: int
    award: str
    year: int
    level: str | None = None
    conferrer: str | None = None
    occasion: str = REGULAR


# --- Output --------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    code: str
    ok: bool
    message: str
    citation: str = ""
    unconfirmed: bool = False


@dataclass
class Verdict:
    nominee: Nominee
    rule_set: str = ""
    reasons: list[Reason] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(r.ok for r in self.reasons)

    @property
    def failures(self) -> list[Reason]:
        return [r for r in self.reasons if not r.ok]

    def codes(self, *, failed_only: bool = True) -> set[str]:
        return {r.code for r in self.reasons if not (failed_only and r.ok)}


# --- Helpers -------------------------------------------------------------------------
def _reason(rs: RuleSetData, code: str, ok: bool, message: str, citation_key: str, *params: str) -> Reason:
    citation = rs.citation(citation_key)
    unconfirmed = "⚠" in citation or any(p in rs.unconfirmed_parameters for p in params)
    return Reason(code=code, ok=ok, message=message, citation=citation, unconfirmed=unconfirmed)


def _rating_label(rating: str | None) -> str:
    return str(RATING_LABEL[rating]) if rating in RATING_LABEL else _("chưa có")


def _latest_start(year: int, months: int) -> date:
    """Latest start date that still gives `months` full months of work in `year`."""
    index = (year + 1) * 12 - months  # months since year 0 of the start month
    return date(index // 12, index % 12 + 1, 1)


def counts_from(disciplines: tuple[DisciplineFact, ...], on_date: date) -> date | None:
    """Achievements count only from the end of the last penalty (ND 152 Art. 4(4)).

    Returns the earliest countable day, date.min if no penalty, None if a penalty is still running.
    """
    earliest = date.min
    for d in disciplines:
        if d.start > on_date:
            continue
        if d.end is None or d.end > on_date:
            return None
        earliest = max(earliest, d.end)
    return earliest


def _chain_year_counts(year: int, since: date | None) -> bool:
    return since is not None and date(year, 1, 1) >= since


# --- Common checks -------------------------------------------------------------------
def check_freeze(freezes: tuple[FreezeFact, ...], on_date: date, rs: RuleSetData) -> list[Reason]:
    """Is the subject under review (a frozen period: investigation, complaint, discipline pending)?

    Args: `freezes` of the subject; `on_date` the reference date; `rs` the rule set in force.
    Returns one failing Reason per active freeze period (none when freezes are disabled by the
    rule parameter `principles.freeze_enabled`). Raises ValidationError if that parameter is missing.
    Legal source: ND 152/2025 Art. 4 (no award while under review), law.md §4.
    """
    if not rs.param("principles.freeze_enabled"):
        return []
    active = [f for f in freezes if f.active_on(on_date)]
    if active:
        msg = _(
            "Đang trong thời gian xem xét (%(why)s) từ %(d)s: chưa khen thưởng, chưa đề nghị cấp trên."
        ) % {
            "why": ", ".join(sorted({_FREEZE_LABEL.get(f.reason, f.reason) for f in active})),
            "d": min(f.start for f in active).strftime("%d/%m/%Y"),
        }
        return [_reason(rs, "under_review", False, msg, "principles", "principles.freeze_enabled")]
    return [
        _reason(
            rs,
            "under_review",
            True,
            _("Không trong thời gian bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại."),
            "principles",
            "principles.freeze_enabled",
        )
    ]


_FREEZE_LABEL = {
    "disciplinary_review": "xem xét kỷ luật",
    "investigation": "điều tra, thanh tra, kiểm tra, kiểm toán",
    "complaint": "xác minh khiếu nại, tố cáo",
    "press_corruption": "xác minh thông tin báo chí phản ánh",
}


LEVEL_ORDER = ("commune", "district", "province", "national")


def route_level(rs: RuleSetData, award: str, level: str) -> str | None:
    """The lowest level above `level` that may confer `award` under `rs`, or None."""
    above = LEVEL_ORDER[LEVEL_ORDER.index(level) + 1 :] if level in LEVEL_ORDER else LEVEL_ORDER
    return next((lv for lv in above if rs.may_confer(award, lv)), None)


def check_authority(nominee: Nominee, rs: RuleSetData, on_date: date) -> list[Reason]:
    """May the body at `nominee.level` confer this award on `on_date` (law.md §6, §9)?

    At appraisal this is routing, not a criterion: when the level cannot decide, the reason is
    kept as passed ("authority_route") and says to which level to send the file ("trình cấp
    tỉnh"). Whoever drafts the decision checks authority again with the decision's date and the
    deciding body's level (`authority_refusal`)."""
    if not nominee.level:
        return []
    ok = rs.may_confer(nominee.award, nominee.level, nominee.conferrer)
    params = {"level": _LEVEL_LABEL.get(nominee.level, nominee.level), "d": on_date.strftime("%d/%m/%Y")}
    if ok:
        msg = _("Cấp %(level)s có thẩm quyền quyết định khen thưởng này vào ngày %(d)s.") % params
        return [_reason(rs, "authority", True, msg, "authority")]
    target = route_level(rs, nominee.award, nominee.level)
    params["to"] = _LEVEL_LABEL.get(target, target) if target else ""
    msg = (
        _("Cấp %(level)s không quyết định khen thưởng này (ngày %(d)s): trình cấp %(to)s.")
        if target
        else _("Cấp %(level)s không quyết định khen thưởng này (ngày %(d)s): trình cấp có thẩm quyền.")
    ) % params
    return [_reason(rs, "authority_route", True, msg, "authority")]


def authority_refusal(rs: RuleSetData, award: str, award_name: str, level: str, on_date: date) -> str | None:
    """None when the body at `level` may decide `award` on `on_date`; else the Vietnamese refusal
    naming the level to send it to (used when a decision is drafted)."""
    if rs.may_confer(award, level):
        return None
    target = route_level(rs, award, level)
    return _("Cấp %(level)s không có thẩm quyền quyết định “%(a)s” vào ngày %(d)s%(to)s.") % {
        "level": _LEVEL_LABEL.get(level, level),
        "a": award_name,
        "d": on_date.strftime("%d/%m/%Y"),
        "to": (_("; trình cấp %(l)s") % {"l": _LEVEL_LABEL.get(target, target)}) if target else "",
    }


_LEVEL_LABEL = {"national": "Trung ương", "province": "tỉnh", "district": "huyện", "commune": "xã"}


# --- Individual titles and awards ----------------------------------------------------
def check_advanced_worker(h: PersonHistory, year: int, rs: RuleSetData) -> list[Reason]:
    """Lao động tiên tiến (Law 2022 Art. 24): task rating of `year` at least the rule set's
    `advanced_worker.min_rating`, at least `advanced_worker.min_months_worked` months worked in the
    year, and no discipline of the configured form in the year.

    Args: `h` the person's history; `year` the achievement year; `rs` the rule set in force.
    Returns the Reasons (passed and failed, each with its citation). Raises ValidationError when a
    parameter is missing.
    """
    out = []
    min_rating = rs.param("advanced_worker.min_rating")
    rating = h.ratings.get(year)
    ok = rating is not None and RATING_RANK[rating] >= RATING_RANK[min_rating]
    out.append(
        _reason(
            rs,
            "aw_rating",
            ok,
            (
                _("Năm %(y)s xếp loại: %(r)s.")
                if ok
                else _("Năm %(y)s chưa đạt hoàn thành tốt nhiệm vụ trở lên (xếp loại: %(r)s).")
            )
            % {"y": year, "r": _rating_label(rating)},
            "advanced_worker",
            "advanced_worker.min_rating",
        )
    )
    months = int(rs.param("advanced_worker.min_months_worked"))
    if h.employed_since is None:
        ok, msg = (
            False,
            _("Chưa có ngày bắt đầu công tác để tính thời gian công tác trong năm %(y)s.") % {"y": year},
        )
    else:
        ok = h.employed_since <= _latest_start(year, months)
        msg = (
            _("Công tác từ %(d)s: đủ %(m)s tháng trong năm %(y)s.")
            if ok
            else _("Công tác từ %(d)s: chưa đủ %(m)s tháng trong năm %(y)s.")
        ) % {"d": h.employed_since.strftime("%d/%m/%Y"), "m": months, "y": year}
    out.append(
        _reason(rs, "aw_months", ok, msg, "advanced_worker.months", "advanced_worker.min_months_worked")
    )
    out.append(
        _discipline_in_year(
            [h],
            year,
            rs,
            "aw_discipline",
            "advanced_worker.excluding_discipline_from",
            "advanced_worker.discipline",
        )
    )
    return out


def _discipline_in_year(people, year, rs, code, param, citation_key) -> Reason:
    threshold = SEVERITY[rs.param(param)]
    hits = [
        d
        for h in people
        for d in h.disciplines
        if SEVERITY.get(d.form, 0) >= threshold and d.overlaps_year(year)
    ]
    label = str(DISCIPLINE_LABEL[rs.param(param)]).lower()
    if hits:
        msg = _("Có kỷ luật từ %(f)s trở lên trong năm %(y)s (%(list)s).") % {
            "f": label,
            "y": year,
            "list": ", ".join(sorted({str(DISCIPLINE_LABEL.get(d.form, d.form)).lower() for d in hits})),
        }
    else:
        msg = _("Không bị kỷ luật từ %(f)s trở lên trong năm %(y)s.") % {"f": label, "y": year}
    return _reason(rs, code, not hits, msg, citation_key, param)


def check_grassroots_fighter(
    h: PersonHistory, year: int, rs: RuleSetData, pending: set[tuple[str, int, str, int]]
) -> list[Reason]:
    """Chiến sĩ thi đua cơ sở (law.md §4.1; the article number differs between sources, the
    citation is a rule parameter): meets the Advanced Worker criteria of `year` (a
    record, or an eligible Advanced Worker nomination in `pending`), and has an initiative of at
    least `grassroots_fighter.min_initiative_scope` recognised in the year. The quota is checked
    across the batch by `evaluate_many` (see `check_quota`).

    Args: `h` the person's history; `year`; `rs`; `pending` = {(subject kind, id, award, year)} of
    eligible nominations judged earlier in the batch. Returns the Reasons; raises ValidationError
    when a parameter is missing.
    """
    out = []
    if h.has(ADVANCED_WORKER, year) or (INDIVIDUAL, h.person_id, ADVANCED_WORKER, year) in pending:
        out.append(
            _reason(
                rs,
                "gf_advanced_worker",
                True,
                _("Đạt danh hiệu Lao động tiên tiến năm %(y)s.") % {"y": year},
                "grassroots_fighter",
            )
        )
    else:
        out.extend(check_advanced_worker(h, year, rs))
    min_scope = SCOPE_RANK[rs.param("grassroots_fighter.min_initiative_scope")]
    excellent = h.ratings.get(year) == "excellent"
    initiative = any(i.year == year and SCOPE_RANK.get(i.scope, 0) >= min_scope for i in h.initiatives)
    ok = excellent or initiative
    if excellent:
        msg = _("Hoàn thành xuất sắc nhiệm vụ năm %(y)s.") % {"y": year}
    elif initiative:
        msg = _("Có sáng kiến được công nhận năm %(y)s.") % {"y": year}
    else:
        msg = _("Năm %(y)s không hoàn thành xuất sắc nhiệm vụ và không có sáng kiến được công nhận.") % {
            "y": year
        }
    out.append(
        _reason(rs, "gf_excellence", ok, msg, "grassroots_fighter", "grassroots_fighter.min_initiative_scope")
    )
    return out


def check_provincial_fighter(
    h: PersonHistory, year: int, rs: RuleSetData, pending: set, on_date: date
) -> list[Reason]:
    """Chiến sĩ thi đua cấp tỉnh (law.md §4.1; cited through rule parameters): `provincial_fighter.
    consecutive_grassroots_years` consecutive grassroots-fighter years ending in (or before, per
    `chain_ends_in_nomination_year`) the nomination year, counted only after any penalty ended
    (ND 152 Art. 4(4)), and an initiative of `provincial_fighter.initiative_scope` or wider.

    Args: `h`, `year`, `rs`, `pending` (as in `check_grassroots_fighter`), `on_date` the reference
    date. Returns the Reasons; raises ValidationError when a parameter is missing.
    """
    n = int(rs.param("provincial_fighter.consecutive_grassroots_years"))
    end = year if rs.param("provincial_fighter.chain_ends_in_nomination_year") else year - 1
    years = list(range(end - n + 1, end + 1))
    regular_only = bool(rs.param("principles.chain_regular_only"))
    since = counts_from(h.disciplines, on_date)
    missing = [
        y
        for y in years
        if not (
            (
                h.has(GRASSROOTS_FIGHTER, y, regular_only=regular_only)
                or (INDIVIDUAL, h.person_id, GRASSROOTS_FIGHTER, y) in pending
            )
            and _chain_year_counts(y, since)
        )
    ]
    span = {"n": n, "a": years[0], "b": years[-1]}
    if missing:
        msg = _("Chưa đủ %(n)s năm liên tục đạt Chiến sĩ thi đua cơ sở (%(a)s–%(b)s); thiếu năm: %(m)s.") % {
            **span,
            "m": ", ".join(str(y) for y in missing),
        } + _left_out(h, GRASSROOTS_FIGHTER, missing, regular_only)
    else:
        msg = _("Đạt Chiến sĩ thi đua cơ sở %(n)s năm liên tục (%(a)s–%(b)s).") % span
    out = [
        _reason(
            rs,
            "pf_chain",
            not missing,
            msg,
            "provincial_fighter",
            "provincial_fighter.consecutive_grassroots_years",
            "provincial_fighter.chain_ends_in_nomination_year",
        )
    ]
    if since is None or since > date.min:
        out.append(_penalty_reason(rs, since))
    scope = SCOPE_RANK[rs.param("provincial_fighter.initiative_scope")]
    found = any(
        i.year in years and SCOPE_RANK.get(i.scope, 0) >= scope and _chain_year_counts(i.year, since)
        for i in h.initiatives
    )
    out.append(
        _reason(
            rs,
            "pf_initiative",
            found,
            (
                _("Có sáng kiến có phạm vi ảnh hưởng cấp tỉnh trong các năm %(a)s–%(b)s.")
                if found
                else _("Chưa có sáng kiến có phạm vi ảnh hưởng cấp tỉnh trong các năm %(a)s–%(b)s.")
            )
            % span,
            "provincial_fighter",
            "provincial_fighter.initiative_scope",
        )
    )
    return out


_OCCASION_LABEL = {
    "thematic": "khen theo đợt, chuyên đề",
    "ad_hoc": "khen đột xuất",
    "long_service": "khen quá trình cống hiến",
}


def _left_out(h: PersonHistory, award: str, years, regular_only: bool) -> str:
    """ " Không tính vào chuỗi: … (năm 2023, khen theo đợt, chuyên đề) …" for the awards of
    `years` held only on an occasion that does not count toward a chain (ND 152/2025 Art. 4),
    or "" when there is none (or when the rule set counts every occasion)."""
    if not regular_only:
        return ""
    left = sorted(
        {
            (a.year, a.occasion)
            for a in h.awards
            if a.award == award and a.year in years and a.occasion != REGULAR
        }
        - {(y, o) for y in years if h.has(award, y, regular_only=True) for o in _OCCASION_LABEL}
    )
    if not left:
        return ""
    items = "; ".join(f"năm {y}: {_OCCASION_LABEL.get(o, o)}" for y, o in left)
    return " " + _(
        "Không tính vào chuỗi (%(items)s): khen đột xuất, theo đợt, chuyên đề không làm căn cứ "
        "đề nghị khen cao hơn (NĐ 152/2025 Điều 4)."
    ) % {"items": items}


def _penalty_reason(rs: RuleSetData, since: date | None) -> Reason:
    if since is None:
        return _reason(
            rs,
            "penalty_running",
            False,
            _("Đang trong thời hạn kỷ luật: thành tích chưa được tính."),
            "principles",
        )
    return _reason(
        rs,
        "penalty_served",
        True,
        _("Thành tích chỉ được tính từ ngày hết thời hạn kỷ luật (%(d)s).")
        % {"d": since.strftime("%d/%m/%Y")},
        "principles",
    )


def check_merit_diploma_individual(
    h: PersonHistory, year: int, rs: RuleSetData, pending: set, on_date: date
) -> list[Reason]:
    """Bằng khen of the provincial chairman for an individual (Law 2022 Art. 74(1)(d), law.md §5.1):
    either
    `merit_diploma.consecutive_fighter_years` grassroots-fighter years, or
    `merit_diploma.consecutive_excellent_years` excellent ratings with
    `merit_diploma.unit_initiatives` initiatives, counted after any penalty ended.

    Args: `h`, `year`, `rs`, `pending`, `on_date` as in `check_provincial_fighter`. Returns the
    Reasons; raises ValidationError when a parameter is missing.
    """
    regular_only = bool(rs.param("principles.chain_regular_only"))
    since = counts_from(h.disciplines, on_date)
    n_fighter = int(rs.param("merit_diploma.consecutive_fighter_years"))
    n_excellent = int(rs.param("merit_diploma.consecutive_excellent_years"))
    n_init = int(rs.param("merit_diploma.unit_initiatives"))
    fighter_years = range(year - n_fighter + 1, year + 1)
    path_a = all(
        (
            h.has(GRASSROOTS_FIGHTER, y, regular_only=regular_only)
            or (INDIVIDUAL, h.person_id, GRASSROOTS_FIGHTER, y) in pending
        )
        and _chain_year_counts(y, since)
        for y in fighter_years
    )
    excellent_years = range(year - n_excellent + 1, year + 1)
    excellent = all(h.ratings.get(y) == "excellent" and _chain_year_counts(y, since) for y in excellent_years)
    initiatives = sum(
        1 for i in h.initiatives if i.year in excellent_years and _chain_year_counts(i.year, since)
    )
    path_b = excellent and initiatives >= n_init
    params = {
        "n": n_fighter,
        "a": fighter_years[0],
        "b": year,
        "e": n_excellent,
        "c": excellent_years[0],
        "i": n_init,
        "k": initiatives,
    }
    if path_a:
        msg = _("Đạt Chiến sĩ thi đua cơ sở %(n)s năm liên tục (%(a)s–%(b)s).") % params
    elif path_b:
        msg = (
            _("Hoàn thành xuất sắc nhiệm vụ %(e)s năm liên tục (%(c)s–%(b)s) và có %(k)s sáng kiến.") % params
        )
    else:
        msg = (
            _(
                "Chưa đạt: cần %(n)s năm liên tục Chiến sĩ thi đua cơ sở (%(a)s–%(b)s), "
                "hoặc %(e)s năm liên tục "
                "hoàn thành xuất sắc nhiệm vụ kèm %(i)s sáng kiến (hiện có %(k)s)."
            )
            % params
        ) + _left_out(h, GRASSROOTS_FIGHTER, list(fighter_years), regular_only)
    out = [
        _reason(
            rs,
            "md_criteria",
            path_a or path_b,
            msg,
            "merit_diploma",
            "merit_diploma.consecutive_fighter_years",
            "merit_diploma.consecutive_excellent_years",
            "merit_diploma.unit_initiatives",
        )
    ]
    if since is None or since > date.min:
        out.append(_penalty_reason(rs, since))
    return out


# --- Collective titles ---------------------------------------------------------------
def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)) if whole else Decimal(0)


def _fmt_pct(value: Decimal) -> str:
    return format_vn_decimal(value.quantize(Decimal("0.1")), as_is=True)


def _member_has(m: PersonHistory, award: str, year: int, pending: set) -> bool:
    return m.has(award, year) or (INDIVIDUAL, m.person_id, award, year) in pending


def check_advanced_collective(c: CollectiveHistory, year: int, rs: RuleSetData, pending: set) -> list[Reason]:
    """Tập thể lao động tiên tiến (law.md §4.2): more than
    `advanced_collective.min_advanced_worker_percent` % of the unit's current members are Advanced
    Workers of `year` (records or eligible pending nominations), and no member disciplined beyond the
    configured form.

    Args: `c` the collective's history (members = current `Person.unit`), `year`, `rs`, `pending`.
    Returns the Reasons; raises ValidationError when a parameter is missing.
    """
    members = c.members
    aw = sum(1 for m in members if _member_has(m, ADVANCED_WORKER, year, pending))
    share = _percent(aw, len(members))
    minimum = Decimal(str(rs.param("advanced_collective.min_advanced_worker_percent")))
    ok = bool(members) and share > minimum
    msg = _("%(aw)s/%(n)s thành viên (%(p)s%%) đạt Lao động tiên tiến năm %(y)s; yêu cầu trên %(min)s%%.") % {
        "aw": aw,
        "n": len(members),
        "p": _fmt_pct(share),
        "y": year,
        "min": minimum,
    }
    return [
        _reason(
            rs, "ac_share", ok, msg, "advanced_collective", "advanced_collective.min_advanced_worker_percent"
        ),
        _discipline_in_year(
            members,
            year,
            rs,
            "ac_discipline",
            "advanced_collective.excluding_discipline_from",
            "advanced_collective",
        ),
    ]


def check_excellent_collective(
    c: CollectiveHistory, year: int, rs: RuleSetData, pending: set
) -> list[Reason]:
    """Tập thể lao động xuất sắc (Law 2022 Art. 27): at least
    `excellent_collective.min_advanced_worker_percent` % Advanced Workers,
    `excellent_collective.min_completed_percent` % of members completing their tasks, at least
    `excellent_collective.min_grassroots_fighters` grassroots fighter(s) in the year.

    Args: `c`, `year`, `rs`, `pending` as in `check_advanced_collective`. Returns the Reasons;
    raises ValidationError when a parameter is missing.
    """
    members = c.members
    n = len(members)
    aw = sum(1 for m in members if _member_has(m, ADVANCED_WORKER, year, pending))
    share = _percent(aw, n)
    min_aw = Decimal(str(rs.param("excellent_collective.min_advanced_worker_percent")))
    completed = sum(
        1 for m in members if RATING_RANK.get(m.ratings.get(year, ""), 0) >= RATING_RANK["completed"]
    )
    completed_share = _percent(completed, n)
    min_completed = Decimal(str(rs.param("excellent_collective.min_completed_percent")))
    fighters = sum(1 for m in members if _member_has(m, GRASSROOTS_FIGHTER, year, pending))
    min_fighters = int(rs.param("excellent_collective.min_grassroots_fighters"))
    return [
        _reason(
            rs,
            "ec_share",
            n > 0 and share >= min_aw,
            _("%(aw)s/%(n)s thành viên (%(p)s%%) đạt Lao động tiên tiến năm %(y)s; yêu cầu từ %(min)s%%.")
            % {"aw": aw, "n": n, "p": _fmt_pct(share), "y": year, "min": min_aw},
            "excellent_collective",
            "excellent_collective.min_advanced_worker_percent",
        ),
        _reason(
            rs,
            "ec_completed",
            n > 0 and completed_share >= min_completed,
            _("%(c)s/%(n)s thành viên hoàn thành nhiệm vụ năm %(y)s; yêu cầu %(min)s%%.")
            % {"c": completed, "n": n, "y": year, "min": min_completed},
            "excellent_collective",
            "excellent_collective.min_completed_percent",
        ),
        _reason(
            rs,
            "ec_fighter",
            fighters >= min_fighters,
            _("%(f)s cá nhân đạt Chiến sĩ thi đua cơ sở năm %(y)s; yêu cầu ít nhất %(min)s.")
            % {"f": fighters, "y": year, "min": min_fighters},
            "excellent_collective",
            "excellent_collective.min_grassroots_fighters",
        ),
    ]


# --- Dossier --------------------------------------------------------------------------
INITIATIVE_ALWAYS = frozenset({PROVINCIAL_FIGHTER, "national_fighter"})


def claim_rests_on_initiative(award: str, rating: str | None) -> bool:
    """Does a claim to `award` rest on an initiative, so that the dossier needs the initiative's
    certificate (xác nhận sáng kiến, Law Art. 84)?

    Grassroots fighter: only when the year's rating (`rating`, a TaskRating value or None) is not
    "excellent" — HTXSNV is the other way to the title (law.md §4.1). Provincial and national
    fighters: always (an initiative is one of their criteria). Any other award: never.
    """
    if award == GRASSROOTS_FIGHTER:
        return rating != "excellent"
    return award in INITIATIVE_ALWAYS


# --- Quota ---------------------------------------------------------------------------
QUOTA_ROUNDING_LABEL = {
    "floor": "làm tròn xuống",
    "nearest": "làm tròn đến số gần nhất",
    "at_least_one": "làm tròn xuống, ít nhất 1",
}


def quota_allowed(advanced_workers: int, percent: Decimal, rounding: str) -> int:
    """How many grassroots fighters a unit-year may have: `percent` of its Advanced Workers,
    rounded by the dated parameter `grassroots_fighter.quota_rounding` (⚠ unconfirmed, law.md
    §4.1): "floor" (default, "không quá"), "nearest" (half up) or "at_least_one" (floor, but one
    when the unit has any Advanced Worker)."""
    exact = Decimal(advanced_workers) * percent / 100
    if rounding == "nearest":
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    allowed = int(exact)
    if rounding == "at_least_one" and advanced_workers > 0:
        return max(1, allowed)
    return allowed


def check_quota(*, advanced_workers: int, fighters: int, rs: RuleSetData) -> Reason:
    """Grassroots fighters ≤ quota % of Advanced Workers of the unit-year (⚠ ND 91 rule); the
    reason states the percentage and the rounding applied."""
    percent = Decimal(str(rs.param("grassroots_fighter.quota_percent")))
    rounding = str(rs.param("grassroots_fighter.quota_rounding"))
    allowed = quota_allowed(advanced_workers, percent, rounding)
    ok = fighters <= allowed
    msg = (
        _(
            "Tỷ lệ Chiến sĩ thi đua cơ sở của đơn vị: %(f)s/%(aw)s Lao động tiên tiến "
            "(tối đa %(max)s: %(p)s%% của %(aw)s, %(r)s)."
        )
        if ok
        else _(
            "Vượt tỷ lệ: %(f)s Chiến sĩ thi đua cơ sở trên %(aw)s Lao động tiên tiến của đơn vị, "
            "tối đa %(max)s (%(p)s%% của %(aw)s, %(r)s)."
        )
    ) % {
        "f": fighters,
        "aw": advanced_workers,
        "max": allowed,
        "p": f"{percent.normalize():f}".replace(".", ","),
        "r": QUOTA_ROUNDING_LABEL.get(rounding, rounding),
    }
    return _reason(
        rs,
        "gf_quota",
        ok,
        msg,
        "grassroots_fighter.quota",
        "grassroots_fighter.quota_percent",
        "grassroots_fighter.quota_rounding",
    )


# --- Dispatch ------------------------------------------------------------------------
_SUBJECT_LABEL = {INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể", HOUSEHOLD: "hộ gia đình"}


def evaluate(
    nominee: Nominee, on_date: date, *, rules: RuleBook, histories: Histories, pending: set | None = None
) -> Verdict:
    """One nominee (no quota: that needs the batch; use `evaluate_many`)."""
    pending = pending or set()
    try:
        rs = rules.rule_set_on(on_date)
    except ValidationError as exc:
        return Verdict(nominee, "", [Reason("rule_set", False, error_text(exc))])
    verdict = Verdict(nominee, rs.code)
    reasons = verdict.reasons
    allowed = rules.award_subjects.get(nominee.award)
    if allowed is None or nominee.subject_kind not in allowed:
        reasons.append(
            Reason(
                "subject_kind",
                False,
                _("Danh hiệu, hình thức “%(a)s” không tặng cho %(s)s.")
                % {
                    "a": rules.award_names.get(nominee.award, nominee.award),
                    "s": _SUBJECT_LABEL.get(nominee.subject_kind, ""),
                },
            )
        )
        return verdict
    reasons.extend(check_authority(nominee, rs, on_date))
    year, award = nominee.year, nominee.award
    if nominee.subject_kind == INDIVIDUAL:
        h = histories.persons.get(nominee.subject_id) or PersonHistory(person_id=nominee.subject_id)
        reasons.extend(check_freeze(h.freezes, on_date, rs))
        if award == ADVANCED_WORKER:
            reasons.extend(check_advanced_worker(h, year, rs))
        elif award == GRASSROOTS_FIGHTER:
            reasons.extend(check_grassroots_fighter(h, year, rs, pending))
        elif award == PROVINCIAL_FIGHTER:
            reasons.extend(check_provincial_fighter(h, year, rs, pending, on_date))
        elif award == MERIT_DIPLOMA:
            reasons.extend(check_merit_diploma_individual(h, year, rs, pending, on_date))
        else:
            reasons.append(_manual(rs, award, rules))
    elif nominee.subject_kind == COLLECTIVE:
        c = histories.collectives.get(nominee.subject_id) or CollectiveHistory(unit_id=nominee.subject_id)
        reasons.extend(check_freeze(c.freezes, on_date, rs))
        if award == ADVANCED_COLLECTIVE:
            reasons.extend(check_advanced_collective(c, year, rs, pending))
        elif award == EXCELLENT_COLLECTIVE:
            reasons.extend(check_excellent_collective(c, year, rs, pending))
        else:
            reasons.append(_manual(rs, award, rules))
    else:
        reasons.append(_manual(rs, award, rules))
    return verdict


def _manual(rs: RuleSetData, award: str, rules: RuleBook) -> Reason:
    return Reason(
        "manual_review",
        True,
        _(
            "Tiêu chuẩn của “%(a)s” do bộ phận thẩm định xem xét; "
            "hệ thống chỉ kiểm tra thẩm quyền và thời gian bị xem xét."
        )
        % {"a": rules.award_names.get(award, award)},
    )


QUOTA_STAGE = 1  # the stage whose nominees are judged together by the unit-year quota


def _stage(n: Nominee) -> int:
    return {ADVANCED_WORKER: 0, GRASSROOTS_FIGHTER: QUOTA_STAGE}.get(n.award, 2)


def needed_to_judge(nominees: list[Nominee], wanted) -> list[int]:
    """The indexes of `nominees` that `evaluate_many` must be given so that the nominees at the
    `wanted` indexes get exactly the verdicts they get within the whole list (a page of a batch
    judged within its whole batch, without judging the whole batch).

    Args: `nominees` the whole batch; `wanted` indexes into it (any iterable of ints). Returns
    sorted indexes: every nominee of a stage before the highest stage among the wanted ones (its
    eligible nominees become the later stages' pending awards), every nominee of that highest
    stage when it is the quota stage (grassroots fighters of a unit-year share one budget), else
    only the wanted nominees of that stage (a stage's nominees do not depend on one another
    outside the quota). Nothing of a later stage: it never feeds an earlier one. Pure, no query.
    Legal source: as `evaluate_many` (law.md §4).
    """
    wanted = set(wanted)
    if not wanted:
        return []
    stages = [_stage(n) for n in nominees]
    top = max(stages[i] for i in wanted)
    return [i for i, s in enumerate(stages) if i in wanted or s < top or s == top == QUOTA_STAGE]


def _key(n: Nominee) -> tuple[str, int, str, int]:
    return (n.subject_kind, n.subject_id, n.award, n.year)


def evaluate_many(
    nominees: list[Nominee],
    on_date: date,
    *,
    rules: RuleBook,
    histories: Histories,
) -> list[Verdict]:
    """Evaluate a batch; verdicts come back in the order of `nominees`.

    Args:
        nominees: the nominations to judge (subject kind and id, award code, achievement year).
        on_date: the reference date choosing the rule set in force (a `date`, no time).
        rules: the dated rules (`awards.rules.load_rulebook()`).
        histories: the nominees' plain histories (`awards.histories.load_histories(nominees)`).

    Returns one `Verdict` per nominee (eligible or not, with a cited `Reason` per check).
    Advanced Workers are judged first, then grassroots fighters and their quota, then the rest,
    so eligible nominations of an earlier stage count as pending awards for the later ones.

    Raises ValidationError when no rule set covers `on_date` or a rule parameter is missing.
    Legal source: Law on Emulation and Commendation 2022 Art. 23-28, ND 152/2025 (law.md §4).
    """
    verdicts: list[Verdict] = [None] * len(nominees)  # type: ignore[list-item]
    stages: dict[int, list[int]] = {0: [], 1: [], 2: []}
    for i, n in enumerate(nominees):
        stages[_stage(n)].append(i)
    pending: set[tuple[str, int, str, int]] = set()
    for stage in (0, 1, 2):
        for i in stages[stage]:
            verdicts[i] = evaluate(nominees[i], on_date, rules=rules, histories=histories, pending=pending)
        if stage == QUOTA_STAGE:
            _apply_quota(nominees, verdicts, stages[1], rules, histories, pending)
        pending.update(_key(nominees[i]) for i in stages[stage] if verdicts[i].eligible)
    return verdicts


def _apply_quota(nominees, verdicts, indexes, rules: RuleBook, histories: Histories, pending) -> None:
    """Add the unit-year quota check to every grassroots-fighter nominee, also those failing
    another check (so the budget is always in sight)."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in indexes:
        n, v = nominees[i], verdicts[i]
        h = histories.persons.get(n.subject_id)
        if n.subject_kind == INDIVIDUAL and v.rule_set and h and h.unit_id:
            groups[(h.unit_id, n.year)].append(i)
    if not groups:
        return
    pending_aw: dict[tuple[int, int], set[int]] = defaultdict(set)
    for kind, pid, award, year in pending:
        h = histories.persons.get(pid)
        if kind == INDIVIDUAL and award == ADVANCED_WORKER and h and h.unit_id:
            pending_aw[(h.unit_id, year)].add(pid)
    for (unit_id, year), members in groups.items():
        rs = next(r for r in rules.rule_sets if r.code == verdicts[members[0]].rule_set)
        own_aw = {
            nominees[i].subject_id
            for i in members
            if histories.persons[nominees[i].subject_id].has(ADVANCED_WORKER, year)
        }
        aw = (
            histories.unit_holders.get((unit_id, year, ADVANCED_WORKER), set())
            | pending_aw[(unit_id, year)]
            | own_aw
        )
        # Fighters: the unit's holders and the nominees that pass every other check. A nominee
        # that fails another check is shown the quota as if it were added (item: quota in sight).
        fighters = histories.unit_holders.get((unit_id, year, GRASSROOTS_FIGHTER), set()) | {
            nominees[i].subject_id for i in members if verdicts[i].eligible
        }
        for i in members:
            counted = fighters | {nominees[i].subject_id}
            verdicts[i].reasons.append(check_quota(advanced_workers=len(aw), fighters=len(counted), rs=rs))
