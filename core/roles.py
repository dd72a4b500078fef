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
    ADMIN = "admin", _("Quản trị hệ thống")


# Roles whose grant on a unit lets the user see that unit and everything under it.
TREE_ROLES = frozenset({Role.SECRETARIAT, Role.UNIT_HEAD, Role.UNIT_CLERK, Role.CHAIR, Role.ADMIN})
# Roles that may change master data (units, blocs, people, role grants).
MANAGING_ROLES = frozenset({Role.SECRETARIAT, Role.ADMIN})
