"""Issuing, correcting and annulling documents; drafts and render jobs."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date as date_cls

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.jobs import enqueue_on_commit
from core.search import fold_diacritics, normalize_text
from core.workflow import transition
from documents import signing
from documents.addressing import addressees_for
from documents.models import (
    DOC_TYPE_ABBREVIATIONS,
    DOC_TYPE_TITLES,
    Annulment,
    DocType,
    DocumentAddressee,
    DocumentDraft,
    IssuedDocument,
    IssuingBody,
    NumberCounter,
    NumberReservation,
    RenderJob,
    SigningCapacity,
)
from documents.rendering import qr_data_uri, render_pdf
from documents.signature import signature_lines

# Sent inside the issuing transaction when a signer issues a draft (`draft_issue`): the app that
# prepared the draft applies its own side (e.g. the award register for an annulment decision).
# A receiver that raises ValidationError undoes the issue. kwargs: draft, document, by.
draft_issued = Signal()

# Unambiguous alphabet for verification codes: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
TEMPLATES = {
    DocType.DECISION: "documents/pdf/decision.html",
    DocType.SUBMISSION: "documents/pdf/submission.html",
    DocType.MINUTES: "documents/pdf/minutes.html",
    DocType.REPORT: "documents/pdf/report.html",
    DocType.PLAN: "documents/pdf/plan.html",
    DocType.DIRECTIVE: "documents/pdf/directive.html",
    DocType.NOTICE: "documents/pdf/notice.html",
    DocType.LETTER: "documents/pdf/letter.html",
    DocType.CERTIFICATE: "documents/pdf/certificate.html",
}


# --- Pure helpers -----------------------------------------------------------------


def format_number(number: int | None) -> str:
    """Numbers below 10 get a leading zero (ND 30 Annex I): 5 -> "05", 12 -> "12"."""
    if number is None:
        return "\u2002" * 4  # a blank for drafts: "Số:     /QĐ-UBND"
    return f"{number:02d}"


# Certificate registers (sổ) by series: a Giấy khen keeps the main "GK" register; other printed
# award objects get their own series and abbreviation (our choice: Annex III has none for them).
CERTIFICATE_SERIES_ABBREVIATIONS = {"main": "GK", "bang_khen": "BK", "chung_nhan": "CN"}


def symbol_suffix(*, doc_type: str, issuer_code: str, drafting_unit_code: str = "", series: str = "") -> str:
    """ "QĐ-UBND"; a công văn has no type abbreviation: "UBND-VP"; a title certificate "CN-UBND"."""
    abbr = DOC_TYPE_ABBREVIATIONS[DocType(doc_type)]
    if doc_type == DocType.CERTIFICATE:
        abbr = CERTIFICATE_SERIES_ABBREVIATIONS.get(series or "main", abbr)
    parts = [p for p in (abbr, issuer_code, drafting_unit_code) if p]
    return "-".join(parts)


def format_date_line(place: str, day: date_cls) -> str:
    """ "Tam Đường, ngày 05 tháng 01 năm 2026": days 1-9 and months 1-2 get a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def format_date_words(day: date_cls) -> str:
    """The date line's words: "ngày 05 tháng 01 năm 2026" (months 1-2 zero-padded, ND 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _fold_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def signing_capacity_for(*, decider_title: str, signer_title: str, collective: str = "") -> dict:
    """Who signs, in which capacity, for a document decided by `decider_title` (law.md §8.3).

    decider_title: the office whose power the document uses, e.g. "Chủ tịch" (the authority line
    "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …"); collective: the collective body when the document is the
    committee's own (plans, directives: "Ủy ban nhân dân"), else "". signer_title: the signer's
    office ("Chủ tịch", "Phó Chủ tịch …", "Quyền Chủ tịch"). Returns the kwargs
    `signing_capacity`, `signing_for`, `signer_title` (and `on_behalf_of`) for `document_issue`:
    the holder signs in its own name (or TM. the collective); a deputy signs "KT. CHỦ TỊCH /
    PHÓ CHỦ TỊCH"; an acting holder "Q. CHỦ TỊCH". Raises ValidationError for any other title.
    """
    decider = " ".join(decider_title.split())
    signer = _fold_title(signer_title)
    base = _fold_title(decider)
    if signer.startswith("phó " + base):
        if collective:  # "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
            return {
                "signing_capacity": SigningCapacity.DEPUTY,
                "signing_for": decider,
                "signer_title": "Phó " + decider,
                "on_behalf_of": collective,
            }
        return {
            "signing_capacity": SigningCapacity.DEPUTY,
            "signing_for": decider,
            "signer_title": "Phó " + decider,
        }
    if signer.startswith("quyền " + base):
        return {"signing_capacity": SigningCapacity.ACTING, "signing_for": "", "signer_title": decider}
    if signer.startswith(base):
        if collective:
            return {
                "signing_capacity": SigningCapacity.ON_BEHALF,
                "signing_for": collective,
                "signer_title": decider,
            }
        return {"signing_capacity": SigningCapacity.DIRECT, "signing_for": "", "signer_title": decider}
    raise ValidationError(
        {
            "signer_title": _("Chức vụ người ký “%(s)s” không phù hợp với thẩm quyền “%(d)s”.")
            % {"s": signer_title, "d": decider}
        }
    )


def new_verification_code() -> str:
    """A fresh random verification code (CODE_LENGTH characters of CODE_ALPHABET) not yet used."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not IssuedDocument.objects.filter(verification_code=code).exists():
            return code


