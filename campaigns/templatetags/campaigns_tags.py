"""Home-page panels for campaigns (units' templates load these without importing campaigns)."""

from django import template

from campaigns import selectors
from campaigns.models import Campaign

register = template.Library()


@register.inclusion_tag("campaigns/_home_unit.html")
def unit_campaigns_panel(user):
    return {"rows": selectors.my_campaigns(user)[:5]}


@register.inclusion_tag("campaigns/_home_secretariat.html")
def secretariat_campaigns_panel(user):
    qs = selectors.campaigns_visible_to(user)
    return {
        "open_campaigns": qs.filter(
            status__in=[Campaign.Status.LAUNCHED, Campaign.Status.INTERIM_REVIEW]
        ).order_by("-year", "-pk")[:5],
        "draft_count": qs.filter(status=Campaign.Status.DRAFT).count(),
    }
