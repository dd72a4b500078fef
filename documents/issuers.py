"""Issuing bodies (cơ quan ban hành): the ONE place that builds a document's issuer block,
place name and signer, and that finds the issuing body a document belongs to.

Apps preparing documents call :func:`issuer_kwargs` with the body from :func:`issuing_body_for`
(a People's Committee, its council…) and pass the result to ``documents.services``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from core.roles import Role
from core.search import normalize_text
from documents.models import IssuingBody
from units import permissions as authority
from units.models import Unit

# Ủy ban nhân dân is "UBND" in a symbol (Nghị định 30/2020, Annex III); the council keeps its own
# register under "HĐTĐKT" (our choice: the council's minutes are numbered apart from the UBND's).
CODES = {
    IssuingBody.Kind.PEOPLES_COMMITTEE: "UBND",
    IssuingBody.Kind.COUNCIL: "HĐTĐKT",
}
_PREFIXES = ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd ")
_LEVEL_WORDS = (
    "tỉnh ",
    "thành phố ",
    "huyện ",
    "thị xã ",
    "quận ",
    "xã ",
    "phường ",
    "thị trấn ",
    "đặc khu ",
)


def place_name(unit: Unit) -> str:
    """The locality printed before the date (ô 4): "Ủy ban nhân dân xã Bình Lư" -> "Bình Lư".

    Nghị định 30/2020 Annex I: the place is the name of the administrative unit where the body
    sits. A unit that is not a People's Committee takes its People's Committee's locality.
    """
    committee = unit
    while committee.kind != Unit.Kind.PEOPLES_COMMITTEE and committee.parent_id:
        committee = committee.parent
    name = committee.name
    lowered = name.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            name, lowered = name[len(prefix) :], lowered[len(prefix) :]
    for word in _LEVEL_WORDS:
        if lowered.startswith(word):
            return name[len(word) :].strip()
    return name.strip()


def _parent_body_name(unit: Unit) -> str:
    parent = unit.parent
    return (parent.short_name or parent.name) if parent else ""


def _get_or_create(unit: Unit | None, code: str, defaults: dict) -> IssuingBody:
    """Race-free get-or-create on the body's unique key (two issuings may resolve it at once)."""
    key = IssuingBody.make_key(unit.pk if unit else None, code)
    body = IssuingBody.objects.filter(key=key).first()
    if body is None:
        with transaction.atomic():
            IssuingBody.objects.bulk_create(
                [IssuingBody(key=key, unit=unit, code=code, **defaults)], ignore_conflicts=True
            )
        body = IssuingBody.objects.get(key=key)
    return body


def issuing_body_for(
    unit: Unit, kind: str = IssuingBody.Kind.PEOPLES_COMMITTEE, *, name: str = ""
) -> IssuingBody:
    """The issuing body of `kind` belonging to `unit`, created from the unit's data when missing.

    A People's Committee issues as "UBND" under "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; its council as
    "HĐTĐKT" under the committee's name. `name` overrides the default name on creation only.
    """
    code = CODES.get(kind, (unit.short_name or "CQ").upper())
    if kind == IssuingBody.Kind.COUNCIL:
        defaults = {
            "kind": kind,
            "name": name or f"Hội đồng Thi đua - Khen thưởng {place_name(unit)}",
            "parent_body_name": unit.name,
            "place_name": place_name(unit),
            "signing_for": "",
            "signer_title": "Chủ tịch Hội đồng",
        }
    else:
        defaults = {
            "kind": kind,
            "name": name or unit.name,
            "parent_body_name": _parent_body_name(unit),
            "place_name": place_name(unit),
            "signing_for": "Ủy ban nhân dân" if kind == IssuingBody.Kind.PEOPLES_COMMITTEE else "",
            "signer_title": "Chủ tịch" if kind == IssuingBody.Kind.PEOPLES_COMMITTEE else "Thủ trưởng",
        }
    return _get_or_create(unit, code, defaults)


def resolve_issuing_body(
    *, by=None, issuer_code: str, issuer_name: str, parent_body_name: str = "", place: str = ""
) -> IssuingBody:
    """The body of a document prepared without one (older callers, imports, tests).

    The unit is the one named `issuer_name` (a People's Committee issuing in its own name), else
    the unit of the preparer's desk grant (the document belongs to the jurisdiction that
    prepared it), else none (visible to administrators only).
    """
    code = normalize_text(issuer_code).upper()
    unit = Unit.objects.filter(name__iexact=normalize_text(issuer_name)).first()
    if unit is None and by is not None:
        desks = authority.grant_units(by, authority.DOCUMENT_ROLES)
        unit = desks[0] if desks else None
    defaults = {
        "kind": IssuingBody.Kind.OTHER if unit is None else IssuingBody.Kind.PEOPLES_COMMITTEE,
        "name": normalize_text(issuer_name),
        "parent_body_name": normalize_text(parent_body_name),
        "place_name": normalize_text(place),
    }
    return _get_or_create(unit, code, defaults)


def signer_of(body: IssuingBody, on: date | None = None):
    """Today's chair of the body's unit (the signer of documents in its name), or None."""
    if body.unit_id is None:
        return None
    return authority.role_holders(body.unit, Role.CHAIR, on=on).first()


def issuer_kwargs(body: IssuingBody, *, on: date | None = None, signer=None) -> dict:
    """The issuer block of a document issued by `body`: pass it to documents.services.

    Returns {"issuing_body", "issuer_code", "issuer_name", "parent_body_name", "place",
    "signer_name", "signer_title", "signing_capacity", "signing_for"}; `issuing_body` is the pk
    (JSON-safe for drafts). The signer defaults to the unit's chair on `on` (default today).
    """
    signer = signer if signer is not None else signer_of(body, on)
    return {
        "issuing_body": body.pk,
        "issuer_code": body.code,
        "issuer_name": body.name,
        "parent_body_name": body.parent_body_name,
        "place": body.place_name,
        "signer_name": (signer.full_name or signer.get_username()) if signer else "",
        "signer_title": body.signer_title,
        "signing_capacity": "TM." if body.signing_for else "",
        "signing_for": body.signing_for,
    }
