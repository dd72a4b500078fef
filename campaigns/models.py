from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedModel
from core.formats import format_vn_decimal
from core.models import TimeStampedModel, WorkflowMixin
from core.search import fold_diacritics, normalize_text
from units.models import Bloc, Person, Unit

# Titles a unit may aim for when registering (codes shared with awards.AwardKind).
COLLECTIVE_TITLE_CHOICES = [
    ("advanced_collective", _("Tập thể lao động tiên tiến")),
    ("excellent_collective", _("Tập thể lao động xuất sắc")),
    ("emulation_flag", _("Cờ thi đua cấp tỉnh")),
    ("cultural_village", _("Thôn, tổ dân phố văn hóa")),
    ("certificate_of_merit", _("Giấy khen")),
    ("merit_diploma", _("Bằng khen")),
]
INDIVIDUAL_TITLE_CHOICES = [
    ("advanced_worker", _("Lao động tiên tiến")),
    ("grassroots_fighter", _("Chiến sĩ thi đua cơ sở")),
    ("provincial_fighter", _("Chiến sĩ thi đua cấp tỉnh")),
    ("certificate_of_merit", _("Giấy khen")),
    ("merit_diploma", _("Bằng khen")),
]


class Campaign(WorkflowMixin, VersionedModel, TimeStampedModel):
    """An emulation campaign (phong trào thi đua) launched by a People's Committee."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Thi đua thường xuyên (hằng năm)")
        THEMATIC = "thematic", _("Thi đua theo chuyên đề, theo đợt")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        LAUNCHED = "launched", _("Đã phát động")
        INTERIM_REVIEW = "interim_review", _("Sơ kết")
        FINAL_REVIEW = "final_review", _("Tổng kết")
        CLOSED = "closed", _("Đã kết thúc")

    TRANSITIONS = {
        Status.DRAFT: {Status.LAUNCHED},
        Status.LAUNCHED: {Status.INTERIM_REVIEW, Status.FINAL_REVIEW},
        Status.INTERIM_REVIEW: {Status.FINAL_REVIEW},
        Status.FINAL_REVIEW: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    title = models.CharField(_("tên phong trào"), max_length=500)
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    year = models.PositiveSmallIntegerField(_("năm"))
    launching_unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan phát động"), on_delete=models.PROTECT, related_name="launched_campaigns"
    )
    theme = models.TextField(_("chủ đề thi đua"), blank=True)
    period_start = models.DateField(_("bắt đầu"), null=True, blank=True)
    period_end = models.DateField(_("kết thúc"), null=True, blank=True)
    registration_deadline = models.DateField(_("hạn đăng ký thi đua"), null=True, blank=True)
    award_forms = models.JSONField(
        _("hình thức khen thưởng"),
        default=list,
        blank=True,
        help_text=_("Ví dụ: Giấy khen của Chủ tịch UBND huyện; Bằng khen của Chủ tịch UBND tỉnh."),
    )
    movements = models.JSONField(_("phong trào cụ thể"), default=list, blank=True)
    participants = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị tham gia"), blank=True, related_name="campaigns"
    )
    participant_blocs = models.ManyToManyField(
        Bloc, verbose_name=_("khối, cụm tham gia"), blank=True, related_name="campaigns"
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    launched_at = models.DateTimeField(_("phát động lúc"), null=True, blank=True)
    cloned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="clones"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_key = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "launched", "interim_review", "final_review", "closed"]),
                name="campaign_status_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=["regular", "thematic"]), name="campaign_kind_valid"),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="campaign_period_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:campaign-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.title = normalize_text(self.title)
        self.search_key = fold_diacritics(f"{self.title} {self.theme}")[:600]
        super().save(*args, **kwargs)

    @property
    def next_statuses(self):
        return [self.Status(s) for s in self.Status.values if self.can_transition_to(s)]

    LIST_TITLE_CHARS = 160

    @property
    def display_title(self) -> str:
        """The title for lists: up to 160 characters, always with the year, so that campaigns can
        be told apart (templates put the full `title` on hover)."""
        t = self.title
        if len(t) > self.LIST_TITLE_CHARS:
            t = t[: self.LIST_TITLE_CHARS - 1].rstrip() + "…"
        return t if str(self.year) in t else f"{t} ({self.year})"

    def registration_closed_reason(self, now=None) -> str:
        """Why units cannot register now ("" when registration is open) — the one rule the pages
        (which offer the button) and the services (which refuse) share."""
        from datetime import datetime, time

        from django.utils import timezone
        from django.utils.formats import date_format

        if self.status not in (self.Status.LAUNCHED, self.Status.INTERIM_REVIEW):
            return str(_("Phong trào không còn nhận đăng ký thi đua."))
        if self.registration_deadline:
            end = timezone.make_aware(datetime.combine(self.registration_deadline, time.max))
            if (now or timezone.now()) > end:
                return str(
                    _("Đã quá hạn đăng ký thi đua (hạn cuối: %(d)s).")
                    % {"d": date_format(self.registration_deadline, "d/m/Y")}
                )
        return ""

    @property
    def accepts_registration(self) -> bool:
        return not self.registration_closed_reason()

    def clean(self):
        if self.registration_deadline and self.period_end and self.registration_deadline > self.period_end:
            raise ValidationError(
                {"registration_deadline": _("Hạn đăng ký thi đua phải trước ngày kết thúc phong trào.")}
            )
        if (
            self.registration_deadline
            and self.period_start
            and self.registration_deadline < self.period_start
        ):
            raise ValidationError(
                {"registration_deadline": _("Hạn đăng ký thi đua không được trước ngày bắt đầu phong trào.")}
            )


class CampaignSection(models.Model):
    """One part of the campaign contents (nội dung thi đua), in order."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    heading = models.CharField(_("tiêu đề"), max_length=500)
    body = models.TextField(_("nội dung"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("nội dung thi đua")
        verbose_name_plural = _("nội dung thi đua")

    def __str__(self):
        return self.heading


class LaunchDocument(TimeStampedModel):
    """A document that launched or guides the campaign (chỉ thị, kế hoạch, phát động…)."""

    class Type(models.TextChoices):
        DIRECTIVE = "chi_thi", _("Chỉ thị")
        PLAN = "ke_hoach", _("Kế hoạch")
        LAUNCH = "phat_dong", _("Phát động")
        LETTER = "cong_van", _("Công văn")
        GUIDANCE = "huong_dan", _("Hướng dẫn")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=Type.choices)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=50, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=300, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    signing_capacity = models.CharField(_("thẩm quyền ký"), max_length=150, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    report_deadlines = models.JSONField(
        _("hạn báo cáo"),
        default=list,
        blank=True,
        help_text=_('Ví dụ: [{"day": 5, "month": 12, "recurring": "yearly"}]'),
    )
    original_file = models.FileField(_("tệp gốc"), upload_to="launch-documents/%Y/", blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    text = models.TextField(_("nội dung văn bản"), blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("văn bản phát động")
        verbose_name_plural = _("văn bản phát động")

    def __str__(self):
        ref = f"{self.number}/{self.symbol}" if self.number else self.symbol
        return f"{self.get_doc_type_display()} {ref}".strip()


class Target(VersionedModel):
    """A target (chỉ tiêu) of the campaign: name, group, unit of measure, value, direction."""

    class Group(models.TextChoices):
        ECONOMIC = "economic", _("Kinh tế")
        SOCIAL = "social", _("Văn hóa - xã hội")
        ENVIRONMENTAL = "environmental", _("Môi trường")
        OTHER = "other", _("Khác")

    class Kind(models.TextChoices):
        QUANTITY = "quantity", _("Số lượng (cộng dồn giữa các đơn vị)")
        RATE = "rate", _("Tỷ lệ (không cộng dồn)")

    # Units of measure that are rates: a rate never sums across units.
    RATE_UNITS = ("%", "‰")

    class Direction(models.TextChoices):
        REACH = "reach", _("Đạt tối thiểu")
        AT_MOST = "at_most", _("Không vượt quá")
        REDUCE = "reduce", _("Giảm")
        KEEP = "keep", _("Duy trì")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("chỉ tiêu"), max_length=500)
    group = models.CharField(_("nhóm"), max_length=20, choices=Group.choices, default=Group.ECONOMIC)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50)
    value = models.DecimalField(
        _("giá trị"), max_digits=18, decimal_places=4, validators=[MinValueValidator(Decimal(0))]
    )
    direction = models.CharField(
        _("yêu cầu"), max_length=10, choices=Direction.choices, default=Direction.REACH
    )
    kind = models.CharField(
        _("loại chỉ tiêu"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.QUANTITY,
        help_text=_(
            "Số lượng: cộng kết quả các đơn vị. Tỷ lệ (%, ‰): không cộng, tổng hợp thấp nhất, "
            "trung bình, trung vị và số đơn vị đạt."
        ),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
            models.CheckConstraint(
                condition=Q(direction__in=["reach", "at_most", "reduce", "keep"]),
                name="target_direction_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=["quantity", "rate"]), name="target_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if (self.unit_of_measure or "").strip() in self.RATE_UNITS:
            self.kind = self.Kind.RATE
        super().save(*args, **kwargs)

    @property
    def is_rate(self) -> bool:
        return self.kind == self.Kind.RATE

    def clean(self):
        """A percentage or per-mille target is a rate; a rate in % cannot exceed 100."""
        uom = (self.unit_of_measure or "").strip()
        if uom in self.RATE_UNITS:
            self.kind = self.Kind.RATE
        if uom == "%" and self.value is not None and self.value > 100:
            raise ValidationError(
                {
                    "value": _("Chỉ tiêu tỷ lệ tính bằng %% không thể lớn hơn 100%% (đã nhập %(v)s).")
                    % {"v": format_vn_decimal(self.value, 2)}
                }
            )
        if uom == "‰" and self.value is not None and self.value > 1000:
            raise ValidationError({"value": _("Chỉ tiêu tính bằng ‰ không thể lớn hơn 1.000‰.")})

    def is_met(self, actual, *, assigned=None) -> bool | None:
        """Whether `actual` meets this target (its per-unit value when `assigned`)."""
        if actual is None:
            return None
        goal = assigned if assigned is not None else self.value
        if self.direction == self.Direction.AT_MOST:
            return actual <= goal
        if self.direction == self.Direction.REDUCE:
            # "Giảm x%/x đơn vị": the reported figure is the reduction achieved.
            return actual >= goal
        return actual >= goal


class TargetAssignment(models.Model):
    """A unit's own value for a target (giao chỉ tiêu riêng)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="target_assignments")
    value = models.DecimalField(_("giá trị giao"), max_digits=18, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target", "unit"], name="target_assignment_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_assignment_not_negative"),
        ]

    def __str__(self):
        return f"{self.target} — {self.unit}: {self.value}"


class Registration(WorkflowMixin, TimeStampedModel):
    """A unit's emulation registration (đăng ký thi đua) for a campaign."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        APPROVED = "approved", _("Đã duyệt")
        RETURNED = "returned", _("Trả lại")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.APPROVED, Status.RETURNED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.APPROVED: set(),
    }

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    collective_title = models.CharField(
        _("danh hiệu tập thể đăng ký"), max_length=40, choices=COLLECTIVE_TITLE_CHOICES, blank=True
    )
    pledge = models.TextField(_("nội dung cam kết"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["campaign", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="registration_once_per_unit"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved", "returned"]),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="registration_returned_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"

    def get_absolute_url(self):
        return reverse("campaigns:registration-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Commitment(models.Model):
    """A target the unit takes on, with the value it commits to."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="commitments")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="commitments")
    value = models.DecimalField(_("giá trị cam kết"), max_digits=18, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "target"], name="commitment_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="commitment_not_negative"),
        ]

    def __str__(self):
        return f"{self.target}: {self.value}"


class IndividualPledge(models.Model):
    """A person of the unit aiming for an individual title in this campaign."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="individuals")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pledges")
    title = models.CharField(_("danh hiệu đăng ký"), max_length=40, choices=INDIVIDUAL_TITLE_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "person"], name="pledge_once_per_person")
        ]

    def __str__(self):
        return f"{self.person} — {self.get_title_display()}"
