"""Documents of the workflow issued through the `documents` app (number, PDF once, QR code):
the award decision with its annex, the certificates of every line (one batch PDF), the
council's minutes (Biên bản họp) and ballot-count report (Biên bản kiểm phiếu)."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import decision_text
from awards.models import AwardAnnulment, AwardKind, AwardObject
from core import audit
from core.exceptions import TransitionNotAllowed
from core.formats import format_vn_decimal
from core.jobs import enqueue_on_commit
from documents.issuers import issuer_kwargs, issuing_body_for
from documents.models import IssuingBody
from documents.services import (
    certificates_prepare,
    certificates_store,
    document_prepare,
    document_store,
    signing_capacity_for,
)
from nominations.models import CouncilSession, Decision, DecisionIssueJob, DecisionLine, NominationBatch
from nominations.services.council import can_run_session, threshold_for
from nominations.services.decisions import _locality, can_sign, decision_record_issue
from units.models import Unit


def _money(amount: int) -> str:
    return format_vn_decimal(amount, 0)


def decision_authority(unit) -> str:
    """The authority line of an award decision: the chair's own power (law.md §8.4)."""
    return _("CHỦ TỊCH ỦY BAN NHÂN DÂN %(l)s") % {"l": _locality(unit).upper()}


def _split_articles(text: str) -> tuple[str, list[str]]:
    parts = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return (parts[0] if parts else ""), parts[1:]


def _ref(doc) -> str:
    return _("%(t)s số %(n)s ngày %(d)s") % {
        "t": doc.get_doc_type_display(),
        "n": doc.symbol,
        "d": doc.date.strftime("%d/%m/%Y"),
    }


def decision_proposal(decision: Decision) -> str:
    """ "Xét đề nghị …" line: each unit's generated Tờ trình (number and date) and the council's
    minutes when issued (else its meeting date)."""
    from documents.selectors import current_document_of

    parts = []
    batches = (
        NominationBatch.objects.filter(nominations__decision_line__decision=decision)
        .select_related("unit")
        .distinct()
        .order_by("unit__path", "pk")
    )
    for batch in batches:
        submission = current_document_of(batch, doc_type="to_trinh")
        if submission is not None:
            parts.append(_("của %(u)s tại %(r)s") % {"u": batch.unit.name, "r": _ref(submission)})
    session = decision.session
    if session is not None:
        if session.minutes_document_id:
            parts.append(
                _("của %(c)s tại %(r)s") % {"c": session.council.name, "r": _ref(session.minutes_document)}
            )
        else:
            parts.append(
                _("của %(c)s tại phiên họp ngày %(d)s")
                % {"c": session.council.name, "d": session.meeting_date.strftime("%d/%m/%Y")}
            )
    if not parts:
        return ""
    return _("Xét đề nghị %(p)s.") % {"p": "; ".join(parts)}


# --- The unit's Tờ trình -----------------------------------------------------------------


def _decider_of(unit):
    """The People's Committee above `unit` whose chair decides (the Tờ trình's addressee)."""
    parent = unit.parent
    while parent is not None and parent.kind != Unit.Kind.PEOPLES_COMMITTEE:
        parent = parent.parent
    return parent or unit.parent or unit