def document_context(
    *,
    doc_type: str,
    issuer_code: str,
    issuer_name: str,
    parent_body_name: str,
    date,
    place: str,
    subject: str,
    signer_name: str,
    signer_title: str,
    signing_capacity: str,
    signing_for: str = "",
    drafting_unit_code: str = "",
    number: int | None = None,
    verification_code: str = "",
    annex_issuer: str = "",
    issued_at=None,
    series: str = "",
    on_behalf_of: str = "",
) -> dict:
    """The `doc` dict every PDF template reads (header, signature, annex reference, QR)."""
    suffix = symbol_suffix(
        doc_type=doc_type, issuer_code=issuer_code, drafting_unit_code=drafting_unit_code, series=series
    )
    number_display = format_number(number)
    symbol = f"{number_display}/{suffix}"
    doc = {
        "doc_type": str(doc_type),
        "type_title": DOC_TYPE_TITLES[DocType(doc_type)],
        "issuer_code": issuer_code,
        "issuer_name": issuer_name,
        "parent_body_name": parent_body_name,
        "issuer_lines": agency_lines(issuer_name),
        "parent_body_lines": agency_lines(parent_body_name),
        "number_display": number_display,
        "symbol_suffix": suffix,
        "symbol": symbol,
        "date_line": format_date_line(place, date) if date else f"{place}, ngày      tháng      năm",
        "subject": subject,
        "signer_name": signer_name,
        "signature_lines": signature_lines(
            signing_capacity=signing_capacity,
            signer_title=signer_title,
            signing_for=signing_for,
            on_behalf_of=on_behalf_of,
        ),
        "annex_reference": "(Kèm theo {type} số {symbol}{date} của {issuer})".format(
            type=DocType(doc_type).label,
            symbol=symbol if number is not None else f"\u2002\u2002\u2002\u2002/{suffix}",
            date=f" {format_date_words(date)}"
            if date and number is not None
            else " ngày      tháng      năm",
            issuer=" ".join((annex_issuer or issuer_name).split()),
        ),
        "verification_code": verification_code,
        "issued_at_iso": issued_at.isoformat(timespec="seconds") if issued_at else "",
    }
    if verification_code:
        from django.urls import reverse

        from documents.conf import site_url

        doc["verification_url"] = site_url() + reverse("documents:verify", args=[verification_code])
        doc["verification_display_url"] = doc["verification_url"].split("://", 1)[-1]
        doc["qr_data_uri"] = qr_data_uri(doc["verification_url"])
    return doc


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


# The office whose archive keeps the original when the context names none ("Lưu: VT, VP"):
# the commune's Văn phòng HĐND và UBND (law.md §9). Callers pass `archive_office`.
DEFAULT_ARCHIVE_OFFICE = "VP"


def recipients_with_archive(recipients: list[str] | None, office: str = "") -> list[str]:
    """Nơi nhận always ends with "Lưu: VT, <office>" (Nghị định 30/2020, Annex I).

    An existing "Lưu…" entry is moved to the end; "Lưu: VT" without an office gets one.
    """
    office = office or DEFAULT_ARCHIVE_OFFICE
    items = [" ".join(str(r).split()).rstrip(";.") for r in (recipients or []) if str(r).strip()]
    archive = [r for r in items if r.casefold().startswith("lưu")]
    others = [r for r in items if not r.casefold().startswith("lưu")]
    line = archive[-1] if archive else ""
    if not line or line.replace(" ", "").casefold() in ("lưu", "lưu:", "lưu:vt"):
        line = f"Lưu: VT, {office}"
    return [*others, line]


_LEVEL_WORDS = ("xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh", "đặc khu")
AGENCY_LINE_CHARS = 28  # an upper-case 12-13pt bold line in the header's left column
AGENCY_BREAK_CHARS = 20  # longer names break before their locality, as officials print them


def agency_lines(name: str) -> str:
    """Break an agency name where an official would: before the locality ("ỦY BAN NHÂN DÂN /
    XÃ SƠN BÌNH", "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG / XÃ SƠN BÌNH"); a long name without one at
    the word boundary nearest the middle. Returns the name with "\n" between lines; a name that
    already holds line breaks keeps them."""
    lines = [" ".join(part.split()) for part in str(name or "").splitlines() if part.strip()]
    if len(lines) != 1 or len(lines[0]) <= AGENCY_BREAK_CHARS:
        return "\n".join(lines)
    words = lines[0].split()
    folded = [w.casefold() for w in words]
    for i in range(2, len(words)):
        for level in _LEVEL_WORDS:
            parts = level.split()
            if folded[i : i + len(parts)] == parts:
                return " ".join(words[:i]) + "\n" + " ".join(words[i:])
    if len(lines[0]) <= AGENCY_LINE_CHARS:
        return lines[0]
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(lines[0]) / 2))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def template_context(context: dict, doc: dict) -> dict:
    """The document template's context: `context` plus `doc`, annexes numbered in Roman numerals."""
    ctx = dict(context)
    ctx["doc"] = doc
    if doc["doc_type"] != DocType.CERTIFICATE:
        ctx["recipients_cc"] = recipients_with_archive(
            ctx.get("recipients_cc"), ctx.get("archive_office", "")
        )
    annexes = []
    for i, annex in enumerate(ctx.get("annexes") or [], 1):
        annex = dict(annex)
        annex.setdefault("roman", _to_roman(i))
        annexes.append(annex)
    ctx["annexes"] = annexes
    if ctx.get("sections"):
        from documents.richtext import section_body_safe

        # Each section's body as sanitised HTML: rich text ("html") or plain "paragraphs".
        ctx["sections"] = [{**s, "body_html": section_body_safe(s)} for s in ctx["sections"]]
    if doc["doc_type"] == DocType.CERTIFICATE:
        ctx["certificates"] = [
            {
                **cert,
                "verification_code": cert.get("verification_code", doc.get("verification_code", "")),
                "qr_data_uri": cert.get("qr_data_uri", doc.get("qr_data_uri", "")),
            }
            for cert in (ctx.get("certificates") or [ctx.get("certificate") or {}])
        ]
    return ctx


# --- Numbering ----------------------------------------------------------------------


