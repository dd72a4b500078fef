"""Awards foundation: the catalogue, dated rule sets, and the award register.

Rules are dated data (architecture.md §4): everything the law fixes (coefficients, who may
confer what at which level, required dossier documents, criteria parameters, legal bases)
is stored per `RuleSet` with its effective dates and edited in the admin. Items law.md marks
⚠ (unconfirmed) carry `unconfirmed=True` and a `note` saying why.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.choices import (
    SEVERITY,
    Conferrer,
    DisciplineForm,
    DocumentType,
    InitiativeScope,
    LevelCode,
    Occasion,
    Rating,
    Rounding,
    SubjectKind,
)
from core.models import TimeStampedModel
from core.search import fold_diacritics, normalize_text
from units.models import Person, Unit


def _only_one_subject() -> Q:
    """Exactly one of person / collective / household is set."""
    p, c, h = Q(person__isnull=False), Q(collective__isnull=False), Q(household__isnull=False)
    return (p & ~c & ~h) | (~p & c & ~h) | (~p & ~c & h)


# --- Catalogue -----------------------------------------------------------------------
class DecisionVerb(models.TextChoices):
    CONFER = "Tặng", _("Tặng")
    RECOGNISE = "Công nhận", _("Công nhận")


class AwardObject(models.TextChoices):
    """The object that goes with an award (law.md §4, §5.1, §8.4): what thidua prints, if anything."""

    NONE = "none", _("Không có hiện vật in")
    CERTIFICATE_OF_MERIT = "giay_khen", _("Giấy khen")
    MERIT_DIPLOMA = "bang_khen", _("Bằng khen")
    TITLE_CERTIFICATE = "chung_nhan", _("Giấy chứng nhận danh hiệu")
    FLAG = "co", _("Cờ thi đua (không in)")
    MEDAL = "huan_chuong", _("Huân chương, huy chương (không in)")


PRINTED_OBJECTS = frozenset(
    {AwardObject.CERTIFICATE_OF_MERIT, AwardObject.MERIT_DIPLOMA, AwardObject.TITLE_CERTIFICATE}
)


class AwardKind(models.Model):
    """An emulation title (danh hiệu) or award form (hình thức khen thưởng)."""

    class Category(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        FORM = "form", _("Hình thức khen thưởng")

    class Level(models.TextChoices):
        GRASSROOTS = "grassroots", _("Cơ sở")
        COMMUNE = "commune", _("Cấp xã")
        PROVINCE = "province", _("Cấp tỉnh")
        NATIONAL = "national", _("Nhà nước")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    category = models.CharField(_("loại"), max_length=10, choices=Category.choices)
    level = models.CharField(_("cấp khen"), max_length=12, choices=Level.choices)
    for_individual = models.BooleanField(_("tặng cá nhân"), default=False)
    for_collective = models.BooleanField(_("tặng tập thể"), default=False)
    for_household = models.BooleanField(_("tặng hộ gia đình"), default=False)
    annual = models.BooleanField(
        _("xét hằng năm"), default=False, help_text=_("Danh hiệu xét mỗi năm một lần cho mỗi đối tượng.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    active = models.BooleanField(_("đang dùng"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # How a decision's Điều 1 confers it ("Tặng Giấy khen …", "Công nhận danh hiệu …"): practice
    # varies between provinces, so the verb is a per-kind setting (see awards/decision_text.py).
    decision_verb = models.CharField(
        _("động từ trong quyết định"),
        max_length=12,
        choices=DecisionVerb.choices,
        default=DecisionVerb.CONFER,
    )
    award_object = models.CharField(
        _("hiện vật khen thưởng"),
        max_length=20,
        choices=AwardObject.choices,
        default=AwardObject.NONE,
        help_text=_("Chỉ giấy khen, bằng khen và giấy chứng nhận danh hiệu được in từ thidua."),
    )
    object_unconfirmed = models.BooleanField(
        _("mẫu hiện vật chưa xác nhận"),
        default=False,
        help_text=_("Mẫu in chưa đối chiếu mẫu chính thức của tỉnh; chỉ cảnh báo trong trang quản trị."),
    )
    carries_money = models.BooleanField(
        _("có tiền thưởng"),
        default=True,
        help_text=_("Bỏ chọn khi danh hiệu không kèm tiền thưởng từ Quỹ thi đua, khen thưởng."),
    )
    search_key = models.CharField(max_length=250, editable=False, default="")

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=["title", "form"]), name="awardkind_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["grassroots", "commune", "province", "national"]),
                name="awardkind_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(for_individual=True) | Q(for_collective=True) | Q(for_household=True),
                name="awardkind_has_subject_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.search_key = fold_diacritics(self.name)
        super().save(*args, **kwargs)

    @property
    def has_printed_object(self) -> bool:
        return self.award_object in PRINTED_OBJECTS

    @property
    def subject_kinds(self) -> list[str]:
        flags = [
            (self.for_individual, SubjectKind.INDIVIDUAL),
            (self.for_collective, SubjectKind.COLLECTIVE),
            (self.for_household, SubjectKind.HOUSEHOLD),
        ]
        return [str(kind) for on, kind in flags if on]


class RuleSet(models.Model):
    """The legal regime in force over a period (ND 98/2023; ND 152/2025 + ND 129/2025)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    decree = models.CharField(
        _("văn bản quy định chi tiết"), max_length=100, help_text=_("Dùng trong trích dẫn, vd “NĐ 152/2025”.")
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    rounding = models.CharField(
        _("làm tròn tiền thưởng"),
        max_length=12,
        choices=Rounding.choices,
        default=Rounding.UP_10000,
        # ⚠ law.md §5.2 / §11.6: ND 98 says round UP to tens of thousands, but a MOHA summary
        # quotes 1,053,000 VND (unrounded) for a household Giấy khen. Configurable per rule set.
        help_text=_(
            "⚠ Chưa thống nhất: NĐ 98 quy định làm tròn lên hàng chục nghìn đồng, nhưng tài liệu "
            "của Bộ Nội vụ nêu 1.053.000 đồng (không làm tròn) cho Giấy khen hộ gia đình."
        ),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ quy tắc theo thời kỳ")
        verbose_name_plural = _("bộ quy tắc theo thời kỳ")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="ruleset_valid_period",
            ),
            models.CheckConstraint(
                condition=Q(rounding__in=["up_10000", "none"]), name="ruleset_rounding_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # Rule sets must not overlap: exactly one is in force on any day.
        far = date(9999, 12, 31)
        others = RuleSet.objects.exclude(pk=self.pk)
        for other in others:
            if self.valid_from <= (other.valid_to or far) and other.valid_from <= (self.valid_to or far):
                raise ValidationError(_("Thời gian hiệu lực trùng với “%(name)s”.") % {"name": other.name})


class AwardCoefficient(models.Model):
    """Money coefficient (× base salary) of an award for a subject kind under a rule set."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="coefficients")
    award_kind = models.ForeignKey(AwardKind, on_delete=models.PROTECT, related_name="coefficients")
    subject_kind = models.CharField(_("đối tượng"), max_length=12, choices=SubjectKind.choices)
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=3)
    unconfirmed = models.BooleanField(_("chưa xác nhận (⚠)"), default=False)
    note = models.TextField(_("ghi chú, nguồn"), blank=True)

    class Meta:
        verbose_name = _("hệ số tiền thưởng")
        verbose_name_plural = _("hệ số tiền thưởng")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "award_kind", "subject_kind"], name="coefficient_unique"
            ),
            models.CheckConstraint(condition=Q(coefficient__gte=0), name="coefficient_not_negative"),
            models.CheckConstraint(
                condition=Q(subject_kind__in=SubjectKind.values), name="coefficient_subject_valid"
            ),
        ]

    def __str__(self):
        return f"{self.award_kind} / {self.get_subject_kind_display()}: {self.coefficient}"


class ConferringAuthority(models.Model):
    """Under `rule_set`, the `conferrer` at `level` may confer `award_kind` (law.md §6, §9)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="authorities")
    award_kind = models.ForeignKey(AwardKind, on_delete=models.PROTECT, related_name="authorities")
    level = models.CharField(_("cấp"), max_length=10, choices=LevelCode.choices)
    conferrer = models.CharField(_("người quyết định"), max_length=20, choices=Conferrer.choices)
    citation = models.CharField(_("căn cứ"), max_length=200, blank=True)
    unconfirmed = models.BooleanField(_("chưa xác nhận (⚠)"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thẩm quyền quyết định khen thưởng")
        verbose_name_plural = _("thẩm quyền quyết định khen thưởng")
        ordering = ["rule_set", "level", "conferrer"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "award_kind", "level", "conferrer"], name="authority_unique"
            ),
            models.CheckConstraint(condition=Q(level__in=LevelCode.values), name="authority_level_valid"),
            models.CheckConstraint(
                condition=Q(conferrer__in=Conferrer.values), name="authority_conferrer_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_conferrer_display()} ({self.get_level_display()}): {self.award_kind}"


class RequiredDocument(models.Model):
    """A dossier document required for an award under a rule set (Law Art. 84)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="required_documents")
    award_kind = models.ForeignKey(AwardKind, on_delete=models.PROTECT, related_name="required_documents")
    document_type = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentType.choices)
    occasion = models.CharField(
        _("chỉ áp dụng cho loại khen"),
        max_length=15,
        choices=Occasion.choices,
        blank=True,
        help_text=_("Để trống: áp dụng cho mọi loại khen."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    citation = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ bắt buộc")
        verbose_name_plural = _("thành phần hồ sơ bắt buộc")
        ordering = ["rule_set", "award_kind", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "award_kind", "document_type", "occasion"],
                name="required_document_unique",
            ),
            models.CheckConstraint(
                condition=Q(document_type__in=DocumentType.values), name="required_document_type_valid"
            ),
        ]

    def __str__(self):
        return f"{self.award_kind}: {self.get_document_type_display()}"


class RuleParameter(models.Model):
    """A criteria parameter (consecutive years, minimum months, quota %, citations...)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="parameters")
    key = models.CharField(_("khóa"), max_length=100)
    value = models.JSONField(_("giá trị"))
    unconfirmed = models.BooleanField(_("chưa xác nhận (⚠)"), default=False)
    note = models.TextField(_("ghi chú, nguồn"), blank=True)

    class Meta:
        verbose_name = _("tham số tiêu chuẩn")
        verbose_name_plural = _("tham số tiêu chuẩn")
        ordering = ["rule_set", "key"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "key"], name="parameter_unique")]

    def __str__(self):
        return f"{self.key} = {self.value}"