def batch_submission_prepare(*, by, batch: NominationBatch):
    """When a unit sends its batch, its Tờ trình is issued in the unit's own register (series
    "unit-<pk>") with the list annex, signed by the sender (the unit's head). A batch sent again
    after being returned gets a new Tờ trình that supersedes the previous one. Villages have no
    numbering of their own: nothing is generated (their signed scan stays the dossier's Tờ trình).

    This step takes the number (its own short transaction, reserved for the batch so that a
    retry reuses it) and renders; `batch_submit` stores it (document_store) in the transaction
    that sends the batch. Runs outside any transaction. Returns a PreparedDocument or None."""
    from documents.selectors import current_document_of

    unit = batch.unit
    if unit.kind == Unit.Kind.VILLAGE:
        return None
    decider = _decider_of(unit)
    nominations = list(
        batch.nominations.select_related(
            "award_kind", "person__unit", "collective", "household__village"
        ).order_by("award_kind__order", "pk")
    )
    rows = [
        {
            "cells": [
                i,
                n.subject_name,
                ", ".join(p for p in (getattr(n.person, "position", ""), n.subject_unit.name) if p),
                n.award_kind.name,
                " ".join((n.summary or "").split())[:300],
            ]
        }
        for i, n in enumerate(nominations, 1)
    ]
    lines = [
        SimpleNamespace(
            award_kind=n.award_kind,
            subject_kind=n.subject_kind,
            amount=0,
            year=n.year,
            occasion=batch.occasion,
        )
        for n in nominations
    ]
    groups = decision_text.group_lines(lines)
    proposals = [
        f"- {g.verb} {decision_text.award_phrase(g)} {decision_text.period_phrase(g)} "
        f"cho {decision_text.counts_phrase(g.counts)};"
        for g in groups
    ]
    is_committee = unit.kind == Unit.Kind.PEOPLES_COMMITTEE
    body = issuing_body_for(
        unit, IssuingBody.Kind.PEOPLES_COMMITTEE if is_committee else IssuingBody.Kind.OTHER
    )
    previous = current_document_of(batch, doc_type="to_trinh")
    return document_prepare(
        by=by,
        reserve_for="to_trinh",
        doc_type="to_trinh",
        **issuer_kwargs(body, signer=by),
        date=timezone.localdate(),
        subject=_("Về việc đề nghị khen thưởng năm %(y)s") % {"y": batch.year},
        source=batch,
        supersedes=previous,
        context={
            "recipients_to": [_("Chủ tịch %(u)s") % {"u": decider.name}],
            "sections": [
                {
                    "heading": "",
                    "paragraphs": [
                        _("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
                        _("Căn cứ kết quả bình xét thi đua, khen thưởng năm %(y)s của %(u)s,")
                        % {"y": batch.year, "u": unit.name},
                        _("%(u)s kính đề nghị Chủ tịch %(d)s xem xét, khen thưởng:")
                        % {"u": unit.name, "d": decider.name},
                        *proposals,
                        _("(Có danh sách và báo cáo thành tích kèm theo)."),
                    ],
                }
            ],
            "recipients_cc": [_("Như trên")],
            "annexes": [
                {
                    "title": _("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"),
                    "columns": [
                        {"title": _("STT"), "width": 6},
                        {"title": _("Họ và tên / Tên tập thể"), "width": 26},
                        {"title": _("Chức vụ, đơn vị"), "width": 24},
                        {"title": _("Danh hiệu, hình thức"), "width": 18},
                        {"title": _("Tóm tắt thành tích"), "width": 26},
                    ],
                    "rows": rows,
                }
            ],
        },
    )


def decision_context(decision: Decision, lines: list[DecisionLine]) -> dict:
    """The rendering context of an award decision: authority line, legal bases, "Xét đề nghị",
    Điều 1-3 split into paragraphs, and the annexed list with one section per award kind (amounts
    in VND formatted the Vietnamese way). Returns a dict for the documents app's templates."""
    unit = decision.unit
    groups = decision_text.group_lines(lines)
    rows = []
    order = 0
    for section in decision_text.annex_sections(groups):
        if section["group"]:
            rows.append({"group": section["group"]})
        for line in section["lines"]:
            order += 1
            rows.append(
                {
                    "cells": [
                        order,
                        line.subject_name,
                        line.subject_detail,
                        line.award_kind.name,
                        _money(line.amount),
                    ]
                }
            )
    rows.append({"cells": ["", _("Tổng cộng"), "", "", _money(sum(line.amount for line in lines))]})
    articles = []
    for title, text in (
        (_("Điều 1."), decision.article_1),
        (_("Điều 2."), decision.article_2),
        (_("Điều 3."), decision.article_3),
    ):
        first, rest = _split_articles(text)
        articles.append({"title": title, "text": first, "paragraphs": rest})
    return {
        "authority": decision_authority(unit),
        "legal_bases": list(decision.legal_bases),
        "proposal": decision_proposal(decision),
        "articles": articles,
        "recipients_cc": [_("Như Điều 3")],
        "annexes": [
            {
                "title": _("DANH SÁCH ĐƯỢC KHEN THƯỞNG"),
                "columns": [
                    {"title": _("STT"), "width": 6},
                    {"title": _("Họ và tên / Tên tập thể"), "width": 30},
                    {"title": _("Chức vụ, đơn vị"), "width": 28},
                    {"title": _("Danh hiệu, hình thức"), "width": 20},
                    {"title": _("Tiền thưởng (đồng)"), "width": 16},
                ],
                "rows": rows,
            }
        ],
    }


# What each printed award object says (certificate.html): heading, the line above it, and the
# achievement text. Designs unconfirmed (law.md §8.4): flagged on AwardKind in the admin only.
OBJECT_PRINTS = {
    AwardObject.CERTIFICATE_OF_MERIT: {"series": "main", "above": "TẶNG", "heading": "GIẤY KHEN"},
    AwardObject.MERIT_DIPLOMA: {"series": "bang_khen", "above": "TẶNG", "heading": "BẰNG KHEN"},
    AwardObject.TITLE_CERTIFICATE: {"series": "chung_nhan", "above": "", "heading": "GIẤY CHỨNG NHẬN"},
}


def _achievement(line: DecisionLine) -> str:
    kind = line.award_kind
    if kind.category == AwardKind.Category.TITLE:
        return _("Đạt danh hiệu “%(a)s” năm %(y)s") % {"a": kind.name, "y": line.year}
    summary = " ".join((line.nomination.summary or "").split())
    if summary and len(summary) <= 240:
        text = summary[:1].lower() + summary[1:] if not summary.startswith("Đã") else summary[3:]
        return _("Đã có thành tích %(t)s") % {"t": text.rstrip(".")}
    return _("Đã có thành tích xuất sắc năm %(y)s") % {"y": line.year}


def _certificates_prepare(*, by, decision, lines, ref: str, common: dict) -> tuple[list, list]:
    """Prepare (number, render; nothing stored) one certificate per line whose award carries a
    printed object, each object in its own register series. Returns ([(line, prepared)], [batch
    PDFs]) for `certificates_store`."""
    prepared_all, batches = [], []
    for obj, spec in OBJECT_PRINTS.items():
        chosen = [line for line in lines if line.award_kind.award_object == obj]
        if not chosen:
            continue
        prepared, batch_pdf = certificates_prepare(
            by=by,
            authority=decision_authority(decision.unit),
            series=spec["series"],
            recipients=[
                {
                    "recipient_name": line.subject_name,
                    "recipient_unit": line.subject_detail,
                    "achievement": _achievement(line),
                    "decision_ref": ref,
                    "above": spec["above"],
                    "heading": spec["heading"],
                }
                for line in chosen
            ],
            source=decision,
            reserve_for=[f"certificate:{line.pk}" for line in chosen],
            **common,
        )
        prepared_all.extend(zip(chosen, prepared, strict=True))
        batches.append(batch_pdf)
    return prepared_all, batches


def _join_pdfs(pdfs: list[bytes]) -> bytes:
    import io

    from pypdf import PdfWriter

    if len(pdfs) == 1:
        return pdfs[0]
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _check_can_issue(by, decision: Decision) -> None:
    if not can_sign(by, decision):
        raise ValidationError(_("Chỉ người ký được ban hành quyết định."))
    if decision.status != Decision.Status.DRAFT:
        raise TransitionNotAllowed(_("Quyết định đã ban hành."))


def decision_issue(*, by, decision: Decision, progress=None) -> Decision:
    """The signer issues the decision: a number is taken and the PDF rendered once (documents
    app), the register gets one entry per line, and every line whose award carries a printed
    object gets its certificate (one batch PDF for printing). The signature block follows the
    signer's title against the chair's power: "CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Q. CHỦ TỊCH".

    Issue 15: three steps, so that concurrent decisions of one issuer do not wait in line: (1)
    checks under the decision's row lock and the numbers taken (short transactions); (2) the
    decision and certificates rendered with no lock held; (3) one short transaction stores the
    documents, the register entries and the decision's new status, after checking the decision is
    still a draft. A retry after a failure in (2) or (3) reuses the numbers reserved for it.

    `progress` (optional): called with a percentage (int) after each step, for the background job
    of a long decision (`decision_issue_request`).
    """
    progress = progress or (lambda _percent: None)
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("unit__parent", "signer", "session__council", "session__minutes_document")
            .get(pk=decision.pk)
        )
        _check_can_issue(by, decision)
        lines = list(decision.lines.select_related("award_kind", "nomination").order_by("order", "pk"))
        if not lines:
            raise ValidationError(_("Quyết định chưa có ai trong danh sách kèm theo."))
    unit = decision.unit
    common = {
        **issuer_kwargs(issuing_body_for(unit), signer=decision.signer),
        "date": decision.decision_date,
        **signing_capacity_for(decider_title=_("Chủ tịch"), signer_title=decision.signer_title),
    }
    prepared = document_prepare(
        by=by,
        doc_type="quyet_dinh",
        subject=decision.title,
        context=decision_context(decision, lines),
        source=decision,
        reserve_for="decision",
        **common,
    )
    progress(40)
    ref = _("Quyết định số %(n)s ngày %(d)s") % {
        "n": prepared.document.symbol,
        "d": decision.decision_date.strftime("%d/%m/%Y"),
    }
    prepared_certs, batches = _certificates_prepare(
        by=by, decision=decision, lines=lines, ref=ref, common=common
    )
    progress(85)
    with transaction.atomic():
        decision = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
        _check_can_issue(by, decision)  # still a draft: a concurrent issue of it did not win
        if list(decision.lines.order_by("order", "pk").values_list("pk", flat=True)) != [x.pk for x in lines]:
            raise ValidationError(_("Danh sách kèm theo vừa thay đổi; vui lòng ban hành lại."))
        doc = document_store(prepared)
        decision_record_issue(by=by, decision=decision, number=doc.symbol)
        certs = certificates_store([p for _line, p in prepared_certs])
        for (line, _p), cert in zip(prepared_certs, certs, strict=True):
            line.certificate = cert
            line.save(update_fields=["certificate"])
        decision = Decision.objects.get(pk=decision.pk)
        decision.document = doc
        fields = ["document", "updated_at"]
        if batches:
            combined = _join_pdfs(batches)
            decision.certificates_file.save(f"giay-khen-{decision.pk}.pdf", ContentFile(combined), save=False)
            decision.certificates_sha256 = hashlib.sha256(combined).hexdigest()
            fields += ["certificates_file", "certificates_sha256"]
        decision.save(update_fields=fields)
        audit.record(
            actor=by,
            action="awards.decision.documents_issued",
            target=decision,
            data={
                "document": doc.symbol,
                "certificates": [c.symbol for c in certs],
                "certificates_sha256": decision.certificates_sha256,
            },
        )
    return decision