def next_number(
    *, year: int, doc_type: str, series: str, issuing_body: IssuingBody | None = None, issuer_code: str = ""
) -> int:
    """Take the next number of an issuing body's register. Must run inside the issuing transaction.

    Registers are per issuing body, year, type and series (Nghị định 30/2020 art. 15): two
    communes each start at 01. `issuer_code` alone (older callers) means the unattached body of
    that code. The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING), then
    locked with SELECT … FOR UPDATE; on SQLite the IMMEDIATE transaction already serialises writers.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic()")
    if issuing_body is None:
        from documents.issuers import resolve_issuing_body

        issuing_body = resolve_issuing_body(issuer_code=issuer_code, issuer_name=issuer_code)
    key = {"issuing_body": issuing_body, "year": year, "doc_type": doc_type, "series": series}
    NumberCounter.objects.bulk_create([NumberCounter(**key)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(**key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def number_reserve(
    *,
    issuing_body: IssuingBody,
    year: int,
    doc_type: str,
    series: str,
    source=None,
    purpose: str = "",
    by=None,
) -> int:
    """Take a register number in a short transaction of its own and record it as reserved.

    Issue 15: the register's lock is held only while the number is taken, so rendering (the
    slow part) runs outside it. Called outside any transaction, the number is committed at
    once; a later step stores the document under it. With `source` and `purpose`, a number
    reserved earlier for the same purpose and not yet used is returned again, so an issue that
    failed after taking its number (render error, crash) reuses it when retried: no gap. A
    reservation never used stays visible (NumberReservation) instead of vanishing.

    The transaction is durable: called inside another transaction (where the counter's row lock
    would be held until that one commits, serialising every issue of the register), it raises
    RuntimeError. Callers commit their own state change before or after, never around it.
    """
    key = {"issuing_body": issuing_body, "year": year, "doc_type": doc_type, "series": series}
    source_key = {}
    with transaction.atomic(durable=True):
        if source is not None and purpose:
            source_key = {
                "source_type": ContentType.objects.get_for_model(source, for_concrete_model=False),
                "source_id": str(source.pk),
                "purpose": purpose,
            }
            for number in NumberReservation.objects.filter(**key, **source_key).values_list(
                "number", flat=True
            ):
                if not IssuedDocument.objects.filter(**key, number=number).exists():
                    return number
        number = next_number(**key)
        NumberReservation.objects.create(
            **key, **source_key, number=number, reserved_by=by if getattr(by, "pk", None) else None
        )
    return number


def _issuing_body(value, *, by, issuer_code, issuer_name, parent_body_name="", place="") -> IssuingBody:
    """The IssuingBody given (instance or pk), else the one resolved from the issuer fields."""
    from documents.issuers import resolve_issuing_body

    if isinstance(value, IssuingBody):
        return value
    if value:
        return IssuingBody.objects.get(pk=value)
    return resolve_issuing_body(
        by=by,
        issuer_code=issuer_code,
        issuer_name=issuer_name,
        parent_body_name=parent_body_name,
        place=place,
    )


# --- Issuing -----------------------------------------------------------------------


def _clean_text(value: str) -> str:
    return normalize_text(value)


@dataclass
class PreparedDocument:
    """A numbered, rendered, hashed document not yet stored (document_prepare -> document_store)."""

    document: IssuedDocument
    by: object
    supersedes: IssuedDocument | None
    addressees: list | None = None  # [(unit, [line, …])]; None: ask documents.addressing


def document_issue(**kwargs) -> IssuedDocument:
    """Number, render (once), optionally sign, hash, store and record a document.

    Arguments are document_prepare()'s. The number is taken in a short transaction and the
    PDF rendered outside it; the document is stored and audited in a second short transaction.
    Must be called outside any transaction (number_reserve raises RuntimeError otherwise): a
    caller that changes its own state commits it before, or prepares first and stores inside its
    own transaction (document_prepare + document_store, as decision_issue does).
    """
    prepared = document_prepare(**kwargs)
    with transaction.atomic():
        return document_store(prepared)


def document_prepare(
    *,
    by,
    doc_type: str,
    issuer_code: str,
    issuer_name: str,
    parent_body_name: str = "",
    series: str = "main",
    date,
    place: str,
    subject: str,
    signer_name: str,
    signer_title: str,
    signing_capacity: str = "",
    template_name: str = "",
    context: dict | None = None,
    source=None,
    supersedes: IssuedDocument | None = None,
    signing_for: str = "",
    drafting_unit_code: str = "",
    annex_issuer: str = "",
    issuing_body: IssuingBody | int | None = None,
    reserve_for: str = "",
    reserve_source=None,
    on_behalf_of: str = "",
    addressees: list | None = None,
) -> PreparedDocument:
    """Validate, take the number (number_reserve) and render, sign and hash the PDF; nothing is
    stored but the reservation. Raises ValidationError (Vietnamese) on bad input.

    `issuing_body` (instance or pk) owns the register and the jurisdiction that sees the
    document; when missing it is resolved from the issuer fields (documents.issuers).
    `reserve_for` names the purpose under which a retry for the same `source` (or
    `reserve_source` when given, e.g. the draft being issued) gets the same number back.
    `addressees` lists the units the document is addressed to, as units or (unit, [lines])
    pairs; None resolves them from `source` (documents.addressing).
    Runs outside any transaction (number_reserve).
    """
    doc_type = DocType(doc_type)
    if doc_type == DocType.LETTER and not drafting_unit_code:
        raise ValidationError({"drafting_unit_code": _("Công văn cần mã đơn vị soạn thảo (ví dụ: VP).")})
    if signing_capacity not in SigningCapacity.values:
        raise ValidationError({"signing_capacity": _("Thẩm quyền ký không hợp lệ.")})
    issuer_code = _clean_text(issuer_code).upper()
    subject = _clean_text(subject)
    if not subject and doc_type != DocType.CERTIFICATE:
        raise ValidationError({"subject": _("Cần nhập trích yếu văn bản.")})
    template_name = template_name or TEMPLATES[doc_type]
    context = dict(context or {})
    if signing_for:
        context["signing_for"] = signing_for  # the detail page shows the same block as the PDF
    if on_behalf_of:
        context["on_behalf_of"] = on_behalf_of

    if supersedes is not None:
        _check_supersedable(supersedes)

    body = _issuing_body(
        issuing_body,
        by=by,
        issuer_code=issuer_code,
        issuer_name=issuer_name,
        parent_body_name=parent_body_name,
        place=place,
    )
    number = number_reserve(
        issuing_body=body,
        year=date.year,
        doc_type=doc_type,
        series=series,
        source=(source if reserve_source is None else reserve_source) if reserve_for else None,
        purpose=reserve_for,
        by=by,
    )
    code = new_verification_code()
    issued_at = timezone.now()
    common = {
        "doc_type": doc_type,
        "issuer_code": issuer_code,
        "issuer_name": _clean_text(issuer_name),
        "parent_body_name": _clean_text(parent_body_name),
        "date": date,
        "place": _clean_text(place),
        "subject": subject,
        "signer_name": _clean_text(signer_name),
        "signer_title": _clean_text(signer_title),
        "signing_capacity": signing_capacity,
    }
    doc = document_context(
        **common,
        signing_for=signing_for,
        drafting_unit_code=drafting_unit_code,
        number=number,
        verification_code=code,
        annex_issuer=annex_issuer,
        issued_at=issued_at,
        on_behalf_of=on_behalf_of,
    )
    pdf = render_pdf(template_name, template_context(context, doc))
    signed = False
    if signing.signing_enabled():
        pdf = signing.sign_pdf(pdf, reason=doc["symbol"])
        signed = True
    sha256 = hashlib.sha256(pdf).hexdigest()
    filename = f"{doc['symbol'].replace('/', '-')}-{code}.pdf"
    document = IssuedDocument(
        **common,
        issuing_body=body,
        series=series,
        year=date.year,
        number=number,
        symbol=doc["symbol"],
        template_name=template_name,
        context=context,
        file=ContentFile(
            pdf, name=fold_diacritics(filename).replace(" ", "-").upper().replace(".PDF", ".pdf")
        ),
        sha256=sha256,
        digitally_signed=signed,
        verification_code=code,
        version=(supersedes.version + 1) if supersedes else 1,
        supersedes=supersedes,
        issued_by=by,
        issued_at=issued_at,
        search_key=fold_diacritics(f"{doc['symbol']} {subject}")[:600],
    )
    if source is not None:
        document.source_type = ContentType.objects.get_for_model(source, for_concrete_model=False)
        document.source_id = str(source.pk)
    document.full_clean(exclude=["file"])
    if addressees is not None:
        addressees = _addressee_pairs(addressees)
    return PreparedDocument(document=document, by=by, supersedes=supersedes, addressees=addressees)


def _addressee_pairs(addressees: list) -> list[tuple]:
    """Units, unit pks or (unit, lines) pairs -> [(unit, lines)] (unknown pks are dropped)."""
    from units.models import Unit

    pks = [a for a in addressees if isinstance(a, int)]
    units = Unit.objects.in_bulk(pks)
    pairs = []
    for a in addressees:
        if isinstance(a, tuple):
            pairs.append(a)
        elif isinstance(a, int):
            if a in units:
                pairs.append((units[a], []))
        else:
            pairs.append((a, []))
    return pairs


def _check_supersedable(supersedes: IssuedDocument) -> IssuedDocument:
    locked = IssuedDocument.objects.with_status().get(pk=supersedes.pk)
    if locked.status != IssuedDocument.Status.VALID:
        raise ValidationError(
            _("Văn bản %(symbol)s không còn hiệu lực, không thể đính chính.") % {"symbol": locked.symbol}
        )
    return locked


def document_store(prepared: PreparedDocument) -> IssuedDocument:
    """Store a prepared document (file and row) and audit it; call inside a transaction.

    Raises ValidationError if the superseded document stopped being valid meanwhile or the
    number was used meanwhile (a concurrent issue of the same reservation)."""
    document, by, supersedes = prepared.document, prepared.by, prepared.supersedes
    if supersedes is not None:
        IssuedDocument.objects.select_for_update().get(pk=supersedes.pk)
        _check_supersedable(supersedes)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:  # a second correction of the same document raced us
        raise ValidationError(_("Văn bản này đã được đính chính hoặc số đã được dùng.")) from exc
    addressees = prepared.addressees
    if addressees is None:
        addressees = addressees_for(document.source)
    merged: dict = {}
    for unit, lines in addressees:  # one row per unit, its lines in order
        merged.setdefault(unit.pk, (unit, []))[1].extend(lines)
    DocumentAddressee.objects.bulk_create(
        [DocumentAddressee(document=document, unit=unit, lines=lines) for unit, lines in merged.values()]
    )
    audit.record(
        actor=by,
        action="documents.document.corrected" if supersedes else "documents.document.issued",
        target=document,
        data={"symbol": document.symbol, "sha256": document.sha256, "supersedes": supersedes},
    )
    return document


def document_correct(
    *, by, document: IssuedDocument, date, context: dict | None = None, reason: str = "", **overrides
) -> IssuedDocument:
    """A correction is a new document (new number) that supersedes `document`.

    Runs outside any transaction (document_issue); the number is reserved for the correction of
    `document`, so a retry after a failed render reuses it. Raises ValidationError when
    `document` is no longer valid (checked again under its row lock when storing)."""
    fields = {
        "doc_type": document.doc_type,
        "issuing_body": document.issuing_body_id,
        "issuer_code": document.issuer_code,
        "issuer_name": document.issuer_name,
        "parent_body_name": document.parent_body_name,
        "series": document.series,
        "place": document.place,
        "subject": document.subject,
        "signer_name": document.signer_name,
        "signer_title": document.signer_title,
        "signing_capacity": document.signing_capacity,
        "template_name": document.template_name,
    }
    fields.update(overrides)
    ctx = dict(document.context if context is None else context)
    if reason:
        ctx["correction_reason"] = reason
    if document.doc_type == DocType.LETTER and "drafting_unit_code" not in fields:
        fields["drafting_unit_code"] = document.symbol.rsplit("-", 1)[-1]
    return document_issue(
        by=by,
        date=date,
        context=ctx,
        supersedes=document,
        source=document.source,
        reserve_for="correction",
        reserve_source=document,
        **fields,
    )


@transaction.atomic
def document_annul(
    *, by, document: IssuedDocument, legal_ground: str, annulling_document: IssuedDocument | None = None
) -> Annulment:
    """Record that `document` is annulled (hủy bỏ); the document row itself never changes."""
    legal_ground = normalize_text(legal_ground)
    if not legal_ground:
        raise ValidationError({"legal_ground": _("Cần nêu căn cứ pháp lý của việc hủy bỏ.")})
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if Annulment.objects.filter(document=locked).exists():
        raise ValidationError(_("Văn bản %(symbol)s đã bị hủy bỏ trước đó.") % {"symbol": locked.symbol})
    annulment = Annulment(
        document=locked, legal_ground=legal_ground, annulling_document=annulling_document, annulled_by=by
    )
    annulment.full_clean()
    annulment.save()
    audit.record(
        actor=by,
        action="documents.document.annulled",
        target=locked,
        data={"legal_ground": legal_ground, "annulling_document": annulling_document},
    )
    return annulment


# --- Drafts and render jobs ---------------------------------------------------------

ISSUE_KWARGS = (
    "issuer_code",
    "issuer_name",
    "parent_body_name",
    "series",
    "place",
    "subject",
    "signer_name",
    "signer_title",
    "signing_capacity",
    "signing_for",
    "drafting_unit_code",
    "annex_issuer",
    "on_behalf_of",
    "issuing_body",
    "addressees",  # unit pks the document is addressed to (documents.addressing otherwise)
)


@transaction.atomic
def draft_create(
    *,
    by,
    doc_type: str,
    title: str,
    context: dict,
    issue_kwargs: dict,
    template_name: str = "",
    source=None,
) -> DocumentDraft:
    """Other apps prepare a document here (soạn thảo); the secretariat previews it and submits it
    for signature (`draft_submit`); a signer of the issuing body's unit issues it (`draft_issue`).
    A "date" in `issue_kwargs` is ignored: the date of issue is the day the signer signs."""
    unknown = set(issue_kwargs) - set(ISSUE_KWARGS) - {"date"}
    if unknown:
        raise ValidationError(
            _("Thông tin ban hành không hợp lệ: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    body = _issuing_body(
        issue_kwargs.get("issuing_body"),
        by=by,
        issuer_code=issue_kwargs.get("issuer_code", ""),
        issuer_name=issue_kwargs.get("issuer_name", ""),
        parent_body_name=issue_kwargs.get("parent_body_name", ""),
        place=issue_kwargs.get("place", ""),
    )
    issue_kwargs = {**issue_kwargs, "issuing_body": body.pk}
    draft = DocumentDraft(
        issuing_body=body,
        doc_type=doc_type,
        template_name=template_name or TEMPLATES[DocType(doc_type)],
        context=context,
        issue_kwargs=issue_kwargs,
        title=normalize_text(title),
        created_by=by,
        search_key=fold_diacritics(title)[:300],
    )
    if source is not None:
        draft.source_type = ContentType.objects.get_for_model(source, for_concrete_model=False)
        draft.source_id = str(source.pk)
    draft.full_clean()
    draft.save()
    audit.record(actor=by, action="documents.draft.created", target=draft, data={"title": draft.title})
    return draft


def draft_render(*, draft: DocumentDraft, html: bool = False) -> bytes | str:
    """The draft as PDF (watermarked "BẢN NHÁP") or HTML, without a number or a date (both are
    given when the signer signs). The HTML is for the browser preview: fonts load from /static/."""
    from documents.rendering import render_html

    kw = {
        k: draft.issue_kwargs.get(k, "")
        for k in ISSUE_KWARGS
        if k not in ("series", "issuing_body", "addressees")
    }
    doc = document_context(doc_type=draft.doc_type, date=None, **kw)
    ctx = template_context(draft.context, doc)
    if html:
        return render_html(draft.template_name, ctx, draft=True, for_browser=True)
    return render_pdf(draft.template_name, ctx, draft=True)


def _signer_kwargs(draft: DocumentDraft, signer, signer_title: str) -> dict:
    """The signature kwargs for `signer` signing `draft` as `signer_title`.

    A document of the collective ("TM. Ủy ban nhân dân") or one signed in the chair's name keeps
    its authority; the signer's title decides between the holder, "KT." (deputy) and "Q."
    (acting). TL./TUQ. blocks are kept as drafted, with the signer's name.
    """
    kw = draft.issue_kwargs
    capacity = kw.get("signing_capacity", "")
    name = signer.full_name or signer.get_username()
    if capacity == SigningCapacity.ON_BEHALF:
        block = signing_capacity_for(
            decider_title=_("Chủ tịch"), signer_title=signer_title, collective=kw.get("signing_for", "")
        )
    elif capacity in (SigningCapacity.DIRECT, SigningCapacity.DEPUTY, SigningCapacity.ACTING):
        block = signing_capacity_for(decider_title=_("Chủ tịch"), signer_title=signer_title)
    else:
        block = {"signer_title": normalize_text(signer_title) or kw.get("signer_title", "")}
    return {"on_behalf_of": "", **block, "signer_name": name}


def sections_from_text(items: list[tuple[str, str]]) -> list[dict]:
    """[(heading, body)] from the edit form -> template sections; a body's paragraphs are separated
    by line breaks; text only (the templates escape it), whitespace tidied, empty parts dropped."""
    sections = []
    for heading, body in items:
        heading = normalize_text(heading or "")
        paragraphs = [normalize_text(p) for p in (body or "").replace("\r", "").split("\n")]
        paragraphs = [p for p in paragraphs if p]
        if heading or paragraphs:
            sections.append({"heading": heading, "paragraphs": paragraphs})
    return sections


def sections_from_form(items: list[tuple[str, str, str | None]]) -> list[dict]:
    """[(heading, text, html)] from the edit form -> stored sections [{"heading", "html"}].

    `html` is the rich-text editor's output (None or absent when the browser ran no JavaScript:
    then `text`, one paragraph a line, is used). Every body is sanitised to the tags the PDF
    prints (documents.richtext); sections with neither heading nor text are dropped.
    """
    from documents.richtext import sanitise_section_html, text_to_html

    sections = []
    for heading, text, rich in items:
        heading = " ".join(normalize_text(heading or "").split())
        body = sanitise_section_html(rich if rich is not None else text_to_html(text))
        if heading or body:
            sections.append({"heading": heading, "html": body})
    return sections


@transaction.atomic
def draft_update_sections(
    *, by, draft: DocumentDraft, sections: list[dict], version: int, source: str = "editor"
) -> DocumentDraft:
    """Save edited sections of a draft as a new version (every version is kept).

    `sections`: [{"heading", "html"}] sanitised (sections_from_form, documents.docx) or the older
    [{"heading", "paragraphs"}]; `source` ("editor" or "docx") is recorded in the audit entry.

    `version`: the number of versions the editor saw; a different current count means someone
    else saved meanwhile and the edit is refused (no lost update). Raises ValidationError.
    """
    from documents import permissions
    from documents.models import DraftVersion

    locked = (
        DocumentDraft.objects.select_for_update(of=("self",))
        .select_related("issuing_body__unit")
        .get(pk=draft.pk)
    )
    if not permissions.can_edit_draft(by, locked):
        raise ValidationError(_("Chỉ sửa được dự thảo đang soạn thảo, trong phạm vi của bạn."))
    current = locked.versions.count()
    if version != current:
        raise ValidationError(
            _("Dự thảo vừa được người khác sửa (phiên bản %(n)s). Tải lại trang để xem bản mới.")
            % {"n": current}
        )
    if not current:  # keep the prepared text as version 1 before the first edit
        DraftVersion.objects.create(
            draft=locked, number=1, context=locked.context, created_by=locked.created_by
        )
        current = 1
    before = len((locked.context or {}).get("sections") or [])
    locked.context = {**(locked.context or {}), "sections": sections}
    locked.save(update_fields=["context", "updated_at"])
    DraftVersion.objects.create(draft=locked, number=current + 1, context=locked.context, created_by=by)
    audit.record(
        actor=by,
        action="documents.draft.edited",
        target=locked,
        data={"version": current + 1, "sections": [before, len(sections)], "source": source},
    )
    return locked


def draft_docx(*, draft: DocumentDraft) -> bytes:
    """The draft's current sections as a Word .docx to edit offline (documents.docx)."""
    from documents.docx import sections_to_docx
    from documents.richtext import section_html

    sections = [(s.get("heading", ""), section_html(s)) for s in (draft.context or {}).get("sections") or []]
    return sections_to_docx(title=draft.title, sections=sections)


