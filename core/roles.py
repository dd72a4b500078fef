"""Roles a user can hold on a unit (architecture.md §1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Thường trực thi đua (Nội vụ)")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    UNIT_CLERK = "unit_clerk", _("Cán bộ phụ trách TĐKT của đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    BLOC_HEAD = "bloc_head", _("Trưởng khối/cụm thi đua")
    CHAIR = "chair", _("Chủ tịch / người ký")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch (ký thay KT. Chủ tịch)")
    ADMIN = "admin", _("Quản trị hệ thống")


# Role groups, the role hierarchy and every "who may" question live in units/permissions.py.
