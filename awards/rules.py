"""The dated rules as plain data: load once (a handful of queries), then answer by date.

`load_rulebook()` reads every rule set with its coefficients, authorities, documents,
parameters and legal bases, plus the base-salary table. The eligibility engine and
`bonus_amount` work on this object, never on the ORM, so a batch of nominees costs no
per-nominee query.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RuleSetData:
    code: str
    name: str
    decree: str
    valid_from: date
    valid_to: date | None
    rounding: str
    coefficients: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    # (award code, level code, conferrer) triples
    authorities: frozenset[tuple[str, str, str]] = frozenset()
    parameters: dict[str, object] = field(default_factory=dict)
    unconfirmed_parameters: frozenset[str] = frozenset()
    documents: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # award -> [(type, occasion)]
    legal_bases: tuple[str, ...] = ()

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def param(self, key: str):
        """The value of rule parameter `key` (a `RuleParameter` row of this rule set: number,
        bool or code as stored).

        Raises ValidationError (Vietnamese message) when the rule set has no such parameter: a
        rule's number lives in the rule data only (seed `awards/catalogue.py`, editable in the
        admin), never as a fallback in code.
        """
        try:
            return self.parameters[key]
        except KeyError:
            raise ValidationError(
                _("Bộ quy tắc %(rs)s thiếu tham số “%(k)s”; cần bổ sung trước khi xét.")
                % {"rs": self.name, "k": key}
            ) from None

    def citation(self, key: str) -> str:
        return str(self.parameters.get(f"citation.{key}", ""))

    def required_documents(self, award: str, occasion: str = "regular") -> list[str]:
        """Dossier document types for `award` on this occasion (Law Art. 84)."""
        return [t for t, occ in self.documents.get(award, []) if occ in ("", occasion)]

    def may_confer(self, award: str, level: str, conferrer: str | None = None) -> bool:
        if conferrer:
            return (award, level, conferrer) in self.authorities
        return any(a == award and lv == level for a, lv, _c in self.authorities)


@dataclass(frozen=True)
class RuleBook:
    rule_sets: tuple[RuleSetData, ...]
    base_salaries: tuple[tuple[date, int], ...]  # sorted by date
    award_subjects: dict[str, frozenset[str]] = field(default_factory=dict)
    award_names: dict[str, str] = field(default_factory=dict)

    def rule_set_on(self, day: date) -> RuleSetData:
        for rs in self.rule_sets:
            if rs.covers(day):
                return rs
        raise ValidationError(
            _("Không có bộ quy tắc khen thưởng nào có hiệu lực vào ngày %(d)s.")
            % {"d": day.strftime("%d/%m/%Y")}
        )

    def base_salary_on(self, day: date) -> int:
        dates = [d for d, _a in self.base_salaries]
        i = bisect_right(dates, day)
        if i == 0:
            raise ValidationError(
                _("Chưa có mức lương cơ sở áp dụng vào ngày %(d)s.") % {"d": day.strftime("%d/%m/%Y")}
            )
        return self.base_salaries[i - 1][1]


def rulebook_tables() -> tuple:
    """The model classes `load_rulebook` reads (each tracked by core.caching in awards/apps.py)."""
    from awards.models import (
        AwardCoefficient,
        AwardKind,
        BaseSalary,
        ConferringAuthority,
        LegalBasis,
        RequiredDocument,
        RuleParameter,
        RuleSet,
    )

    return (
        RuleSet,
        AwardKind,
        AwardCoefficient,
        ConferringAuthority,
        RuleParameter,
        RequiredDocument,
        LegalBasis,
        BaseSalary,
    )


def load_rulebook() -> RuleBook:
    """Every rule set, the base-salary table and the catalogue (RuleBook, plain data).

    Read from the cache while none of `rulebook_tables()` has changed (core.caching: a save or
    delete of a rule row, or the catalogue seed's bulk writes, bumps them); otherwise read in
    8 queries. At province scale the 8 queries were ≈20 ms of every batch page (issue 17).
    """
    from core import caching

    return caching.cached_aggregate("awards.rulebook", [], rulebook_tables(), _read_rulebook)


def _read_rulebook() -> RuleBook:
    """The rule book straight from the database, in 8 queries."""
    (
        RuleSet,
        AwardKind,
        AwardCoefficient,
        ConferringAuthority,
        RuleParameter,
        RequiredDocument,
        LegalBasis,
        BaseSalary,
    ) = rulebook_tables()

    sets = list(RuleSet.objects.order_by("valid_from"))
    kinds = list(AwardKind.objects.all())
    coeffs: dict[int, dict] = {rs.pk: {} for rs in sets}
    for c in AwardCoefficient.objects.select_related("award_kind"):
        coeffs[c.rule_set_id][(c.award_kind.code, c.subject_kind)] = c.coefficient
    auths: dict[int, set] = {rs.pk: set() for rs in sets}
    for a in ConferringAuthority.objects.select_related("award_kind"):
        auths[a.rule_set_id].add((a.award_kind.code, a.level, a.conferrer))
    params: dict[int, dict] = {rs.pk: {} for rs in sets}
    unconfirmed: dict[int, set] = {rs.pk: set() for rs in sets}
    for p in RuleParameter.objects.all():
        params[p.rule_set_id][p.key] = p.value
        if p.unconfirmed:
            unconfirmed[p.rule_set_id].add(p.key)
    docs: dict[int, dict] = {rs.pk: {} for rs in sets}
    for d in RequiredDocument.objects.select_related("award_kind").order_by("order"):
        docs[d.rule_set_id].setdefault(d.award_kind.code, []).append((d.document_type, d.occasion))
    bases: dict[int, list] = {rs.pk: [] for rs in sets}
    for b in LegalBasis.objects.order_by("order", "pk"):
        bases[b.rule_set_id].append(b.text)
    return RuleBook(
        rule_sets=tuple(
            RuleSetData(
                code=rs.code,
                name=rs.name,
                decree=rs.decree,
                valid_from=rs.valid_from,
                valid_to=rs.valid_to,
                rounding=rs.rounding,
                coefficients=coeffs[rs.pk],
                authorities=frozenset(auths[rs.pk]),
                parameters=params[rs.pk],
                unconfirmed_parameters=frozenset(unconfirmed[rs.pk]),
                documents=docs[rs.pk],
                legal_bases=tuple(bases[rs.pk]),
            )
            for rs in sets
        ),
        base_salaries=tuple(
            (b.effective_from, b.amount) for b in BaseSalary.objects.order_by("effective_from")
        ),
        award_subjects={k.code: frozenset(k.subject_kinds) for k in kinds},
        award_names={k.code: k.name for k in kinds},
    )
