from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from core import notifications
from core.forms import NotificationEmailForm
from core.views import PaginatedMixin


class NotificationListView(LoginRequiredMixin, PaginatedMixin, ListView):
    template_name = "core/notification_list.html"
    context_object_name = "items"

    def get_queryset(self):
        return notifications.notification_list_for_user(self.request.user)


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one of the user's notifications read and follow its link (404 for others')."""

    def post(self, request, pk):
        item = get_object_or_404(notifications.notification_list_for_user(request.user), pk=pk)
        notifications.notification_mark_read(user=request.user, pk=item.pk)
        target = (
            item.url if url_has_allowed_host_and_scheme(item.url, allowed_hosts={request.get_host()}) else ""
        )
        return redirect(target or "core:notification-list")


class NotificationMarkReadView(LoginRequiredMixin, View):
    def post(self, request):
        notifications.notification_mark_read(user=request.user)
        return redirect("core:notification-list")


class NotificationSettingsView(LoginRequiredMixin, View):
    """The user's own choice: e-mail for each notification, one daily digest, or none."""

    template_name = "core/notification_settings.html"

    def _render(self, request, form):
        return render(request, self.template_name, {"form": form, "has_email": bool(request.user.email)})

    def get(self, request):
        return self._render(
            request, NotificationEmailForm(initial={"notification_email": request.user.notification_email})
        )

    def post(self, request):
        form = NotificationEmailForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        notifications.notification_email_preference_set(
            user=request.user, mode=form.cleaned_data["notification_email"]
        )
        messages.success(request, "Đã lưu cách nhận thông báo qua thư.")
        return redirect("core:notification-settings")