# Decisions with more annex lines than this are issued in a background job (Celery; inline when
# no broker is configured), as the documents app does for drafts (documents.views.LONG_RENDER_ROWS).
LONG_ISSUE_LINES = 100


def decision_issue_request(*, by, decision: Decision) -> Decision | DecisionIssueJob:
    """The signer's "sign, number and issue": a decision of at most `LONG_ISSUE_LINES` lines is
    issued at once (`decision_issue`, returns the Decision); a longer one gets a DecisionIssueJob
    enqueued after commit (returned; its page shows the progress). While a job of the decision is
    waiting or running, that job is returned and no second one is made.

    Raises ValidationError when `by` may not sign it, TransitionNotAllowed when it is issued.
    """
    _check_can_issue(by, decision)
    if decision.lines.count() <= LONG_ISSUE_LINES:
        return decision_issue(by=by, decision=decision)
    with transaction.atomic():
        locked = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
        _check_can_issue(by, locked)
        job = locked.issue_jobs.filter(status__in=DecisionIssueJob.ACTIVE).first()
        if job is None:
            job = DecisionIssueJob.objects.create(decision=locked, requested_by=by)
            enqueue_on_commit("nominations.tasks.decision_issue_job_task", job.pk)
    return job


def decision_issue_job_run(*, job_id: int) -> None:
    """Run one DecisionIssueJob (idempotent: a finished job is left alone; one left running by a
    worker that died is run again, `BackgroundJob.claim(resume=True)`): `decision_issue` with its
    progress written to the job. A refusal (ValidationError, e.g. issued meanwhile) marks the
    job failed with its message; any other error marks it failed and is raised again."""
    job = DecisionIssueJob.objects.select_related("decision", "requested_by").get(pk=job_id)
    if not DecisionIssueJob.claim(job_id, progress=10, resume=True):
        return
    try:
        decision_issue(
            by=job.requested_by,
            decision=job.decision,
            progress=lambda p: DecisionIssueJob.set_values(job_id, progress=p),
        )
    except ValidationError as exc:
        DecisionIssueJob.fail(job_id, "; ".join(exc.messages))
        return
    except Exception as exc:
        DecisionIssueJob.fail(job_id, str(exc))
        raise
    DecisionIssueJob.finish(job_id)


