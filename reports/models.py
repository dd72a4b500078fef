"""Report rounds, unit submissions against targets, and the reminder outbox."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Target
from core.concurrency import VersionedModel
from core.models import TimeStampedModel, WorkflowMixin
from reports import schedule
from units.models import Unit


class ReportRound(VersionedModel, TimeStampedModel):
    """A round (kỳ báo cáo) in which the listed units report on a campaign by a deadline."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Sơ kết")
        FINAL = "final", _("Tổng kết")
        PERIODIC = "periodic", _("Định kỳ")
        AD_HOC = "ad_hoc", _("Đột xuất")

    class Recurrence(models.TextChoices):
        NONE = "none", _("Không lặp lại")
        YEARLY = "yearly", _("Hằng năm")
        HALF_YEARLY = "half_yearly", _("6 tháng một lần")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="report_rounds"
    )
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=Kind.choices, default=Kind.PERIODIC)
    title = models.CharField(_("tên kỳ báo cáo"), max_length=300)
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị phải báo cáo"), related_name="report_rounds")
    opens_at = models.DateTimeField(_("mở nhận báo cáo từ"))
    deadline = models.DateTimeField(_("hạn nộp"))
    recurrence = models.CharField(
        _("lặp lại"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE
    )
    recurrence_day = models.PositiveSmallIntegerField(_("ngày (lặp lại)"), null=True, blank=True)
    recurrence_month = models.PositiveSmallIntegerField(_("tháng (lặp lại)"), null=True, blank=True)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("kỳ trước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_round",
    )
    source_document = models.ForeignKey(
        "campaigns.LaunchDocument",
        verbose_name=_("văn bản giao"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_rounds",
    )
    closed_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["interim", "final", "periodic", "ad_hoc"]),
                name="reportround_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(recurrence__in=["none", "yearly", "half_yearly"]),
                name="reportround_recurrence_valid",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens_at")), name="reportround_deadline_after_open"
            ),
            models.CheckConstraint(
                condition=Q(recurrence_day__isnull=True) | Q(recurrence_day__gte=1, recurrence_day__lte=31),
                name="reportround_recurrence_day_valid",
            ),
            models.CheckConstraint(
                condition=Q(recurrence_month__isnull=True)
                | Q(recurrence_month__gte=1, recurrence_month__lte=12),
                name="reportround_recurrence_month_valid",
            ),
        ]
        indexes = [models.Index(fields=["closed_at", "deadline"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:round-detail", args=[self.pk])

    class Status(models.TextChoices):
        """Derived from `closed_at` (a round has no status column): what its transition URL and
        buttons read, like the tables of the workflow models."""

        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã khóa")

    TRANSITIONS = {Status.OPEN: {Status.CLOSED}, Status.CLOSED: {Status.OPEN}}

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def status(self) -> str:
        """`Status.CLOSED` once closed, else `Status.OPEN`."""
        return self.Status.CLOSED if self.is_closed else self.Status.OPEN

    @property
    def next_statuses(self) -> set[str]:
        """The statuses the round can move to now (close when open, reopen when closed)."""
        return set(self.TRANSITIONS[self.status])

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    def is_past_deadline(self, now=None) -> bool:
        return (now or timezone.now()) > self.deadline


class ReminderPolicy(models.Model):
    """When a round's units are reminded; defaults follow the usual practice (configurable)."""

    round = models.OneToOneField(ReportRound, on_delete=models.CASCADE, related_name="policy")
    days_before = models.JSONField(
        _("nhắc trước hạn (ngày)"), default=list, blank=True, help_text=_("Ví dụ: [7, 1]")
    )
    on_the_day = models.BooleanField(_("nhắc đúng ngày hết hạn"), default=schedule.DEFAULT_ON_THE_DAY)
    overdue_every_days = models.PositiveSmallIntegerField(
        _("khi quá hạn, nhắc lại sau mỗi (ngày)"),
        default=schedule.DEFAULT_OVERDUE_EVERY_DAYS,
        help_text=_("0 = không nhắc khi quá hạn"),
    )
    escalate_after = models.PositiveSmallIntegerField(
        _("báo lên Thường trực sau số lần nhắc quá hạn"),
        default=schedule.DEFAULT_ESCALATE_AFTER,
        help_text=_("0 = không báo lên"),
    )
    send_email = models.BooleanField(_("gửi thư điện tử"), default=True)
    send_in_app = models.BooleanField(_("thông báo trong hệ thống"), default=True)

    DEFAULT_DAYS_BEFORE = schedule.DEFAULT_DAYS_BEFORE

    class Meta:
        verbose_name = _("chính sách nhắc nhở")
        verbose_name_plural = _("chính sách nhắc nhở")
        constraints = [
            models.CheckConstraint(
                condition=Q(overdue_every_days__lte=365), name="reminderpolicy_every_sane"
            ),
        ]

    def __str__(self):
        return f"{self.round}: {self.days_before}"


class ReportSubmission(WorkflowMixin, TimeStampedModel):
    """One unit's report for one round. "Not started" is the absence of a row."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        RETURNED = "returned", _("Trả lại")
        RESUBMITTED = "resubmitted", _("Đã nộp lại")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.ACCEPTED, Status.RETURNED},
        Status.RETURNED: {Status.RESUBMITTED},
        Status.RESUBMITTED: {Status.ACCEPTED, Status.RETURNED},
        Status.ACCEPTED: set(),
    }
    EDITABLE = (Status.DRAFT, Status.RETURNED)
    # A unit in these states has reported: reminders stop.
    REPORTED = (Status.SUBMITTED, Status.ACCEPTED, Status.RESUBMITTED)

    round = models.ForeignKey(ReportRound, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField(_("nội dung báo cáo"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    # The deadline in force when the unit (last) submitted: "on time / late" is a fact about the
    # submission and survives acceptance and later changes of the round's deadline.
    deadline_at_submission = models.DateTimeField(_("hạn nộp khi nộp"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["round", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="reportsubmission_once_per_unit"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "accepted", "returned", "resubmitted"]),
                name="reportsubmission_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="reportsubmission_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="reportsubmission_submitted_has_time",
            ),
        ]
        # The secretariat's "reports to accept" (submitted / resubmitted, oldest first) reads
        # this index instead of sorting every submission of the province (issue 17).
        indexes = [models.Index(fields=["status", "submitted_at"], name="reports_sub_status_sent_idx")]

    def __str__(self):
        return f"{self.unit} — {self.round}"

    def get_absolute_url(self):
        return reverse("reports:submission-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def has_reported(self) -> bool:
        return self.submitted_at is not None

    @property
    def timeliness_label(self) -> str:
        """ "Đúng hạn" / "Nộp muộn" against the deadline in force at submission ("" if never sent)."""
        if self.submitted_at is None:
            return ""
        return str(_("Nộp muộn") if self.is_late else _("Đúng hạn"))


class SubmissionFigure(models.Model):
    """The unit's actual value for one target of the campaign."""

    submission = models.ForeignKey(ReportSubmission, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="report_figures")
    actual = models.DecimalField(_("kết quả thực hiện"), max_digits=18, decimal_places=4)
    base = models.DecimalField(
        _("tổng số (mẫu số của tỷ lệ)"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Với chỉ tiêu tỷ lệ: tổng số làm mẫu số (ví dụ tổng số hộ), để tính tỷ lệ chung."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "target"], name="submissionfigure_once"),
            models.CheckConstraint(condition=Q(actual__gte=0), name="submissionfigure_not_negative"),
            models.CheckConstraint(
                condition=Q(base__isnull=True) | Q(base__gt=0), name="submissionfigure_base_positive"
            ),
        ]

    def __str__(self):
        return f"{self.target}: {self.actual}"


def attachment_path(instance, filename):
    """A generated name: the user's file name never reaches the file system."""
    ext = PurePath(filename).suffix.lower()
    return f"reports/{instance.submission.round_id}/{uuid.uuid4().hex}{ext}"


class SubmissionAttachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"
        PNG = "png", "PNG"
        JPEG = "jpg", "JPEG"

    submission = models.ForeignKey(ReportSubmission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(_("loại tệp"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.original_name


class ReminderDelivery(models.Model):
    """One reminder to one person: the outbox row whose unique key makes sending idempotent."""

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "before", _("Nhắc trước hạn")
        ON_THE_DAY = "on_day", _("Nhắc ngày hết hạn")
        OVERDUE = "overdue", _("Đôn đốc quá hạn")
        ESCALATION = "escalation", _("Báo cáo Thường trực (quá hạn nhiều lần)")
        NO_ACCOUNT = "no_account", _("Báo Thường trực: đơn vị chưa có tài khoản để nhắc")
        REGISTRATION = "registration", _("Nhắc đăng ký thi đua")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        SKIPPED = "skipped", _("Bỏ qua")
        FAILED = "failed", _("Gửi lỗi")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A report reminder belongs to a round; a registration reminder to a campaign (no round).
    round = models.ForeignKey(
        ReportRound, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(_("ngày đến hạn nhắc"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    channels = models.CharField(_("kênh"), max_length=40, blank=True)
    # The sweep that created the row: escalations of one sweep reach each person as ONE digest.
    batch = models.CharField(_("lượt quét"), max_length=40, blank=True, db_index=True)
    skipped_reason = models.CharField(_("lý do bỏ qua"), max_length=100, blank=True)
    # Delivery mechanics (issue 15): the e-mail is claimed (status "sending") in a committed step
    # before the mail server is contacted; every message carries this same Message-ID.
    claimed_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    # Sends cut off inside the SMTP exchange and sent again: each may be a duplicate e-mail.
    unconfirmed_sends = models.PositiveSmallIntegerField(_("lần gửi chưa xác nhận (có thể trùng)"), default=0)

    class Meta:
        verbose_name = _("lượt nhắc nhở")
        verbose_name_plural = _("lượt nhắc nhở")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "round", "unit", "kind", "due_date"], name="reminderdelivery_once"
            ),
            models.UniqueConstraint(
                fields=["recipient", "campaign", "unit", "kind", "due_date"],
                condition=Q(round__isnull=True),
                name="reminderdelivery_registration_once",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["before", "on_day", "overdue", "escalation", "no_account", "registration"]
                ),
                name="reminderdelivery_kind_valid",
            ),
            models.CheckConstraint(
                condition=(Q(kind="registration") & Q(round__isnull=True) & Q(campaign__isnull=False))
                | (~Q(kind="registration") & Q(round__isnull=False)),
                name="reminderdelivery_round_or_registration",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "skipped", "failed"]),
                name="reminderdelivery_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="reminderdelivery_sent_has_time"
            ),
        ]
        indexes = [models.Index(fields=["status", "enqueued_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_date:%d/%m/%Y} → {self.recipient}"

    @property
    def subject_title(self) -> str:
        """What the reminder is about: the round, or the campaign for a registration reminder."""
        return self.round.title if self.round_id else str(self.campaign)


class ReminderSendAttempt(models.Model):
    """One attempt to hand a reminder e-mail to the mail server, with how far it got.

    Each phase is committed before the next step, so after a crash the row says whether the
    mail server may have accepted the message (phase "smtp") or certainly not (phase "claimed").
    """

    class Phase(models.TextChoices):
        CLAIMED = "claimed", _("Đã nhận, chưa gửi tới máy chủ thư")
        SMTP = "smtp", _("Đang trao đổi với máy chủ thư")
        SENT = "sent", _("Máy chủ thư đã nhận")
        FAILED = "failed", _("Máy chủ thư từ chối")
        ABANDONED = "abandoned", _("Bỏ dở trước khi gửi (gửi lại không trùng)")
        UNCONFIRMED = "unconfirmed", _("Bỏ dở giữa lúc gửi (có thể trùng)")

    delivery = models.ForeignKey(ReminderDelivery, on_delete=models.CASCADE, related_name="send_attempts")
    started_at = models.DateTimeField(default=timezone.now)
    smtp_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.CLAIMED)
    worker = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lần gửi nhắc nhở")
        verbose_name_plural = _("lần gửi nhắc nhở")
        ordering = ["delivery", "pk"]

    def __str__(self):
        return f"{self.delivery_id} {self.phase}"
