"""Official outputs of a report round, prepared as documents-engine drafts to preview and issue.

- Công văn đôn đốc: the reminder letter naming the units that have not reported.
- Báo cáo tổng hợp: the round summary with an annex of target results per unit.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import audit
from core.formats import format_vn_decimal
from documents.issuers import issuer_kwargs, issuing_body_for
from reports.documents import reminder_letter_context, round_summary_context
from reports.models import ReportRound
from reports.services import _require_manage


def _issuer_kwargs(rnd: ReportRound) -> dict:
    """The launching unit's People's Committee issues the round's letters and reports."""
    return {
        **issuer_kwargs(issuing_body_for(rnd.campaign.launching_unit)),
        "date": timezone.localdate().isoformat(),
    }


def _deadline_text(deadline) -> str:
    local = timezone.localtime(deadline)
    return _("%(h)s giờ %(m)s ngày %(d)s") % {
        "h": f"{local:%H}",
        "m": f"{local:%M}",
        "d": date_format(local, "d/m/Y"),
    }


@transaction.atomic
def round_reminder_letter_draft(*, round: ReportRound, by):
    """Công văn đôn đốc for the units that have not reported after the deadline."""
    from documents.services import draft_create

    _require_manage(by, round.campaign)
    ctx = reminder_letter_context(round)
    late = [row["unit"].name for row in ctx["late_units"]]
    if not late:
        raise ValidationError(_("Không có đơn vị nào chậm báo cáo: không cần công văn đôn đốc."))
    authority = round.campaign.launching_unit.name
    paragraphs = [
        _("Thực hiện “%(c)s”, %(a)s đã đề nghị các cơ quan, đơn vị gửi %(r)s trước %(d)s.")
        % {
            "c": round.campaign.title,
            "a": authority,
            "r": round.title.lower() if round.title else "báo cáo",
            "d": _deadline_text(round.deadline),
        },
        _("Đến nay đã có %(done)s/%(all)s đơn vị gửi báo cáo; còn %(n)s đơn vị chưa gửi: %(names)s.")
        % {
            "done": ctx["reported_count"],
            "all": ctx["required_count"],
            "n": len(late),
            "names": "; ".join(late),
        },
        _(
            "Đề nghị Thủ trưởng các cơ quan, đơn vị nêu trên khẩn trương hoàn thành và gửi báo cáo "
            "qua hệ thống quản lý thi đua, khen thưởng. Quá thời hạn trên, đơn vị nào chưa báo cáo "
            "sẽ được tổng hợp, báo cáo cấp có thẩm quyền xem xét khi bình xét thi đua, khen thưởng./."
        ),
    ]
    recipients_to = late if len(late) <= 8 else [_("Các cơ quan, đơn vị có tên tại văn bản này")]
    draft = draft_create(
        by=by,
        doc_type="cong_van",
        title=_("Công văn đôn đốc: %(r)s") % {"r": round.title},
        context={
            "recipients_to": recipients_to,
            "paragraphs": paragraphs,
            "recipients_cc": [_("Như trên"), _("Lưu: VT, NV")],
        },
        issue_kwargs={
            **_issuer_kwargs(round),
            "subject": _("đôn đốc gửi %(r)s") % {"r": round.title.lower()},
            "drafting_unit_code": "NV",
            "addressees": [row["unit"].pk for row in ctx["late_units"]],
        },
        source=round,
    )
    audit.record(
        actor=by,
        action="reports.round.reminder_letter_drafted",
        target=round,
        data={"draft": draft.pk, "late_units": late},
    )
    return draft


def _result_cell(result) -> list[str]:
    if result.actual is None:
        return ["—", "—", _("Chưa báo cáo")]
    ratio = f"{format_vn_decimal(result.percent, 1)}%" if result.percent is not None else "—"
    return [format_vn_decimal(result.actual, 2), ratio, result.verdict]


def _goal_cell(result) -> str:
    """The unit's own target, or a dash when it has none (never the jurisdiction's total)."""
    if result.goal is None:
        return _("Chưa giao")
    sep = "" if result.target.is_rate else " "
    return f"{format_vn_decimal(result.goal, 2)}{sep}{result.target.unit_of_measure}"


@transaction.atomic
def round_summary_report_draft(*, round: ReportRound, by):
    """Báo cáo tổng hợp: who reported, results per target, annex of results per unit."""
    from documents.services import draft_create

    _require_manage(by, round.campaign)
    ctx = round_summary_context(round)
    overview = [
        _("Có %(done)s/%(all)s đơn vị gửi báo cáo, trong đó %(late)s đơn vị gửi sau thời hạn.")
        % {"done": ctx["reported_count"], "all": ctx["required_count"], "late": ctx["late_count"]},
    ]
    if ctx["not_reported"]:
        overview.append(
            _("Các đơn vị chưa báo cáo: %(names)s.")
            % {"names": "; ".join(u.name for u in ctx["not_reported"])}
        )
    results = [agg.sentence for agg in ctx["aggregates"]]
    rows, n = [], 0
    for row in ctx["rows"]:
        rows.append({"group": row.unit.name})
        for result in row.results:
            n += 1
            rows.append(
                {
                    "cells": [
                        str(n),
                        result.target.name,
                        _goal_cell(result),
                        *_result_cell(result),
                    ]
                }
            )
    annexes = []
    if rows:
        annexes.append(
            {
                "title": _("Kết quả thực hiện chỉ tiêu của các đơn vị"),
                "columns": [
                    {"title": "STT", "width": 8},
                    {"title": _("Chỉ tiêu"), "width": 38},
                    {"title": _("Chỉ tiêu của đơn vị"), "width": 16},
                    {"title": _("Thực hiện"), "width": 14},
                    {"title": _("Tỷ lệ"), "width": 10},
                    {"title": _("Kết quả"), "width": 14},
                ],
                "rows": rows,
            }
        )
    draft = draft_create(
        by=by,
        doc_type="bao_cao",
        title=_("Báo cáo tổng hợp: %(r)s") % {"r": round.title},
        context={
            "sections": [
                {"heading": _("I. TÌNH HÌNH BÁO CÁO"), "paragraphs": overview},
                {
                    "heading": _("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"),
                    "paragraphs": results or [_("Phong trào chưa có chỉ tiêu.")],
                },
                {
                    "heading": _("III. ĐỀ XUẤT"),
                    "paragraphs": [
                        _(
                            "Đề nghị các đơn vị chưa báo cáo khẩn trương hoàn thành; kết quả trên là căn "
                            "cứ để bình xét thi đua, khen thưởng./."
                        )
                    ],
                },
            ],
            "annexes": annexes,
            "recipients_cc": [_("Thường trực Hội đồng TĐKT"), _("Lưu: VT, NV")],
        },
        issue_kwargs={
            **_issuer_kwargs(round),
            "subject": _("Tổng hợp kết quả %(r)s") % {"r": round.title.lower()},
            "annex_issuer": round.campaign.launching_unit.name,
        },
        source=round,
    )
    audit.record(actor=by, action="reports.round.summary_drafted", target=round, data={"draft": draft.pk})
    return draft
