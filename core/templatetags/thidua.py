"""Presentation helpers: Vietnamese numbers and dates, query strings, badges."""

from django import template
from django.utils.formats import date_format

from core.audit import action_label as _action_label
from core.formats import format_vn_decimal

register = template.Library()


@register.filter
def vn_number(value, decimals=2):
    """3130.5 -> "3.130,5"."""
    try:
        return format_vn_decimal(value, int(decimals))
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.filter
def vn_date(value):
    return date_format(value, "d/m/Y") if value else ""


@register.simple_tag(takes_context=True)
def url_replace(context, **kwargs):
    """The current query string with some parameters replaced (pagination links)."""
    params = context["request"].GET.copy()
    for k, v in kwargs.items():
        params[k] = v
    return params.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


REGISTRATION_LABELS = {
    "draft": "Đang soạn",
    "submitted": "Đã gửi",
    "approved": "Đã duyệt",
    "returned": "Trả lại",
}


@register.filter
def registration_label(status):
    return REGISTRATION_LABELS.get(status, "")


# Badge colour of a workflow status code (campaigns, registrations); other codes show "info".
STATUS_BADGE = {
    "draft": "secondary",
    "launched": "primary",
    "submitted": "primary",
    "approved": "success",
    "closed": "success",
    "returned": "danger",
}


@register.filter
def status_badge(status) -> str:
    """Bootstrap colour suffix for a status badge: "draft" -> "secondary" (templates hold no
    status literals)."""
    return STATUS_BADGE.get(str(status), "info")


@register.filter
def action_label(code):
    """An audit action code as its Vietnamese label (core.audit.action_label), else the code."""
    return _action_label(code) or code