def draft_update_from_docx(*, by, draft: DocumentDraft, upload, version: int) -> DocumentDraft:
    """Replace the draft's sections with those of an uploaded .docx, as a new version.

    `upload`: an uploaded file, checked first by core.uploads.validate_upload (type by content,
    size, zip bomb) and accepted only as .docx; `version` as in `draft_update_sections`. Raises
    ValidationError (Vietnamese) for a refused file, an unreadable or empty one, or a lost update.
    """
    from core.uploads import validate_upload
    from documents.docx import docx_to_sections

    validate_upload(upload, allowed={"docx"})
    upload.seek(0)
    sections = docx_to_sections(upload.read())
    return draft_update_sections(by=by, draft=draft, sections=sections, version=version, source="docx")


@transaction.atomic
def draft_submit(*, by, draft: DocumentDraft, signer, signer_title: str) -> DocumentDraft:
    """Trình ký: the secretariat submits the draft to a signer of the issuing unit.

    `signer_title`: the signer's office ("Chủ tịch", "Phó Chủ tịch", "Quyền Chủ tịch"). Raises
    ValidationError (Vietnamese) when `by` may not submit or `signer` may not sign for the unit.
    """
    from documents import permissions

    locked = (
        DocumentDraft.objects.select_for_update(of=("self",))
        .select_related("issuing_body__unit")
        .get(pk=draft.pk)
    )
    if not permissions.can_submit(by, locked):
        raise ValidationError(_("Bạn không thể trình ký dự thảo này."))
    if signer is None or not permissions.can_be_signer(signer, permissions.draft_unit(locked)):
        raise ValidationError(
            {"signer": _("Người ký phải là lãnh đạo có thẩm quyền ký của đơn vị ban hành.")}
        )
    if signer.pk == by.pk:
        raise ValidationError({"signer": _("Người soạn thảo không tự ký văn bản của mình.")})
    block = _signer_kwargs(locked, signer, signer_title)
    locked.issue_kwargs = {**locked.issue_kwargs, **block}
    locked.signer = signer
    locked.submitted_by = by
    locked.submitted_at = timezone.now()
    locked.return_note = ""
    transition(
        locked,
        DocumentDraft.Status.SUBMITTED,
        by=by,
        action="documents.draft.submitted",
        data={"signer": signer.pk, "signer_title": block.get("signer_title", "")},
    )
    locked.save()
    return locked


