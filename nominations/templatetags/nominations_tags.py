"""Presentation of the eligibility engine's verdicts on nomination pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def verdict_block(verdict) -> str:
    """The engine's verdict as safe HTML: the "eligible / not yet eligible" badge and each
    reason, met (✓) or not (✗), with its legal citation and ⚠ where the basis is unconfirmed
    (awards/eligibility.py). `verdict` is an eligibility.Verdict (worked out now) or the dict
    stored on the nomination at appraisal (services.verdict_to_json); "" for None. Built in
    Python, not with template nodes: a batch page shows 25 verdicts of up to ten reasons, and the
    nodes cost ≈0.3 ms a verdict (issue 17)."""
    if not verdict:
        return ""
    if not isinstance(verdict, dict):
        from nominations.services import verdict_to_json

        verdict = verdict_to_json(verdict)
    if verdict["eligible"]:
        badge = '<span class="badge text-bg-success">Đủ tiêu chuẩn theo hệ thống</span>'
    else:
        badge = '<span class="badge text-bg-danger">Chưa đủ tiêu chuẩn</span>'
    parts = ['<div class="small">\n', badge, '\n<ul class="mb-0 ps-3">']
    for r in verdict.get("reasons", []):
        css, mark = ("text-success", "✓") if r["ok"] else ("text-danger", "✗")
        parts.append(f'\n<li class="{css}">{mark} {escape(r["message"])}')
        if r.get("citation"):
            parts.append(f' <span class="text-muted">({escape(r["citation"])})</span>')
        if r.get("unconfirmed"):
            parts.append(' <span title="Căn cứ chưa xác nhận">⚠</span>')
        parts.append("</li>")
    parts.append("\n</ul>\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
