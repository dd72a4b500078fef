"""Who a commendation decision is addressed to (documents.addressing, issue 10 item 3).

A decision is sent to every unit whose nominees it lists ("Nơi nhận: Như Điều 3"); each unit's
lines are its awardees as they appear in the annex (name, award, amount).
"""

from __future__ import annotations

from core.formats import format_vn_decimal
from nominations.models import Decision


def decision_addressees(decision: Decision) -> list[tuple]:
    """[(unit, ["Nguyễn Văn A — Lao động tiên tiến — 1.000.000 đồng", …])] in annex order."""
    out: dict = {}
    lines = decision.lines.select_related("award_kind", "nomination__batch__unit").order_by("order", "pk")
    for line in lines:
        unit = line.nomination.batch.unit
        text = f"{line.subject_name} — {line.award_kind.name} — {format_vn_decimal(line.amount, 0)} đồng"
        out.setdefault(unit.pk, (unit, []))[1].append(text)
    return list(out.values())
