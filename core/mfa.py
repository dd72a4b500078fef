"""Second factor (TOTP, django-otp): who must use it, the set-up page (QR) and the verify step.

Policy (README, "Security"): administrators, chairs/signers and secretariats must set up a TOTP
app when THIDUA_MFA_ENFORCED is on (default in production mode); everybody else may. Anyone who
has set it up is asked for a code after each login, whatever the setting.
"""

from __future__ import annotations

import base64
import logging
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.auth_events import client_ip

logger = logging.getLogger("thidua.auth")

# Pages a logged-in but not yet verified user may open.
EXEMPT_VIEWS = frozenset({"login", "logout", "core:mfa-verify", "core:mfa-setup", "javascript-catalog"})


def mfa_required(user) -> bool:
    """True when `user` must have a second factor: THIDUA_MFA_ENFORCED and the user is a
    superuser or holds one of THIDUA_MFA_ROLES (admin, chair, secretariat) today."""
    if not settings.THIDUA_MFA_ENFORCED or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from units.selectors import user_roles  # core must not import units at load time

    return bool(user_roles(user) & set(settings.THIDUA_MFA_ROLES))


def _safe_next(request, default="home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


# Set in the session at login when the user neither has a device nor must have one, so that
# ordinary requests cost no query; a user who enrols later is verified in that same session.
SESSION_NO_SECOND_FACTOR = "_thidua_no_2fa"


def note_login(request, user) -> None:
    """At login: remember in the session whether this user needs no second factor at all."""
    request.session[SESSION_NO_SECOND_FACTOR] = not user_has_device(
        user, confirmed=True
    ) and not mfa_required(user)


class MFAMiddleware:
    """After the password: a user with a TOTP device must enter a code; a user who must have one
    and has none is sent to the set-up page. Everything else waits until then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(SESSION_NO_SECOND_FACTOR)
            and not user.is_verified()
        ):
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                view_name = ""
            if view_name not in EXEMPT_VIEWS:
                query = "?" + urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                if user_has_device(user, confirmed=True):
                    return redirect(reverse("core:mfa-verify") + query)
                if mfa_required(user):
                    return redirect(reverse("core:mfa-setup") + query)
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("Mã xác thực gồm 6 chữ số.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


class MFASetupView(LoginRequiredMixin, View):
    """Show a QR code for a new TOTP key; the first correct code confirms it."""

    template_name = "registration/mfa_setup.html"

    def _device(self, request) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
        return device or TOTPDevice.objects.create(
            user=request.user, name="Ứng dụng xác thực", confirmed=False
        )

    def _render(self, request, form, device, status=200):
        has_device = user_has_device(request.user, confirmed=True)
        if has_device and not request.user.is_verified():
            return redirect("core:mfa-verify")
        context = {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
            "required": mfa_required(request.user),
            "has_device": has_device,
            "next": _safe_next(request),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, TokenForm(), self._device(request))

    def post(self, request):
        device = self._device(request)
        form = TokenForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            audit.record(
                actor=request.user,
                action="core.auth.mfa_enrolled",
                target=request.user,
                data={"ip": client_ip(request)},
            )
            messages.success(request, _("Đã bật xác thực hai bước."))
            return redirect(_safe_next(request))
        if form.is_valid():
            form.add_error(
                "token", _("Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã mới trên ứng dụng.")
            )
        return self._render(request, form, device, status=400)


class MFAVerifyView(LoginRequiredMixin, View):
    """The second step of a login: a 6-digit code from the user's TOTP app."""

    template_name = "registration/mfa_verify.html"

    def get(self, request):
        if request.user.is_verified():
            return redirect(_safe_next(request))
        if not user_has_device(request.user, confirmed=True):
            return redirect("core:mfa-setup")
        return render(request, self.template_name, {"form": TokenForm(), "next": _safe_next(request)})

    def post(self, request):
        form = TokenForm(request.POST)
        device = match_token(request.user, form.cleaned_data["token"]) if form.is_valid() else None
        if device is not None:
            otp_login(request, device)
            audit.record(
                actor=request.user,
                action="core.auth.mfa_verified",
                target=request.user,
                data={"ip": client_ip(request)},
            )
            return redirect(_safe_next(request))
        ip = client_ip(request)
        logger.warning("mfa failed user=%s ip=%s", request.user.username, ip)
        audit.record(actor=request.user, action="core.auth.mfa_failed", target=request.user, data={"ip": ip})
        if form.is_valid():
            form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
        return render(request, self.template_name, {"form": form, "next": _safe_next(request)}, status=400)