# --- Annulment decisions ----------------------------------------------------------------


def _award_phrase(line: DecisionLine) -> str:
    kind = line.award_kind
    return (_("danh hiệu “%(a)s”") if kind.category == AwardKind.Category.TITLE else "%(a)s") % {
        "a": kind.name
    }


@transaction.atomic
def line_annulment_draft_create(*, by, line: DecisionLine, ground: str, note: str = ""):
    """Soạn thảo a numbered annulment decision (hủy bỏ, law.md §7.5) for one line of an issued
    decision, citing it. The secretariat submits it for signature; when the signer issues it, the
    register entry, the nominee and the certificate are annulled (`_apply_line_annulment`), with
    the annulment decision's own number and date (the signing day: never in the future, never
    before the original). Returns the DocumentDraft. Raises ValidationError."""
    from documents.models import DocumentDraft
    from documents.services import draft_create
    from nominations.services.decisions import can_prepare_decision

    line = DecisionLine.objects.select_related(
        "decision__unit__parent", "award_kind", "decision__document"
    ).get(pk=line.pk)
    decision = line.decision
    if not can_prepare_decision(by, decision.unit):
        raise ValidationError(_("Bạn không có quyền thực hiện thao tác này."))
    if decision.status != Decision.Status.ISSUED:
        raise TransitionNotAllowed(_("Chỉ hủy bỏ được khen thưởng của quyết định đã ban hành."))
    if ground not in AwardAnnulment.Ground.values:
        raise ValidationError({"ground": _("Căn cứ hủy bỏ không hợp lệ.")})
    if AwardAnnulment.objects.filter(record__decision_line=line).exists():
        raise ValidationError(_("Khen thưởng này đã bị hủy bỏ trước đó."))
    pending = DocumentDraft.objects.filter(
        status__in=[DocumentDraft.Status.DRAFT, DocumentDraft.Status.SUBMITTED], context__annul__line=line.pk
    )
    if pending.exists():
        raise ValidationError(_("Đã có dự thảo quyết định hủy bỏ cho khen thưởng này."))
    unit = decision.unit
    locality = _locality(unit)
    original = _("Quyết định số %(n)s ngày %(d)s của Chủ tịch Ủy ban nhân dân %(l)s") % {
        "n": decision.number,
        "d": decision.decision_date.strftime("%d/%m/%Y"),
        "l": locality,
    }
    who = ", ".join(p for p in (line.subject_name, line.subject_detail) if p)
    recover = []
    if line.award_kind.has_printed_object:
        recover.append(_("hiện vật khen thưởng"))
    if line.amount:
        recover.append(_("số tiền thưởng %(m)s đồng") % {"m": _money(line.amount)})
    article_2 = (
        _("Thu hồi %(what)s đã cấp theo %(o)s.") % {"what": _(" và ").join(recover), "o": original}
        if recover
        else _("Xóa tên khỏi sổ khen thưởng đối với khen thưởng nêu tại Điều 1.")
    )
    context = {
        "authority": decision_authority(unit),
        "legal_bases": [
            *decision.legal_bases,
            _("Căn cứ %(o)s về việc %(t)s;")
            % {"o": original, "t": decision.title[:1].lower() + decision.title[1:]},
        ],
        "proposal": _("Xét đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng (lý do: %(g)s).")
        % {"g": AwardAnnulment.Ground(ground).label.lower()},
        "articles": [
            {
                "title": _("Điều 1."),
                "text": _("Hủy bỏ %(a)s năm %(y)s đối với %(w)s tại %(o)s.")
                % {"a": _award_phrase(line), "y": line.year, "w": who, "o": original},
            },
            {"title": _("Điều 2."), "text": article_2},
            {
                "title": _("Điều 3."),
                "text": _(
                    "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND %(l)s, "
                    "Thủ trưởng các cơ quan, đơn vị có liên quan và %(w)s chịu trách nhiệm thi hành "
                    "Quyết định này./."
                )
                % {"l": locality, "w": line.subject_name},
            },
        ],
        "recipients_cc": [_("Như Điều 3")],
        "annul": {"line": line.pk, "ground": ground, "note": note, "decision": decision.pk},
    }
    return draft_create(
        by=by,
        doc_type="quyet_dinh",
        title=_("Quyết định hủy bỏ khen thưởng: %(w)s") % {"w": line.subject_name},
        context=context,
        issue_kwargs={
            **issuer_kwargs(issuing_body_for(unit), signer=None),
            "subject": _("Về việc hủy bỏ khen thưởng đối với %(w)s") % {"w": line.subject_name},
            "signer_name": "",
            # the chair's own power (authority line "CHỦ TỊCH ỦY BAN NHÂN DÂN …"), not the committee's
            "signer_title": _("Chủ tịch"),
            "signing_capacity": "",
            "signing_for": "",
        },
        source=decision,
    )


