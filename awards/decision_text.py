"""The operative text of an award decision, composed from its lines (law.md §8.4).

Pure functions (no database): Điều 1 names each award with its verb (a per-kind setting:
"Tặng Giấy khen …", "Công nhận danh hiệu …"), the counts of collectives / individuals /
households, the year or occasion and "(có danh sách kèm theo)"; Điều 2 the money of the rule
set in force on the decision date; Điều 3 the executing bodies. A decision with several kinds
gets one numbered clause per kind in Điều 1 and one annex section per kind (I, II, …).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.formats import format_vn_decimal

# Order of subjects in the sentence, as in the decision pattern: "… tập thể, … cá nhân".
SUBJECT_ORDER = ("collective", "individual", "household")
SUBJECT_WORDS = {"collective": "tập thể", "individual": "cá nhân", "household": "hộ gia đình"}
SUBJECT_UNITS = {"collective": "tập thể", "individual": "người", "household": "hộ"}
OCCASION_PHRASES = {
    "thematic": "trong đợt thi đua theo chuyên đề",
    "ad_hoc": "đột xuất",
    "long_service": "trong quá trình cống hiến",
}
_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    """1 -> "I", 4 -> "IV" (annex sections follow Nghị định 30 headings)."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass
class KindGroup:
    """The lines of one award kind within a decision."""

    code: str
    name: str
    category: str  # "title" | "form"
    verb: str  # "Tặng" | "Công nhận"
    carries_money: bool
    years: set[int] = field(default_factory=set)
    occasions: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, int] = field(default_factory=dict)  # per subject kind, VND per awardee
    total: int = 0
    lines: list = field(default_factory=list)


def group_lines(lines) -> list[KindGroup]:
    """Group decision lines by award kind, in the order of their first line.

    `lines`: objects with `award_kind` (code, name, category, decision_verb, carries_money),
    `subject_kind`, `amount` (VND), `year` and optionally `occasion`.
    """
    groups: dict[str, KindGroup] = {}
    for line in lines:
        kind = line.award_kind
        group = groups.get(kind.code)
        if group is None:
            group = groups[kind.code] = KindGroup(
                code=kind.code,
                name=kind.name,
                category=kind.category,
                verb=kind.decision_verb,
                carries_money=kind.carries_money,
            )
        group.years.add(line.year)
        group.occasions.add(getattr(line, "occasion", "") or "regular")
        group.counts[line.subject_kind] = group.counts.get(line.subject_kind, 0) + 1
        group.amounts[line.subject_kind] = max(group.amounts.get(line.subject_kind, 0), line.amount)
        group.total += line.amount
        group.lines.append(line)
    return list(groups.values())


def counts_phrase(counts: dict[str, int]) -> str:
    """{"individual": 12, "collective": 3} -> "03 tập thể, 12 cá nhân" (numbers as in the register)."""
    return ", ".join(f"{counts[s]:02d} {SUBJECT_WORDS[s]}" for s in SUBJECT_ORDER if counts.get(s))


def award_phrase(group: KindGroup, *, issuer_title: str = "") -> str:
    """Titles: 'danh hiệu "Lao động tiên tiến"'; the Giấy khen names whose it is."""
    if group.category == "title":
        return f"danh hiệu “{group.name}”"
    if group.code == "certificate_of_merit" and issuer_title:
        return f"{group.name} của {issuer_title}"
    return group.name


def period_phrase(group: KindGroup) -> str:
    """ "năm 2025", "năm 2024, 2025"; an occasion other than the regular review says so."""
    years = ", ".join(str(y) for y in sorted(group.years))
    occasion = next((OCCASION_PHRASES[o] for o in sorted(group.occasions) if o in OCCASION_PHRASES), "")
    return f"{occasion} năm {years}".strip() if occasion else f"năm {years}"


def _clause(group: KindGroup, *, issuer_title: str, section: str = "") -> str:
    achievement = " đã có thành tích xuất sắc" if group.category == "form" else ""
    annex = f"có danh sách kèm theo, mục {section}" if section else "có danh sách kèm theo"
    return (
        f"{group.verb} {award_phrase(group, issuer_title=issuer_title)} cho "
        f"{counts_phrase(group.counts)}{achievement} {period_phrase(group)} ({annex})"
    )


