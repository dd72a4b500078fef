from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedModel
from core.models import TimeStampedModel
from core.roles import Role
from core.search import fold_diacritics, normalize_text

CCCD_VALIDATOR = RegexValidator(r"^\d{12}$", _("Số CCCD gồm đúng 12 chữ số."))


class AdministrativeLevel(models.Model):
    """A level of government (province, district, commune) valid over a period.

    Levels are data: the district level ends on 30/06/2025 (two-level local government
    from 01/07/2025, law.md §9) but stays for history.
    """

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên cấp"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), help_text=_("1 = cao nhất (tỉnh)"))
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("cấp hành chính")
        verbose_name_plural = _("cấp hành chính")
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="level_valid_period",
            )
        ]

    def __str__(self):
        return self.name

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def subtree_of(self, paths):
        """Units whose materialised path starts with any of `paths`."""
        q = Q(pk__in=[])
        for p in paths:
            q |= Q(path__startswith=p)
        return self.filter(q)


class Unit(VersionedModel, TimeStampedModel):
    """An agency, commune, school, enterprise or village in the jurisdiction tree."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        SPECIALIST_OFFICE = "specialist_office", _("Cơ quan chuyên môn")
        PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
        MASS_ORGANISATION = "mass_organisation", _("Mặt trận, đoàn thể")
        SCHOOL = "school", _("Trường học")
        ENTERPRISE = "enterprise", _("Doanh nghiệp, hợp tác xã")
        VILLAGE = "village", _("Thôn, bản, tổ dân phố")
        ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    level = models.ForeignKey(
        AdministrativeLevel, verbose_name=_("cấp"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "000001/000007/": subtree queries are one indexed prefix match.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa (sáp nhập vào)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    search_key = models.CharField(max_length=300, editable=False, default="", db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "peoples_committee",
                        "specialist_office",
                        "public_service",
                        "mass_organisation",
                        "school",
                        "enterprise",
                        "village",
                        "armed_forces",
                        "other",
                    ]
                ),
                name="unit_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="unit_valid_period",
            ),
            models.CheckConstraint(condition=~Q(successor=F("pk")), name="unit_not_own_successor"),
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_in_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:unit-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.search_key = fold_diacritics(f"{self.name} {self.short_name}")
        creating = self.pk is None
        super().save(*args, **kwargs)
        expected = self._compute_path()
        if creating or self.path != expected:
            self.path, self.depth = expected, expected.count("/") - 1
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def _compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:06d}/"

    def is_active_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Person(VersionedModel, TimeStampedModel):
    """One identity across years: the same cán bộ keeps one row when moving units."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    cccd = models.CharField(
        _("số CCCD"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[CCCD_VALIDATOR],
        help_text=_("Căn cước công dân, 12 chữ số; để trống nếu chưa có."),
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    # Fairness view (issue 16 item 6): is the position a leading/managing one (lãnh đạo, quản lý)?
    # `position` is free text, so the level is its own field, set when the person is entered.
    is_leader = models.BooleanField(
        _("lãnh đạo, quản lý"),
        default=False,
        help_text=_("Đánh dấu nếu chức vụ là lãnh đạo, quản lý (cấp trưởng, cấp phó)."),
    )
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True, help_text=_("Ví dụ: Kinh, Thái."))
    employed_since = models.DateField(_("ngày bắt đầu công tác"), null=True, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    search_key = models.CharField(max_length=200, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["search_key", "pk"]
        indexes = [
            # The list order, covering the unit filter: a page's keys are read from the index
            # alone (core.pagination.DeferredJoinPaginator; PostgreSQL INCLUDE, plain on SQLite).
            models.Index(fields=["search_key", "id"], include=["unit"], name="person_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cccd__isnull=True) | Q(cccd__regex=r"^[0-9]{12}$"), name="person_cccd_12_digits"
            ),
            models.CheckConstraint(condition=Q(gender__in=["male", "female"]), name="person_gender_valid"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("units:person-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.full_name = normalize_text(self.full_name)
        self.cccd = (self.cccd or "").strip() or None
        self.search_key = fold_diacritics(self.full_name)
        super().save(*args, **kwargs)


class Bloc(VersionedModel, TimeStampedModel):
    """An emulation bloc (khối: similar agencies) or cluster (cụm: localities) for one year."""

    class Kind(models.TextChoices):
        BLOC = "bloc", _("Khối thi đua")
        CLUSTER = "cluster", _("Cụm thi đua")

    name = models.CharField(_("tên khối/cụm"), max_length=200)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.BLOC)
    year = models.PositiveSmallIntegerField(_("năm"))
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("cấp tổ chức"),
        on_delete=models.PROTECT,
        related_name="organised_blocs",
        help_text=_("Ủy ban nhân dân có Hội đồng TĐKT tổ chức khối/cụm này."),
    )
    members = models.ManyToManyField(
        Unit, verbose_name=_("thành viên"), through="BlocMembership", related_name="blocs"
    )
    head = models.ForeignKey(
        Unit,
        verbose_name=_("trưởng khối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headed_blocs",
    )
    deputy = models.ForeignKey(
        Unit,
        verbose_name=_("phó khối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputised_blocs",
    )
    search_key = models.CharField(max_length=250, editable=False, default="")

    class Meta:
        verbose_name = _("khối, cụm thi đua")
        verbose_name_plural = _("khối, cụm thi đua")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organiser", "year", "name"], name="bloc_unique_per_year"),
            models.CheckConstraint(
                condition=Q(head__isnull=True) | Q(deputy__isnull=True) | ~Q(head=F("deputy")),
                name="bloc_head_is_not_deputy",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="bloc_year_sane"),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("units:bloc-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.search_key = fold_diacritics(self.name)
        super().save(*args, **kwargs)


class BlocMembership(models.Model):
    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bloc_memberships")

    class Meta:
        verbose_name = _("thành viên khối")
        verbose_name_plural = _("thành viên khối")
        constraints = [models.UniqueConstraint(fields=["bloc", "unit"], name="bloc_member_once")]

    def __str__(self):
        return f"{self.unit} ∈ {self.bloc}"


class RoleGrantQuerySet(models.QuerySet):
    def active_on(self, day):
        """Grants in force on `day`; a revoked grant stops at once (not at midnight)."""
        return self.filter(valid_from__lte=day, revoked_at__isnull=True).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def delete(self):
        raise RoleGrantDeleteError("Role grants are never deleted; end them instead.")


class RoleGrantDeleteError(TypeError):
    pass


class RoleGrant(TimeStampedModel):
    """`user` holds `role` on `unit` (and, for tree roles, its sub-units) over a period.

    Grants are history: never deleted (model, queryset and admin refuse), only ended; ending
    sets `revoked_at` and takes effect at once. Who may grant what: units/permissions.py.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.PROTECT,  # grants are never deleted (issue 15): deactivate the user
        related_name="role_grants",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="role_grants"
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cấp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user__username", "role"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="rolegrant_role_valid"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="rolegrant_valid_period",
            ),
            models.UniqueConstraint(
                fields=["user", "unit", "role", "valid_from"], name="rolegrant_unique_start"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def delete(self, *args, **kwargs):
        raise RoleGrantDeleteError("Role grants are never deleted; end them instead.")