def _apply_line_annulment(sender, draft, document, by, **kwargs) -> None:
    """When the signer issues an annulment decision, annul the line in the register (same transaction)."""
    from nominations.services.decisions import decision_line_annul

    annul = (draft.context or {}).get("annul")
    if not annul:
        return
    decision_line_annul(
        by=draft.submitted_by,
        line=DecisionLine.objects.get(pk=annul["line"]),
        ground=annul["ground"],
        decision_number=document.symbol,
        decision_date=document.date,
        note=annul.get("note", ""),
    )


def connect_signals() -> None:
    """Listen to documents' `draft_issued` (called once from NominationsConfig.ready)."""
    from documents.services import draft_issued

    draft_issued.connect(_apply_line_annulment, dispatch_uid="awards.apply_line_annulment")


# --- Council documents ---------------------------------------------------------------
def _member_name(u) -> str:
    return u.full_name or u.get_username()


def _session_for_documents(by, session: CouncilSession) -> CouncilSession:
    """The session under its row lock, checked: closed, minutes not issued, `by` runs it."""
    session = (
        CouncilSession.objects.select_for_update(of=("self",))
        .select_related("council__unit__parent", "council__chair")
        .get(pk=session.pk)
    )
    if not can_run_session(by, session.council):
        raise ValidationError(_("Bạn không có quyền thực hiện thao tác này."))
    if session.status != CouncilSession.Status.CLOSED:
        raise TransitionNotAllowed(_("Chỉ lập biên bản sau khi kết thúc bỏ phiếu."))
    if session.minutes_document_id:
        raise TransitionNotAllowed(_("Biên bản của phiên họp đã được phát hành."))
    return session