@transaction.atomic
def draft_return(*, by, draft: DocumentDraft, note: str) -> DocumentDraft:
    """The signer returns a submitted draft to the secretariat, with a note (required)."""
    from documents import permissions

    locked = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
    if not permissions.can_return(by, locked):
        raise ValidationError(_("Chỉ người được trình ký mới trả lại dự thảo."))
    note = normalize_text(note)
    if not note:
        raise ValidationError({"note": _("Cần ghi ý kiến khi trả lại dự thảo.")})
    locked.return_note = note
    transition(
        locked, DocumentDraft.Status.DRAFT, by=by, action="documents.draft.returned", data={"note": note}
    )
    locked.save(update_fields=["status", "return_note", "updated_at"])
    return locked


def _draft_for_issue(by, draft: DocumentDraft) -> DocumentDraft:
    """The draft under its row lock, checked: not issued yet and submitted to `by` for signature."""
    from documents import permissions

    locked = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.issued_document_id:
        raise ValidationError(_("Dự thảo này đã được ban hành."))
    if not permissions.can_sign(by, locked):
        raise ValidationError(_("Chỉ người ký được trình mới ban hành văn bản này."))
    return locked


def draft_issue(*, by, draft: DocumentDraft) -> IssuedDocument:
    """Ký ban hành: only the signer the draft was submitted to issues it; the date of issue is
    the signing day (Asia/Ho_Chi_Minh). Raises ValidationError otherwise.

    Issue 15: three steps, so that the register's lock is held only while a number is taken:
    (1) the checks under the draft's row lock, committed at once; (2) the number(s) taken, each
    in its own short transaction and reserved for this draft, and the PDF rendered with no lock
    held; (3) one short transaction checks the draft again (still submitted to `by`, unchanged),
    stores the document(s), marks the draft issued and sends `draft_issued`, whose receivers'
    changes commit or fail with it. A retry after a failure in (2) or (3) reuses the reserved
    numbers. Runs outside any transaction (RuntimeError otherwise).
    """
    with transaction.atomic():
        locked = _draft_for_issue(by, draft)
    date = timezone.localdate()
    kw = {k: v for k, v in locked.issue_kwargs.items() if k in ISSUE_KWARGS}
    kw["issuing_body"] = locked.issuing_body_id or kw.get("issuing_body")
    certificates = (locked.context or {}).get("certificates") or []
    batch = locked.doc_type == DocType.CERTIFICATE and bool(certificates)
    if batch:
        # One issued document per certificate; the draft links to the first one.
        skip = ("subject", "drafting_unit_code", "annex_issuer", "on_behalf_of", "addressees")
        prepared, _batch = certificates_prepare(
            by=by,
            date=date,
            authority=locked.context.get("authority", ""),
            recipients=certificates,
            source=locked.source,
            reserve_for=[f"draft-certificate:{i}" for i in range(len(certificates))],
            reserve_source=locked,
            **{k: v for k, v in kw.items() if k not in skip},
        )
    else:
        prepared = [
            document_prepare(
                by=by,
                doc_type=locked.doc_type,
                date=date,
                template_name=locked.template_name,
                context=locked.context,
                source=locked.source,
                reserve_for="draft",
                reserve_source=locked,
                **kw,
            )
        ]
    with transaction.atomic():
        current = _draft_for_issue(by, draft)
        if (current.doc_type, current.template_name, current.context, current.issue_kwargs) != (
            locked.doc_type,
            locked.template_name,
            locked.context,
            locked.issue_kwargs,
        ):
            raise ValidationError(_("Dự thảo vừa thay đổi trong khi ban hành; vui lòng ban hành lại."))
        document = certificates_store(prepared)[0] if batch else document_store(prepared[0])
        current.issued_document = document
        transition(
            current,
            DocumentDraft.Status.ISSUED,
            by=by,
            action="documents.draft.issued",
            data={"document": document.pk, "symbol": document.symbol},
        )
        current.save(update_fields=["issued_document", "status", "updated_at"])
        draft_issued.send(sender=DocumentDraft, draft=current, document=document, by=by)
    return document


