"""Password rule: not built from the user's own names or the application's name."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The application's names, compared without diacritics, case or punctuation.
APP_NAMES = ("thidua", "thiduakhenthuong", "khenthuong", "tdkt")
MIN_PART = 4  # shorter name parts ("Lò", "Thị", "Văn") are too common to refuse on their own


def fold(text: str) -> str:
    """Lower case ASCII letters and digits only: "Lò Thị Hương" -> "lothihuong"."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _words(text: str) -> list[str]:
    return [fold(w) for w in re.split(r"[\s@._\-]+", text or "") if w]


class OwnNameValidator:
    """Refuse a password that contains the user's user name, full name (or any part of it with
    at least 4 letters), e-mail name, or the application's name, ignoring case and diacritics.

    Used through AUTH_PASSWORD_VALIDATORS (Django's validate_password).
    """

    def validate(self, password, user=None):
        folded = fold(password)
        if any(name in folded for name in APP_NAMES):
            raise ValidationError(
                _("Mật khẩu không được chứa tên của hệ thống (“thidua”, “thi đua khen thưởng”)."),
                code="password_contains_app_name",
            )
        if user is None:
            return
        texts = [
            getattr(user, "username", ""),
            getattr(user, "full_name", ""),
            getattr(user, "first_name", ""),
            getattr(user, "last_name", ""),
            (getattr(user, "email", "") or "").split("@")[0],
        ]
        candidates = set()
        for text in texts:
            whole = fold(text)
            if len(whole) >= MIN_PART:
                candidates.add(whole)
            candidates.update(w for w in _words(text) if len(w) >= MIN_PART)
        if any(c in folded for c in candidates):
            raise ValidationError(
                _("Mật khẩu không được chứa tên đăng nhập hay họ tên của chính bạn."),
                code="password_contains_own_name",
            )

    def get_help_text(self):
        return _("Mật khẩu không được chứa tên đăng nhập, họ tên của bạn hay tên của hệ thống.")