def session_documents_issue(*, by, session: CouncilSession) -> CouncilSession:
    """After the ballot: the minutes (attendance, quorum, agenda, results) and the ballot-count
    report (per item: votes, base, rule), both in the council's register, signed by its chair.

    Issue 15: the checks commit first; the two numbers are taken (each in its own short
    transaction, reserved for this session so that a retry reuses them) and the PDFs rendered
    with no lock held; one short transaction then checks the session again and stores both
    documents with the session's links, or neither. A closed session's results no longer
    change, so what was rendered is what is stored. Runs outside any transaction. Raises
    ValidationError / TransitionNotAllowed."""
    with transaction.atomic():
        session = _session_for_documents(by, session)
    council = session.council
    items = list(
        session.items.select_related("nomination__award_kind", "nomination__batch__unit").order_by(
            "order", "pk"
        )
    )
    attendees = sorted(_member_name(u) for u in session.attendees.all())
    absent = sorted(_member_name(u) for u in council.members.exclude(pk__in=session.attendees.all()))
    body = issuing_body_for(council.unit, IssuingBody.Kind.COUNCIL, name=council.name)
    common = {
        **issuer_kwargs(body, signer=council.chair),
        "issuer_name": council.name,
        "series": "council",
        "date": session.meeting_date,
        "source": session,
    }
    # the minutes and the count report: numbered and rendered here, stored together below
    results = [
        _("%(i)s. %(n)s — %(a)s (%(u)s): %(m)s")
        % {
            "i": item.order,
            "n": item.nomination.subject_name,
            "a": item.nomination.award_kind.name,
            "u": item.nomination.batch.unit.name,
            "m": (item.result_detail or {}).get("message", ""),
        }
        + (
            " "
            + _("Chưa đạt tiêu chuẩn theo kết quả kiểm tra; cơ quan thường trực vẫn trình vì: %(r)s.")
            % {"r": item.nomination.override_reason.rstrip(".")}
            if item.nomination.override_reason
            else ""
        )
        for item in items
    ]
    quorum = session.quorum or {}
    minutes = document_prepare(
        by=by,
        reserve_for="minutes",
        doc_type="bien_ban",
        subject=_("Họp xét khen thưởng: %(t)s") % {"t": session.title},
        context={
            "sections": [
                {
                    "heading": _("I. Thời gian, địa điểm, thành phần"),
                    "paragraphs": [
                        _("Ngày %(d)s%(l)s.")
                        % {
                            "d": session.meeting_date.strftime("%d/%m/%Y"),
                            "l": (", " + session.location) if session.location else "",
                        },
                        _("Có mặt: %(n)s") % {"n": ", ".join(attendees)},
                        _("Vắng mặt: %(n)s") % {"n": ", ".join(absent) or _("không")},
                        quorum.get("message", ""),
                        _("Quy tắc biểu quyết: %(r)s") % {"r": quorum.get("rule", "")},
                    ],
                },
                {"heading": _("II. Kết quả biểu quyết (bỏ phiếu kín)"), "paragraphs": results},
            ],
            "recipients_cc": [_("Thường trực Hội đồng")],
            # The minutes are signed by the chair and by the secretary who took them: the
            # secretariat member who ran the session (the council has no secretary field).
            "secretary": {"title": _("Thư ký"), "name": _member_name(session.created_by or by)},
        },
        **common,
    )
    count_rows = []
    for item in items:
        d = item.result_detail or {}
        rule = threshold_for(council, item.nomination.award_kind.code)
        count_rows.append(
            _(
                "%(i)s. %(n)s — %(a)s: số phiếu thu về %(v)s; tán thành %(y)s, "
                "không tán thành %(no)s, không biểu quyết %(ab)s; không tham gia biểu quyết %(r)s; "
                "tỷ lệ tán thành %(p)s%% trên %(b)s (ngưỡng %(t)s%%): %(res)s."
            )
            % {
                "i": item.order,
                "n": item.nomination.subject_name,
                "a": item.nomination.award_kind.name,
                "v": d.get("voted", 0),
                "y": d.get("yes", 0),
                "no": d.get("no", 0),
                "ab": d.get("abstain", 0),
                "r": d.get("recused", 0),
                "p": format_vn_decimal(Decimal(str(d.get("yes_percent", "0"))), as_is=True),
                "b": d.get("base", 0),
                "t": format_vn_decimal(rule.approval_percent, 2),
                "res": _("ĐẠT") if d.get("passed") else _("KHÔNG ĐẠT"),
            }
        )
    count = document_prepare(
        by=by,
        reserve_for="ballot-count",
        doc_type="bien_ban",
        subject=_("Kiểm phiếu: %(t)s") % {"t": session.title},
        context={
            "sections": [
                {
                    "heading": _("Kết quả kiểm phiếu"),
                    "paragraphs": [
                        _(
                            "Bỏ phiếu kín bằng phương tiện điện tử: hệ thống chỉ ghi nhận "
                            "thành viên đã bỏ phiếu, không lưu lựa chọn của từng thành viên."
                        ),
                        *count_rows,
                    ],
                }
            ],
            "secretary": {"title": _("Thư ký"), "name": _member_name(session.created_by or by)},
        },
        **common,
    )
    with transaction.atomic():
        session = _session_for_documents(by, session)
        minutes, count = document_store(minutes), document_store(count)
        session.minutes_document = minutes
        session.count_document = count
        session.save(update_fields=["minutes_document", "count_document", "updated_at"])
        audit.record(
            actor=by,
            action="awards.session.documents_issued",
            target=session,
            data={"minutes": minutes.symbol, "count": count.symbol},
        )
    return session