class LegalBasis(models.Model):
    """A "Căn cứ ..." line of an award decision under a rule set (law.md §8.4)."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("nội dung"), max_length=500)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["rule_set", "order"]

    def __str__(self):
        return self.text


class BaseSalary(models.Model):
    """Mức lương cơ sở in force from `effective_from` until the next row."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"))
    effective_from = models.DateField(_("áp dụng từ"), unique=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["effective_from"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="base_salary_positive")]

    def __str__(self):
        return f"{self.amount:,} ({self.effective_from:%d/%m/%Y})"


class CouncilThreshold(models.Model):
    """Quorum and approval rule of a council level for an award (all ⚠: set by each quy chế)."""

    class Base(models.TextChoices):
        MEMBERS = "members", _("Tổng số thành viên Hội đồng")
        ATTENDEES = "attendees", _("Số thành viên dự họp")

    level = models.CharField(_("cấp Hội đồng"), max_length=10, choices=LevelCode.choices)
    award_kind = models.ForeignKey(
        AwardKind,
        verbose_name=_("danh hiệu, hình thức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_thresholds",
        help_text=_("Để trống: mức mặc định của Hội đồng cấp này."),
    )
    quorum_percent = models.DecimalField(_("tỷ lệ có mặt tối thiểu (%)"), max_digits=5, decimal_places=2)
    approval_percent = models.DecimalField(_("tỷ lệ tán thành tối thiểu (%)"), max_digits=5, decimal_places=2)
    approval_strictly_greater = models.BooleanField(
        _("phải vượt quá tỷ lệ"), default=False, help_text=_("Đánh dấu nếu là “quá” (>) thay vì “từ” (≥).")
    )
    base = models.CharField(_("tính trên"), max_length=10, choices=Base.choices, default=Base.MEMBERS)
    secret_ballot = models.BooleanField(_("bỏ phiếu kín"), default=False)
    unconfirmed = models.BooleanField(_("chưa xác nhận (⚠)"), default=True)
    note = models.TextField(_("ghi chú, nguồn"), blank=True)

    class Meta:
        verbose_name = _("ngưỡng biểu quyết Hội đồng")
        verbose_name_plural = _("ngưỡng biểu quyết Hội đồng")
        ordering = ["level", "award_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "award_kind"], name="threshold_unique", condition=Q(award_kind__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["level"], name="threshold_default_unique", condition=Q(award_kind__isnull=True)
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=0)
                & Q(quorum_percent__lte=100)
                & Q(approval_percent__gte=0)
                & Q(approval_percent__lte=100),
                name="threshold_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(base__in=["members", "attendees"]), name="threshold_base_valid"
            ),
        ]

    def __str__(self):
        kind = self.award_kind or _("mặc định")
        return f"{self.get_level_display()} / {kind}: {self.approval_percent}%"


