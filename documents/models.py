"""Issued documents: a register per issuer/year/type/series, immutable rows, derived status."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob, TimeStampedModel, WorkflowMixin


class ImmutableRowError(TypeError):
    pass


class DocType(models.TextChoices):
    """Document types thidua issues. Abbreviations: ND 30/2020 Annex III §I (law.md §8.3)."""

    DECISION = "quyet_dinh", _("Quyết định")
    SUBMISSION = "to_trinh", _("Tờ trình")
    MINUTES = "bien_ban", _("Biên bản")
    REPORT = "bao_cao", _("Báo cáo")
    PLAN = "ke_hoach", _("Kế hoạch")
    DIRECTIVE = "chi_thi", _("Chỉ thị")
    NOTICE = "thong_bao", _("Thông báo")
    LETTER = "cong_van", _("Công văn")
    CERTIFICATE = "giay_khen", _("Giấy khen")


# Annex III §I. A công văn has no abbreviation (its symbol is agency + drafting unit).
# "GK" for certificates is our choice: Annex III has no entry for Giấy khen (register of certificates).
DOC_TYPE_ABBREVIATIONS = {
    DocType.DECISION: "QĐ",
    DocType.SUBMISSION: "TTr",
    DocType.MINUTES: "BB",
    DocType.REPORT: "BC",
    DocType.PLAN: "KH",
    DocType.DIRECTIVE: "CT",
    DocType.NOTICE: "TB",
    DocType.LETTER: "",
    DocType.CERTIFICATE: "GK",
}

# The type name printed in ô 5a (capitals through CSS in the template).
DOC_TYPE_TITLES = {
    DocType.DECISION: "QUYẾT ĐỊNH",
    DocType.SUBMISSION: "TỜ TRÌNH",
    DocType.MINUTES: "BIÊN BẢN",
    DocType.REPORT: "BÁO CÁO",
    DocType.PLAN: "KẾ HOẠCH",
    DocType.DIRECTIVE: "CHỈ THỊ",
    DocType.NOTICE: "THÔNG BÁO",
    DocType.LETTER: "",
    DocType.CERTIFICATE: "GIẤY KHEN",
}


class SigningCapacity(models.TextChoices):
    """Authority prefix of the signature block (law.md §8.3)."""

    DIRECT = "", _("Ký trực tiếp")
    ON_BEHALF = "TM.", _("TM. (thay mặt tập thể)")
    DEPUTY = "KT.", _("KT. (ký thay)")
    ACTING = "Q.", _("Q. (quyền)")
    BY_ORDER = "TL.", _("TL. (thừa lệnh)")
    BY_AUTHORISATION = "TUQ.", _("TUQ. (thừa ủy quyền)")


class IssuingBody(TimeStampedModel):
    """An issuing body (cơ quan ban hành): a commune's People's Committee, its chair, its
    emulation council, a province department… It belongs to a unit (whose jurisdiction sees its
    documents), carries its name lines, place name and symbol, and numbers its own documents
    (one register per year, type and series; Nghị định 30/2020 art. 15).

    The issuer block, place name and signer of a document come from here, through
    documents.issuers (the one place that builds them).
    """

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        COUNCIL = "council", _("Hội đồng Thi đua - Khen thưởng")
        OFFICE = "office", _("Cơ quan chuyên môn, văn phòng")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        OTHER = "other", _("Khác")

    key = models.CharField(max_length=80, unique=True, editable=False)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("thuộc đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issuing_bodies",
        help_text=_("Để trống chỉ với cơ quan khôi phục từ văn bản cũ không rõ đơn vị."),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.PEOPLES_COMMITTEE)
    code = models.CharField(_("ký hiệu"), max_length=30, help_text=_("Ví dụ: UBND, HĐTĐKT, SNV."))
    name = models.CharField(_("tên cơ quan ban hành"), max_length=255)
    parent_body_name = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    place_name = models.CharField(_("địa danh"), max_length=100, blank=True)
    signing_for = models.CharField(
        _("ký thay mặt"),
        max_length=150,
        blank=True,
        help_text=_('Dòng "TM." của khối chữ ký, ví dụ: Ủy ban nhân dân.'),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, default="Chủ tịch")

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @staticmethod
    def make_key(unit_id: int | None, code: str) -> str:
        return f"{unit_id or 0}:{code}"


class NumberCounter(models.Model):
    """The register (sổ đăng ký): last number used per issuing body, year, type and series.

    Locked with select_for_update() inside the issuing transaction, so numbers are
    never shared and never skipped.
    """

    issuing_body = models.ForeignKey(
        IssuingBody, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="registers"
    )
    year = models.PositiveSmallIntegerField()
    doc_type = models.CharField(max_length=20, choices=DocType.choices)
    series = models.CharField(max_length=30, default="main")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body", "year", "doc_type", "series"],
                name="numbercounter_unique_body_register",
            )
        ]

    def __str__(self):
        return f"{self.issuing_body} {self.year} {self.doc_type} {self.series}: {self.last_number}"


class NumberReservation(models.Model):
    """A number taken from the register (NumberCounter) before its document is rendered.

    Written in the same short transaction as the counter's increment (documents.services.
    number_reserve), never changed nor deleted: together with IssuedDocument it accounts for
    every number of a register. A reservation without an issued document of the same number is
    an issue still rendering or one that failed; a retry for the same source and purpose
    reuses it.
    """

    issuing_body = models.ForeignKey(IssuingBody, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    doc_type = models.CharField(max_length=20, choices=DocType.choices)
    series = models.CharField(max_length=30, default="main")
    number = models.PositiveIntegerField()
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=60, blank=True)
    reserved_at = models.DateTimeField(default=timezone.now)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("số đã lấy")
        verbose_name_plural = _("số đã lấy")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body", "year", "doc_type", "series", "number"],
                name="numberreservation_unique_number",
            ),
        ]
        indexes = [models.Index(fields=["source_type", "source_id", "purpose"])]

    def __str__(self):
        return f"{self.issuing_body_id} {self.year} {self.doc_type} {self.series}: {self.number}"


class IssuedDocumentQuerySet(models.QuerySet):
    def with_status(self):
        return self.select_related("annulment", "superseded_by")


class IssuedDocument(models.Model):
    """One issued document. Never changed or deleted (model, admin and database triggers).

    Its status is derived: an Annulment row -> annulled; a later document whose
    `supersedes` points here -> superseded; otherwise valid.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("còn hiệu lực")
        SUPERSEDED = "superseded", _("đã được thay thế")
        ANNULLED = "annulled", _("đã bị hủy bỏ")

    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices)
    series = models.CharField(_("sổ"), max_length=30, default="main")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    date = models.DateField(_("ngày ban hành"))
    place = models.CharField(_("địa danh"), max_length=100)
    issuing_body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issuer_code = models.CharField(_("mã cơ quan ban hành"), max_length=30)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    parent_body_name = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    subject = models.TextField(_("trích yếu"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    signing_capacity = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=SigningCapacity.choices, blank=True
    )
    template_name = models.CharField(max_length=150)
    context = models.JSONField(_("nội dung"), default=dict, blank=True)
    file = models.FileField(_("tệp PDF"), upload_to="documents/%Y/", max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    digitally_signed = models.BooleanField(_("đã ký số"), default=False)
    verification_code = models.CharField(_("mã xác minh"), max_length=16, unique=True)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("thay thế văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), default=timezone.now)
    search_key = models.CharField(max_length=600, db_index=True, default="")

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("văn bản đã ban hành")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body", "year", "doc_type", "series", "number"],
                name="issueddocument_unique_body_number",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="issueddocument_number_positive"),
            models.CheckConstraint(
                condition=Q(doc_type__in=DocType.values), name="issueddocument_type_valid"
            ),
        ]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return f"{self.get_doc_type_display()} số {self.symbol}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise ImmutableRowError("Issued documents cannot be changed; issue a correction instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:issued-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ImmutableRowError("Issued documents cannot be deleted; annul them instead.")

    @property
    def verification_url(self) -> str:
        from documents.conf import site_url

        return site_url() + reverse("documents:verify", args=[self.verification_code])

    @property
    def status(self) -> str:
        if hasattr(self, "annulment"):
            return self.Status.ANNULLED
        if hasattr(self, "superseded_by"):
            return self.Status.SUPERSEDED
        return self.Status.VALID

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def signature_lines(self) -> list[str]:
        """The lines above the signature, as printed ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")."""
        from documents.signature import signature_lines

        return [
            line.upper()
            for line in signature_lines(
                signing_capacity=self.signing_capacity,
                signer_title=self.signer_title,
                signing_for=(self.context or {}).get("signing_for", ""),
                on_behalf_of=(self.context or {}).get("on_behalf_of", ""),
            )
        ]


class Annulment(models.Model):
    """The annulment (hủy bỏ) of an issued document, with its legal ground. Immutable."""

    document = models.OneToOneField(
        IssuedDocument,
        verbose_name=_("văn bản bị hủy bỏ"),
        on_delete=models.PROTECT,
        related_name="annulment",
    )
    legal_ground = models.TextField(_("căn cứ hủy bỏ"))
    annulling_document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("văn bản hủy bỏ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annulments_made",
    )
    annulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    annulled_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("hủy bỏ văn bản")
        verbose_name_plural = _("hủy bỏ văn bản")

    def __str__(self):
        return f"Hủy bỏ {self.document}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise ImmutableRowError("Annulments cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRowError("Annulments cannot be deleted.")


class DocumentDraft(WorkflowMixin, TimeStampedModel):
    """A document prepared (soạn thảo) by the secretariat, submitted for signature (trình ký) to
    a signer of the issuing body's unit, who issues it (ban hành) or returns it (issue 10 item 5)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn thảo")
        SUBMITTED = "submitted", _("Đã trình ký")
        ISSUED = "issued", _("Đã ban hành")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.DRAFT, Status.ISSUED},  # returned by the signer, or issued
        Status.ISSUED: set(),
    }

    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices)
    template_name = models.CharField(_("mẫu"), max_length=150)
    context = models.JSONField(_("nội dung"), default=dict)
    issue_kwargs = models.JSONField(
        _("thông tin ban hành"),
        default=dict,
        help_text=_("issuer_code, issuer_name, parent_body_name, series, place, subject, signer_…"),
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    issuing_body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    issued_document = models.OneToOneField(
        IssuedDocument,
        verbose_name=_("văn bản đã ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft",
    )
    search_key = models.CharField(max_length=300, db_index=True, default="")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("trình ký lúc"), null=True, blank=True)
    return_note = models.TextField(_("ý kiến trả lại"), blank=True)

    class Meta:
        verbose_name = _("dự thảo văn bản")
        verbose_name_plural = _("dự thảo văn bản")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "issued"]), name="documentdraft_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(signer__isnull=False),
                name="documentdraft_submitted_has_signer",
            ),
        ]

    def get_absolute_url(self):
        return reverse("documents:draft-detail", args=[self.pk])

    def __str__(self):
        return self.title


class DraftVersion(models.Model):
    """One saved version of a draft's content (kept: every edit adds a row, none is changed)."""

    draft = models.ForeignKey(DocumentDraft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    context = models.JSONField(_("nội dung"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["draft", "-number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="draftversion_unique_number")]

    def __str__(self):
        return f"{self.draft} v{self.number}"


class RenderJob(BackgroundJob):
    """A long render (big annex, certificate batch) run by Celery; the page polls it."""

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("Bản nháp PDF")
        ISSUE = "issue", _("Ban hành")

    draft = models.ForeignKey(DocumentDraft, on_delete=models.CASCADE, related_name="render_jobs")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PREVIEW)
    file = models.FileField(upload_to="render-jobs/%Y/", blank=True, max_length=255)
    issued_document = models.ForeignKey(
        IssuedDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(BackgroundJob.Meta):
        verbose_name = _("tác vụ tạo PDF")
        verbose_name_plural = _("tác vụ tạo PDF")

    def __str__(self):
        return f"{self.draft} ({self.get_status_display()})"


class CertificateLayout(TimeStampedModel):
    """Positions of the variable text on a pre-printed blank (phôi), with printer calibration.

    Sizes and positions are ⚠ configurable: the current decree's certificate dimensions were
    not confirmed (documents.md §1.6). Staff calibrate x/y offsets per field and globally.
    """

    FIELDS = (
        "authority",
        "recipient_name",
        "recipient_unit",
        "achievement",
        "place_date",
        "signer_title",
        "signer_name",
        "decision_ref",
        "register_number",
    )

    name = models.CharField(_("tên mẫu phôi"), max_length=100, unique=True)
    page_width_mm = models.DecimalField(
        _("chiều rộng trang (mm)"), max_digits=6, decimal_places=1, default=297
    )
    page_height_mm = models.DecimalField(
        _("chiều cao trang (mm)"), max_digits=6, decimal_places=1, default=210
    )
    offset_x_mm = models.DecimalField(_("hiệu chỉnh chung X (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("hiệu chỉnh chung Y (mm)"), max_digits=5, decimal_places=1, default=0)
    positions = models.JSONField(
        _("vị trí các trường"),
        default=dict,
        help_text=_('{"recipient_name": {"x": 40, "y": 95, "w": 217, "size": 22, "dx": 0, "dy": 0}, …}'),
    )
    is_default = models.BooleanField(_("mặc định"), default=False)

    class Meta:
        verbose_name = _("mẫu phôi giấy khen")
        verbose_name_plural = _("mẫu phôi giấy khen")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="certificatelayout_one_default"
            )
        ]

    def __str__(self):
        return self.name


class DocumentAddressee(models.Model):
    """A unit an issued document is addressed to (Kính gửi / Nơi nhận / listed in its annex).

    Written once, when the document is stored; `lines` are the annex lines that concern this
    unit (e.g. its awardees in a commendation decision), empty when the whole document is
    addressed to it. The unit's staff see the document (documents.permissions, issue 10 item 3).
    """

    document = models.ForeignKey(IssuedDocument, on_delete=models.PROTECT, related_name="addressees")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị nhận"), on_delete=models.PROTECT, related_name="+"
    )
    lines = models.JSONField(_("dòng liên quan"), default=list, blank=True)

    class Meta:
        verbose_name = _("nơi nhận văn bản")
        verbose_name_plural = _("nơi nhận văn bản")
        ordering = ["document", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="documentaddressee_once")]

    def __str__(self):
        return f"{self.document} → {self.unit}"