def render_job_create(*, by, draft: DocumentDraft, kind: str = RenderJob.Kind.PREVIEW) -> RenderJob:
    """Create a job row and enqueue it after commit (runs inline when no broker is configured)."""
    job = RenderJob.objects.create(draft=draft, kind=kind, requested_by=by)
    enqueue_on_commit("documents.tasks.render_job_run_task", job.pk)
    return job


def render_job_run(*, job_id: int) -> None:
    """Run one render job (idempotent: a finished job is left alone; one left running by a worker
    that died is run again, `BackgroundJob.claim(resume=True)`): issue the draft (kind "issue") or
    render its PDF into the job's file, with the progress written to the job. A refusal
    (ValidationError) marks the job failed with its messages; any other error marks it failed
    and is raised again."""
    job = RenderJob.objects.select_related("draft", "requested_by").get(pk=job_id)
    if not RenderJob.claim(job_id, progress=10, resume=True):
        return
    try:
        if job.kind == RenderJob.Kind.ISSUE:
            document = draft_issue(by=job.requested_by, draft=job.draft)
            RenderJob.set_values(job_id, issued_document=document)
        else:
            RenderJob.set_values(job_id, progress=30)
            pdf = draft_render(draft=job.draft)
            RenderJob.set_values(job_id, progress=90)
            job.file.save(f"ban-nhap-{job.draft_id}-{job.pk}.pdf", ContentFile(pdf), save=False)
            RenderJob.set_values(job_id, file=job.file.name)
    except ValidationError as exc:
        RenderJob.fail(job_id, "; ".join(exc.messages))
        return
    except Exception as exc:
        RenderJob.fail(job_id, str(exc))
        raise
    RenderJob.finish(job_id)