# --- Register ------------------------------------------------------------------------
class Household(TimeStampedModel):
    """A household (hộ gia đình) identified by its head and village."""

    head_name = models.CharField(_("họ tên chủ hộ"), max_length=150)
    village = models.ForeignKey(
        Unit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT, related_name="households"
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    members = models.TextField(_("thành viên trong hộ"), blank=True, help_text=_("Mỗi người một dòng."))
    search_key = models.CharField(max_length=200, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["search_key", "pk"]

    def __str__(self):
        return _("Hộ %(name)s") % {"name": self.head_name}

    @property
    def member_list(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """Head's name in NFC with look-alikes fixed, and its folded search key: what `save()`
        stores, and what a bulk insert (the award-register import) must call first."""
        self.head_name = normalize_text(self.head_name)
        self.search_key = fold_diacritics(self.head_name)


class AwardRecordQuerySet(models.QuerySet):
    def in_force(self):
        """Not annulled."""
        return self.filter(annulment__isnull=True)


class AwardRecord(TimeStampedModel):
    """One award received (sổ khen thưởng): the register the eligibility engine reads."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    collective = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collective_award_records",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    # The unit the subject belonged to when awarded (person's unit, the collective itself,
    # the household's village): visibility and per-unit counts (quotas) use it.
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="award_records"
    )
    award_kind = models.ForeignKey(
        AwardKind, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    occasion = models.CharField(
        _("loại khen thưởng"), max_length=15, choices=Occasion.choices, default=Occasion.REGULAR
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    # "Cấp quyết định" as data: the level of the body that decided (the authority rule is applied
    # with it and the decision date). `issuer` keeps the text as written (audit, display).
    decision_level = models.CharField(
        _("cấp quyết định"), max_length=10, choices=LevelCode.choices, blank=True
    )
    issuer = models.CharField(_("cơ quan, người quyết định (nguyên văn)"), max_length=200)
    # Set when the record comes from an issued decision of the awards workflow.
    decision_line = models.ForeignKey(
        "nominations.DecisionLine",
        verbose_name=_("dòng quyết định"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    # The subject's name as recorded (folded), so the register search reads one column with a
    # trigram index instead of OR-ing three joins. It keeps the name the decision used.
    subject_key = models.CharField(max_length=300, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("sổ khen thưởng")
        ordering = ["-year", "-decision_date", "-pk"]
        indexes = [
            models.Index(fields=["-year", "-decision_date", "-id"], name="awardrecord_register_order"),
            models.Index(fields=["unit", "year", "award_kind"]),
            models.Index(fields=["person", "year"]),
            models.Index(fields=["collective", "year"]),
        ]
        constraints = [
            models.CheckConstraint(condition=_only_one_subject(), name="awardrecord_one_subject"),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100), name="awardrecord_year_sane"
            ),
            models.CheckConstraint(
                condition=Q(occasion__in=Occasion.values), name="awardrecord_occasion_valid"
            ),
        ]

    def __str__(self):
        return f"{self.award_kind} {self.year} — {self.subject_name}"

    def save(self, *args, **kwargs):
        self.normalise()
        super().save(*args, **kwargs)

    def normalise(self) -> None:
        """The folded subject name (`subject_key`) unless already set: what `save()` stores, and
        what a bulk insert (the award-register import) must call first."""
        if not self.subject_key:
            self.subject_key = fold_diacritics(self.subject_name)[:300]

    @property
    def subject(self):
        return self.person or self.collective or self.household

    @property
    def subject_kind(self) -> str:
        if self.person_id:
            return SubjectKind.INDIVIDUAL
        if self.collective_id:
            return SubjectKind.COLLECTIVE
        return SubjectKind.HOUSEHOLD

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return str(subject) if subject else ""

    @property
    def subject_kind_label(self) -> str:
        return str(SubjectKind(self.subject_kind).label)

    @property
    def is_annulled(self) -> bool:
        return hasattr(self, "annulment")

    @property
    def status_label(self) -> str:
        return str(_("Đã hủy bỏ")) if self.is_annulled else str(_("Còn hiệu lực"))


class AwardAnnulment(TimeStampedModel):
    """An award annulled by a decision (law.md §7.5); written only by `award_record_annul`."""

    class Ground(models.TextChoices):
        FALSE_ACHIEVEMENT = "false_achievement", _("Gian dối, kê khai không đúng thành tích")
        FORGED_DOCUMENTS = "forged_documents", _("Thông tin sai sự thật, giả mạo tài liệu trong hồ sơ")
        UNLAWFUL_PROPOSAL = "unlawful_proposal", _("Thẩm định, xét, đề nghị khen thưởng trái pháp luật")
        VIOLATION_FOUND = (
            "violation_found",
            _("Có kết luận, quyết định, bản án xác định vi phạm không đủ tiêu chuẩn"),
        )

    record = models.OneToOneField(AwardRecord, on_delete=models.PROTECT, related_name="annulment")
    ground = models.CharField(_("căn cứ hủy bỏ"), max_length=20, choices=Ground.choices)
    decision_number = models.CharField(_("số quyết định hủy bỏ"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định hủy bỏ"))
    note = models.TextField(_("ghi chú"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hủy bỏ khen thưởng")
        verbose_name_plural = _("hủy bỏ khen thưởng")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    ground__in=[
                        "false_achievement",
                        "forged_documents",
                        "unlawful_proposal",
                        "violation_found",
                    ]
                ),
                name="annulment_ground_valid",
            )
        ]

    def __str__(self):
        return _("Hủy bỏ: %(record)s") % {"record": self.record}


class TaskRating(TimeStampedModel):
    """Annual task-completion rating of a person (đánh giá, xếp loại)."""

    Rating = Rating

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="task_ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=15, choices=Rating.choices)

    class Meta:
        verbose_name = _("xếp loại hoàn thành nhiệm vụ")
        verbose_name_plural = _("xếp loại hoàn thành nhiệm vụ")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="taskrating_once_per_year"),
            models.CheckConstraint(
                condition=Q(rating__in=["excellent", "good", "completed", "not_completed"]),
                name="taskrating_rating_valid",
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.year}: {self.get_rating_display()}"


def rating_minutes_upload_to(instance, filename: str) -> str:
    # `filename` is the generated safe name (see services.rating_sheet_save).
    return f"ratings/{instance.year}/{instance.unit_id}/{filename}"


class RatingSheet(TimeStampedModel):
    """A unit's year-end rating entry (after its peer-review meeting, bình xét): the minutes and
    who entered the ratings when. `version` grows with every save, so two people saving the same
    grid cannot overwrite each other unseen."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="rating_sheets")
    year = models.PositiveSmallIntegerField(_("năm"))
    meeting_date = models.DateField(_("ngày họp bình xét"), null=True, blank=True)
    minutes = models.FileField(_("biên bản họp bình xét"), upload_to=rating_minutes_upload_to, blank=True)
    minutes_name = models.CharField(_("tên tệp biên bản"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=0)
    rated_count = models.PositiveIntegerField(_("số người đã xếp loại"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bảng xếp loại cuối năm")
        verbose_name_plural = _("bảng xếp loại cuối năm")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="ratingsheet_once_per_unit_year")
        ]

    def __str__(self):
        return _("Xếp loại năm %(y)s — %(u)s") % {"y": self.year, "u": self.unit}


class Initiative(TimeStampedModel):
    """A recognised initiative (sáng kiến) and the scope of its recognised effect."""

    Scope = InitiativeScope

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=Scope.choices)
    recognised_on = models.DateField(_("ngày công nhận"))
    recognised_by = models.CharField(_("cơ quan công nhận"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["unit", "commune", "province", "national"]),
                name="initiative_scope_valid",
            )
        ]

    def __str__(self):
        return self.title


class DisciplineRecord(TimeStampedModel):
    """A disciplinary penalty and the period it runs (khiển trách, cảnh cáo, ...)."""

    Form = DisciplineForm

    SEVERITY = SEVERITY

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="discipline_records")
    form = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=Form.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True, help_text=_("Ngày hết thời hạn kỷ luật."))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="discipline_period"
            ),
            models.CheckConstraint(
                condition=Q(
                    form__in=["reprimand", "warning", "salary_downgrade", "demotion", "removal", "dismissal"]
                ),
                name="discipline_form_valid",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_form_display()} ({self.start:%d/%m/%Y})"


class ReviewFreeze(TimeStampedModel):
    """While under review/investigation/complaint, no award nor upward proposal (ND 152 Art. 4(3))."""

    class Reason(models.TextChoices):
        DISCIPLINARY_REVIEW = "disciplinary_review", _("Đang xem xét kỷ luật")
        INVESTIGATION = "investigation", _("Đang điều tra, thanh tra, kiểm tra, kiểm toán")
        COMPLAINT = "complaint", _("Đang xác minh khiếu nại, tố cáo")
        PRESS_CORRUPTION = "press_corruption", _("Đang xác minh thông tin báo chí phản ánh tham nhũng")

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="review_freezes"
    )
    collective = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="review_freezes"
    )
    reason = models.CharField(_("lý do"), max_length=20, choices=Reason.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True, help_text=_("Để trống nếu chưa kết thúc."))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tạm dừng xét khen thưởng")
        verbose_name_plural = _("tạm dừng xét khen thưởng")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(collective__isnull=True))
                | (Q(person__isnull=True) & Q(collective__isnull=False)),
                name="freeze_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="freeze_period"
            ),
        ]

    def __str__(self):
        return f"{self.person or self.collective}: {self.get_reason_display()}"
