"""Lost-update detection for edit forms: a `version` column, a hidden form field, one check.

The edit page sends the version it showed; the service locks the row, compares, and bumps the
version when it saves. A second person who loaded the same version gets a Vietnamese message
and keeps what they typed (the form is re-rendered bound), as registrations already did.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class VersionedModel(models.Model):
    """Adds `version` (starts at 1, +1 on every edit through a service)."""

    version = models.PositiveIntegerField(gettext_lazy("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True


def check_version(locked: models.Model, version: int | None) -> None:
    """Raise ValidationError (code "stale") when `version` (what the user loaded) is not the
    locked row's current version; `None` (a caller without a form, e.g. an import) skips it.
    Then bump the row's version in memory: the caller's save() stores it."""
    if version is not None and int(version) != locked.version:
        raise ValidationError(
            _(
                "“%(obj)s” vừa được người khác sửa trong lúc bạn đang sửa, nên thay đổi của bạn chưa "
                "được lưu. Nội dung bạn nhập vẫn còn trên form: hãy mở trang này ở thẻ mới để xem "
                "bản mới nhất, rồi nhập lại thay đổi của bạn."
            )
            % {"obj": str(locked)[:100]},
            code="stale",
        )
    locked.version += 1


class VersionFormMixin:
    """For a form editing a VersionedModel: a hidden `version` field holding what was loaded.

    The form's `instance` (ModelForm) or the `version_of` keyword gives the version shown.
    """

    def __init__(self, *args, version_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        source = version_of if version_of is not None else getattr(self, "instance", None)
        if source is not None and getattr(source, "pk", None):  # editing, not creating
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
            self.fields["version"].initial = source.version
