"""Documents of the workflow issued through the `documents` app (number, PDF once, QR code):
the award decision with its annex, the certificates of every line (one batch PDF), the
council's minutes (Biên bản họp) and ballot-count report (Biên bản kiểm phiếu)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import TransitionNotAllowed
from core.formats import format_vn_decimal
from documents.issuers import issuer_kwargs, issuing_body_for
from documents.models import IssuingBody
from documents.services import (
    certificates_prepare,
    certificates_store,
    document_issue,
    document_prepare,
    document_store,
)
from nominations.models import CouncilSession, Decision, DecisionLine
from nominations.services.council import can_run_session, threshold_for
from nominations.services.decisions import can_sign, decision_record_issue


def _money(amount: int) -> str:
    return format_vn_decimal(amount, 0)


def decision_context(decision: Decision, lines: list[DecisionLine]) -> dict:
    """The rendering context of an award decision and its annexed list: one row per line of `lines`
    (order, subject, detail, award, amount in VND formatted the Vietnamese way), with the issuer
    block of the decision's unit. Returns a dict for the documents app's templates.
    """
    unit = decision.unit
    rows = [
        {
            "cells": [
                line.order,
                line.subject_name,
                line.subject_detail,
                line.award_kind.name,
                _money(line.amount),
            ]
        }
        for line in lines
    ]
    rows.append({"cells": ["", _("Tổng cộng"), "", "", _money(sum(line.amount for line in lines))]})
    proposal = ""
    if decision.session_id:
        proposal = _("Xét đề nghị của Hội đồng Thi đua - Khen thưởng tại phiên họp ngày %(d)s.") % {
            "d": decision.session.meeting_date.strftime("%d/%m/%Y")
        }
    return {
        "authority": _("CHỦ TỊCH %(u)s") % {"u": unit.name.upper()},
        "legal_bases": list(decision.legal_bases),
        "proposal": proposal,
        "articles": [
            {"title": _("Điều 1."), "text": decision.article_1},
            {"title": _("Điều 2."), "text": decision.article_2},
            {"title": _("Điều 3."), "text": decision.article_3},
        ],
        "recipients_cc": [_("Như Điều 3"), _("Lưu: VT, NV")],
        "annexes": [
            {
                "title": _("DANH SÁCH ĐƯỢC KHEN THƯỞNG"),
                "columns": [
                    {"title": _("TT"), "width": 6},
                    {"title": _("Họ và tên / Tên tập thể"), "width": 30},
                    {"title": _("Chức vụ, đơn vị"), "width": 28},
                    {"title": _("Danh hiệu, hình thức"), "width": 20},
                    {"title": _("Tiền thưởng (đồng)"), "width": 16},
                ],
                "rows": rows,
            }
        ],
    }


def decision_issue(*, by, decision: Decision) -> Decision:
    """The signer issues the decision: a number is taken and the PDF rendered once (documents
    app), the register gets one entry per line, and every line gets its certificate (one batch PDF).

    Issue 15: three steps, so that concurrent decisions of one issuer do not wait in line: (1)
    checks under the decision's row lock, and the numbers taken (each in a short transaction
    that holds the register's lock only for the increment); (2) the decision and certificates
    rendered with no lock held; (3) one short transaction stores the documents, the register
    entries and the decision's new status, after checking the decision is still a draft. A
    retry after a failure in (2) or (3) reuses the numbers reserved for this decision.
    """
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("unit__parent", "signer", "session")
            .get(pk=decision.pk)
        )
        _check_can_issue(by, decision)
        lines = list(decision.lines.select_related("award_kind").order_by("order", "pk"))
        if not lines:
            raise ValidationError(_("Quyết định chưa có ai trong danh sách kèm theo."))
    unit = decision.unit
    common = {
        **issuer_kwargs(issuing_body_for(unit), signer=decision.signer),
        "date": decision.decision_date,
        "signer_title": decision.signer_title,
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
    ref = _("Quyết định số %(n)s ngày %(d)s") % {
        "n": prepared.document.symbol,
        "d": decision.decision_date.strftime("%d/%m/%Y"),
    }
    prepared_certs, batch_pdf = certificates_prepare(
        by=by,
        authority=_("CHỦ TỊCH %(u)s") % {"u": unit.name.upper()},
        recipients=[
            {
                "recipient_name": line.subject_name,
                "recipient_unit": line.subject_detail,
                "achievement": _("Đạt danh hiệu, hình thức “%(a)s” năm %(y)s")
                % {"a": line.award_kind.name, "y": line.year},
                "decision_ref": ref,
            }
            for line in lines
        ],
        source=decision,
        reserve_for=[f"certificate:{line.pk}" for line in lines],
        **common,
    )
    with transaction.atomic():
        decision = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
        _check_can_issue(by, decision)  # still a draft: a concurrent issue of it did not win
        if list(decision.lines.order_by("order", "pk").values_list("pk", flat=True)) != [x.pk for x in lines]:
            raise ValidationError(_("Danh sách kèm theo vừa thay đổi; vui lòng ban hành lại."))
        doc = document_store(prepared)
        decision_record_issue(by=by, decision=decision, number=doc.symbol)
        certs = certificates_store(prepared_certs)
        for line, cert in zip(lines, certs, strict=True):
            line.certificate = cert
            line.save(update_fields=["certificate"])
        decision = Decision.objects.get(pk=decision.pk)
        decision.document = doc
        decision.certificates_file.save(f"giay-khen-{decision.pk}.pdf", ContentFile(batch_pdf), save=False)
        decision.save(update_fields=["document", "certificates_file", "updated_at"])
        audit.record(
            actor=by,
            action="awards.decision.documents_issued",
            target=decision,
            data={"document": doc.symbol, "certificates": [c.symbol for c in certs]},
        )
    return decision


def _check_can_issue(by, decision: Decision) -> None:
    if not can_sign(by, decision):
        raise ValidationError(_("Chỉ người ký được ban hành quyết định."))
    if decision.status != Decision.Status.DRAFT:
        raise TransitionNotAllowed(_("Quyết định đã ban hành."))


# --- Council documents ---------------------------------------------------------------
def _member_name(u) -> str:
    return u.full_name or u.get_username()


@transaction.atomic
def session_documents_issue(*, by, session: CouncilSession) -> CouncilSession:
    """After the ballot: the minutes (attendance, quorum, agenda, results) and the ballot-count
    report (per item: votes, base, rule), both in the council's register, signed by its chair."""
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
    minutes = document_issue(
        by=by,
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
            "recipients_cc": [_("Thường trực Hội đồng"), _("Lưu: VT, NV")],
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
    count = document_issue(
        by=by,
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
            "recipients_cc": [_("Lưu: VT, NV")],
        },
        **common,
    )
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