# --- Certificates (Giấy khen) -------------------------------------------------------


def _split_pages(pdf: bytes, *, title: str, author: str) -> list[bytes]:
    """One PDF per page of `pdf`, keeping the metadata and /Lang."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "thidua"})
        writer._root_object[NameObject("/Lang")] = TextStringObject("vi")
        buf = io.BytesIO()
        writer.write(buf)
        out.append(buf.getvalue())
    return out


def certificates_issue(**kwargs) -> tuple[list[IssuedDocument], bytes]:
    """Issue one Giấy khen per recipient: certificates_prepare() then, in one short
    transaction, certificates_store(). Runs outside any transaction (number_reserve raises
    RuntimeError otherwise). Returns the documents and the batch PDF for printing."""
    prepared, batch = certificates_prepare(**kwargs)
    with transaction.atomic():
        return certificates_store(prepared), batch


def certificates_prepare(
    *,
    by,
    issuer_code: str,
    issuer_name: str,
    parent_body_name: str = "",
    series: str = "main",
    date,
    place: str,
    signer_name: str,
    signer_title: str,
    signing_capacity: str = "",
    signing_for: str = "",
    authority: str,
    recipients: list[dict],
    source=None,
    issuing_body: IssuingBody | int | None = None,
    reserve_for: list[str] | None = None,
    reserve_source=None,
) -> tuple[list["PreparedDocument"], bytes]:
    """Number (own register number and verification code per recipient) and render Giấy khen.

    The batch is rendered once (fast), outside the register's lock, and split into one hashed
    file per certificate; nothing is stored but the number reservations. Each recipient dict
    holds recipient_name, recipient_unit, achievement and decision_ref (e.g. "Quyết định số
    05/QĐ-UBND ngày …"). `reserve_for` (one purpose per recipient) lets a retry for the same
    `source` (or `reserve_source`) reuse the numbers (number_reserve). Runs outside any
    transaction. Returns the prepared documents and the batch PDF.
    """
    if not recipients:
        raise ValidationError(_("Danh sách người được khen trống."))
    issuer_code = _clean_text(issuer_code).upper()
    common = {
        "doc_type": DocType.CERTIFICATE,
        "issuer_code": issuer_code,
        "issuer_name": _clean_text(issuer_name),
        "parent_body_name": _clean_text(parent_body_name),
        "date": date,
        "place": _clean_text(place),
        "signer_name": _clean_text(signer_name),
        "signer_title": _clean_text(signer_title),
        "signing_capacity": signing_capacity,
    }
    issued_at = timezone.now()
    body = _issuing_body(
        issuing_body,
        by=by,
        issuer_code=issuer_code,
        issuer_name=issuer_name,
        parent_body_name=parent_body_name,
        place=place,
    )
    base_doc = document_context(
        **common, subject="", signing_for=signing_for, issued_at=issued_at, series=series
    )
    certs, numbers = [], []
    purposes = reserve_for or [""] * len(recipients)
    for recipient, purpose in zip(recipients, purposes, strict=True):
        number = number_reserve(
            issuing_body=body,
            year=date.year,
            doc_type=DocType.CERTIFICATE,
            series=series,
            source=(source if reserve_source is None else reserve_source) if purpose else None,
            purpose=purpose,
            by=by,
        )
        code = new_verification_code()
        doc = document_context(
            **common,
            subject="",
            signing_for=signing_for,
            number=number,
            verification_code=code,
            series=series,
        )
        cert = {k: _clean_text(str(v)) for k, v in recipient.items()}
        cert.update(
            register_number=doc["symbol"],
            verification_code=code,
            qr_data_uri=doc["qr_data_uri"],
            symbol=doc["symbol"],
        )
        certs.append(cert)
        numbers.append(number)
    template_name = TEMPLATES[DocType.CERTIFICATE]
    batch = render_pdf(template_name, {"doc": base_doc, "authority": authority, "certificates": certs})
    pages = _split_pages(batch, title="Giấy khen", author=common["issuer_name"])
    documents = []
    for cert, number, pdf in zip(certs, numbers, pages, strict=True):
        signed = signing.signing_enabled()
        if signed:
            pdf = signing.sign_pdf(pdf, reason=cert["symbol"])
        context = {k: v for k, v in cert.items() if k != "qr_data_uri"}
        context["authority"] = authority
        context["signing_for"] = signing_for
        subject = _("%(object)s tặng %(name)s") % {
            "object": (cert.get("heading") or "Giấy khen").capitalize(),
            "name": cert.get("recipient_name", ""),
        }
        document = IssuedDocument(
            **common,
            issuing_body=body,
            subject=subject,
            series=series,
            year=date.year,
            number=number,
            symbol=cert["symbol"],
            template_name=template_name,
            context=context,
            file=ContentFile(
                pdf, name=f"GK-{cert['symbol'].replace('/', '-')}-{cert['verification_code']}.pdf"
            ),
            sha256=hashlib.sha256(pdf).hexdigest(),
            digitally_signed=signed,
            verification_code=cert["verification_code"],
            issued_by=by,
            issued_at=issued_at,
            search_key=fold_diacritics(f"{cert['symbol']} {subject}")[:600],
        )
        if source is not None:
            document.source_type = ContentType.objects.get_for_model(source, for_concrete_model=False)
            document.source_id = str(source.pk)
        # A certificate is handed to its recipient; it is not addressed to units (the decision is).
        documents.append(PreparedDocument(document=document, by=by, supersedes=None, addressees=[]))
    return documents, batch


def certificates_store(prepared: list[PreparedDocument]) -> list[IssuedDocument]:
    """Store prepared certificates and audit the batch; call inside a transaction."""
    documents = []
    for item in prepared:
        try:
            with transaction.atomic():
                item.document.save()
        except IntegrityError as exc:
            raise ValidationError(_("Số của giấy khen đã được dùng.")) from exc
        documents.append(item.document)
    audit.record(
        actor=prepared[0].by,
        action="documents.certificates.issued",
        target=documents[0],
        data={"symbols": [d.symbol for d in documents]},
    )
    return documents


def certificates_blank_pdf(*, documents: list[IssuedDocument], layout=None) -> bytes:
    """The variable text of issued certificates, for printing on pre-printed blanks (phôi)."""
    from documents.certificates import blank_certificate_fields, default_layout, merged_positions

    layout = layout or default_layout()
    positions = merged_positions(layout)
    sheets = []
    doc = {}
    for document in documents:
        doc = document_context(
            doc_type=document.doc_type,
            issuer_code=document.issuer_code,
            issuer_name=document.issuer_name,
            parent_body_name=document.parent_body_name,
            date=document.date,
            place=document.place,
            subject=document.subject,
            signer_name=document.signer_name,
            signer_title=document.signer_title,
            signing_capacity=document.signing_capacity,
            signing_for=document.context.get("signing_for", ""),
        )
        authority = document.context.get("authority", "")
        sheets.append({"fields": blank_certificate_fields(document.context, doc, authority, positions)})
    size = {
        "page_width_mm": getattr(layout, "page_width_mm", 297),
        "page_height_mm": getattr(layout, "page_height_mm", 210),
    }
    return render_pdf(
        "documents/pdf/certificate_blank.html", {"doc": doc, "layout": size, "certificates": sheets}
    )