def article_1(groups: list[KindGroup], *, issuer_title: str = "") -> str:
    """Điều 1 text; several kinds -> an introduction then one numbered clause per line.

    `issuer_title`: who decides, e.g. "Chủ tịch Ủy ban nhân dân xã Sơn Bình" (for the Giấy khen).
    """
    if len(groups) == 1:
        return _clause(groups[0], issuer_title=issuer_title) + "."
    total = {}
    for g in groups:
        for s, n in g.counts.items():
            total[s] = total.get(s, 0) + n
    verbs = {g.verb for g in groups}
    lead = "Khen thưởng" if len(verbs) > 1 else groups[0].verb
    lines = [f"{lead} {counts_phrase(total)} có thành tích, cụ thể như sau:"]
    for i, g in enumerate(groups, 1):
        end = "." if i == len(groups) else ";"
        lines.append(f"{i}. " + _clause(g, issuer_title=issuer_title, section=roman(i)) + end)
    return "\n".join(lines)


def money(amount: int) -> str:
    return format_vn_decimal(amount, 0)


def amount_in_words(amount: int) -> str:
    """8424000 -> "Tám triệu bốn trăm hai mươi bốn nghìn đồng" (num2words, Vietnamese)."""
    from num2words import num2words

    words = num2words(int(amount), lang="vi").strip()
    return words[:1].upper() + words[1:] + " đồng"


def article_2(groups: list[KindGroup], *, decree: str, fund_owner: str) -> str:
    """Điều 2: the money per award and subject (VND, rule set of the decision date) and the total.

    `decree`: the rule set's decree, e.g. "Nghị định số 152/2025/NĐ-CP"; `fund_owner`: whose
    emulation fund pays, e.g. "Ủy ban nhân dân xã Sơn Bình".
    """
    paid = [g for g in groups if g.carries_money and g.total]
    unpaid = [g for g in groups if not (g.carries_money and g.total)]
    lines = []
    if paid:
        lines.append(f"Tiền thưởng kèm theo theo quy định tại {decree}:")
        for g in paid:
            parts = [
                f"{SUBJECT_WORDS[s]} {money(g.amounts[s])} đồng/{SUBJECT_UNITS[s]}"
                for s in SUBJECT_ORDER
                if g.counts.get(s)
            ]
            lines.append(f"- {award_phrase(g)[:1].upper()}{award_phrase(g)[1:]}: {', '.join(parts)};")
        total = sum(g.total for g in paid)
        lines.append(
            f"Tổng số tiền: {money(total)} đồng (bằng chữ: {amount_in_words(total)}), "
            f"trích từ Quỹ thi đua, khen thưởng của {fund_owner}."
        )
    for g in unpaid:
        lines.append(f"{award_phrase(g)[:1].upper()}{award_phrase(g)[1:]} không kèm theo tiền thưởng.")
    return "\n".join(lines)


def article_3(groups: list[KindGroup], *, office_head: str) -> str:
    """Điều 3: who executes the decision ("Chánh Văn phòng …, Thủ trưởng …, các … có tên tại Điều 1")."""
    subjects = [s for s in SUBJECT_ORDER if any(g.counts.get(s) for g in groups)]
    named = ", ".join(SUBJECT_WORDS[s] for s in subjects)
    return (
        f"{office_head}, Thủ trưởng các cơ quan, đơn vị có liên quan và các {named} có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    )


def annex_sections(groups: list[KindGroup]) -> list[dict]:
    """One row group per kind ("I. DANH HIỆU …") when the decision carries several kinds.

    Returns [{"group": heading or "", "lines": [...]}] in annex order.
    """
    if len(groups) == 1:
        return [{"group": "", "lines": groups[0].lines}]
    return [
        {"group": f"{roman(i)}. {award_phrase(g).upper()}", "lines": g.lines} for i, g in enumerate(groups, 1)
    ]
