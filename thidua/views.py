"""The home page: one panel per role the user holds, each with its cockpit (issue 16 item 1)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.views.generic import TemplateView

from core.roles import Role
from thidua.cockpit import cockpit_for
from units import permissions, selectors


class HomeView(LoginRequiredMixin, TemplateView):
    """One page, one panel per role the user holds; each panel lists what waits and links to the
    place to act (counts from the apps' selectors, constant query cost)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        grants = permissions.active_grants(user)
        ctx["grants"] = grants
        ctx["roles"] = permissions.user_roles(user)
        ctx["desk_units"] = permissions.grant_units(user, permissions.DESK_ROLES)
        ctx["signer_units"] = permissions.grant_units(user, permissions.SIGNER_ROLES)
        ctx["unit_grants"] = [g for g in grants if g.role in permissions.UNIT_ROLES]
        ctx["headed_blocs"] = (
            selectors.blocs_visible_to(user)
            .filter(head__in=permissions.grant_units(user, Role.BLOC_HEAD))
            .annotate(member_count=Count("memberships"))
            if Role.BLOC_HEAD in ctx["roles"]
            else []
        )
        if permissions.holds_any(user, permissions.TREE_ROLES):
            ctx["unit_count"] = permissions.visible_units(user).count()
            ctx["people_count"] = selectors.people_visible_to(user).count()
        ctx["cockpit"] = cockpit_for(user)
        return ctx
