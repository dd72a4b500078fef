from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. The person it belongs to (if any) is `units.Person.user`."""

    class NotificationEmail(models.TextChoices):
        """How the user's notifications also reach them by e-mail (README "Notifications")."""

        IMMEDIATE = "immediate", _("Gửi thư ngay khi có thông báo")
        DIGEST = "digest", _("Gộp một thư mỗi ngày")
        NONE = "none", _("Không gửi thư (chỉ xem trong hệ thống)")

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    notification_email = models.CharField(
        _("nhận thông báo qua thư điện tử"),
        max_length=10,
        choices=NotificationEmail.choices,
        default=NotificationEmail.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self):
        return self.full_name or self.username


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class BackgroundJob(TimeStampedModel):
    """The shape shared by the jobs a Celery task runs while a page polls them (`ImportJob`,
    `ExportJob`, `documents.RenderJob`, `nominations.DecisionIssueJob`): a `status` (pending →
    running → done or failed), a `progress` in percent (0–100, checked by the database under the
    name "<model>_progress_max") and a `message` (why it failed).

    A subclass keeps its own Meta by inheriting this one (`class Meta(BackgroundJob.Meta)`) and
    may redeclare `Status` and `status` for its own labels or default (the values must stay those
    below: the class methods and `ACTIVE` use them).

    The runners change a job only through the class methods, by id and with one UPDATE each
    (the runner's own instance may be stale, and the page reads the row meanwhile):
    `claim` (take it, once), `set_values` (progress, intermediate results), `fail`, `finish`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    # Waiting or running: the page keeps polling, and no second job is made for the same thing.
    ACTIVE = (Status.PENDING, Status.RUNNING)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="%(class)s_progress_max"),
        ]

    @property
    def is_active(self) -> bool:
        """True while the job waits or runs (the page polls it)."""
        return self.status in self.ACTIVE

    @classmethod
    def set_values(cls, job_id: int, **values) -> int:
        """Write `values` (field name → value) to the job `job_id` and stamp `updated_at`, in one
        UPDATE whatever its status; returns the number of rows changed (0: no such job)."""
        return cls.objects.filter(pk=job_id).update(**values, updated_at=timezone.now())

    @classmethod
    def claim(cls, job_id: int, *, progress: int, resume: bool = False) -> bool:
        """Move the job `job_id` from "pending" to "running" with `progress`, in one conditional
        UPDATE, and say whether this worker got it: False for a job that is missing or no longer
        pending (already run, or delivered twice by the broker), which the caller leaves alone.

        `resume=True` also takes a job left "running" (the task is re-delivered after its worker
        died, `acks_late`): only a finished job (done or failed) is refused then.
        """
        statuses = cls.ACTIVE if resume else (cls.Status.PENDING,)
        return bool(
            cls.objects.filter(pk=job_id, status__in=statuses).update(
                status=cls.Status.RUNNING, progress=progress, updated_at=timezone.now()
            )
        )

    @classmethod
    def fail(cls, job_id: int, message: str) -> None:
        """Mark the job `job_id` failed with `message` (cut to the field's 500 characters); the
        progress stays where it stopped."""
        cls.set_values(
            job_id, status=cls.Status.FAILED, message=message[: cls._meta.get_field("message").max_length]
        )

    @classmethod
    def finish(cls, job_id: int, **values) -> None:
        """Mark the job `job_id` done with progress 100, writing `values` (its results) too."""
        cls.set_values(job_id, status=cls.Status.DONE, progress=100, **values)

    @staticmethod
    def running_percent(done: int, total: int) -> int:
        """The progress of a running job that has done `done` of `total` steps: 1–99, so that a
        running job never shows 0 % nor 100 % before it is finished."""
        return max(1, min(99, done * 100 // max(total, 1)))


class AppendOnlyError(TypeError):
    pass


class AuditEntry(models.Model):
    """Who did what to which object, when; written only by core.audit.record().

    Rows can be neither changed nor deleted: the model refuses, and database triggers
    (migrations 0002, 0004) refuse UPDATE, DELETE and TRUNCATE for any other client too.
    Each row carries `hash` = SHA-256 over the previous row's hash and its own content
    (core.audit.entry_hash), so a row changed or removed behind the triggers' back (a
    database owner, a restored file) breaks the chain: `manage.py verify_audit` finds it.
    """

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(_("đối tượng"), max_length=300)
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    hash = models.CharField(_("mã băm chuỗi"), max_length=64, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are append-only.")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one user (campaign launched, reminder, result...)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)
    kind = models.CharField(_("loại"), max_length=60)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # Optional idempotency key: the same key is never notified twice to the same user.
    dedupe_key = models.CharField(max_length=200, blank=True, default="")
    # E-mail copy (core.notifications): due when written for a user who wants e-mail; `emailed_at`
    # is set when a sender claims it, so a second run (digest, retry) never sends it again.
    email_due = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["recipient"],
                condition=models.Q(email_due=True, emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_dedupe_per_recipient",
            )
        ]

    def __str__(self):
        return self.title


class ImportJob(BackgroundJob):
    """One uploaded Excel table between its preview and its confirmation (the rows are stored in
    `ImportJobRow`, not in the session), and the background commit of a large one with its
    progress (`core.importing.import_job_run`)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Đã xem trước")
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Which import page (its session key: the people import, one unit's ratings of one year …).
    scope = models.CharField(max_length=200)
    # Dotted path of the commit service run in the background (empty: committed in the request).
    commit_path = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    row_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    written_count = models.PositiveIntegerField(default=0)
    unknown_columns = models.JSONField(default=list, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")

    def __str__(self):
        return f"{self.scope} ({self.get_status_display()})"

    @property
    def ok(self) -> bool:
        """The preview found rows and no row error: the file may be confirmed."""
        return self.row_count > 0 and self.error_count == 0


class ImportJobRow(models.Model):
    """One data row of an `ImportJob`: its number in the sheet, its cells as text, the preview's
    errors and notes (shown page by page; the commit reads `raw` back)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()
    raw = models.JSONField(default=dict)
    errors = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    has_errors = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("dòng nhập Excel")
        verbose_name_plural = _("dòng nhập Excel")
        ordering = ["job", "number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="importjobrow_unique_number")]

    def __str__(self):
        return f"{self.job_id}:{self.number}"


class ExportJob(BackgroundJob):
    """A large Excel export (`core.views.ExportMixin`) written in a background job: the list view
    it came from, the user and the filters it was asked with, its progress and the file."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Dotted path of the list view (set by the code, never from the request) and its URL arguments.
    view_path = models.CharField(max_length=200)
    view_kwargs = models.JSONField(default=dict, blank=True)
    query = models.CharField(max_length=2000, blank=True)  # the list's filters (query string)
    filename = models.CharField(max_length=200)
    row_count = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="export-jobs/%Y/", blank=True, max_length=255)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("tác vụ xuất Excel")
        verbose_name_plural = _("tác vụ xuất Excel")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"


class WorkflowMixin:
    """A model whose `status` moves along its class's `TRANSITIONS` table (read by services,
    forms and templates alike: one table per workflow, architecture.md §3)."""

    TRANSITIONS: dict = {}

    @property
    def next_statuses(self) -> set[str]:
        """The statuses the table allows from the current one (templates show actions from it)."""
        return set(self.TRANSITIONS.get(self.status, set()))

    def can_transition_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())

    def check_transition(self, status: str) -> None:
        """Raise TransitionNotAllowed, in Vietnamese, unless the table allows `status` now."""
        from core.exceptions import TransitionNotAllowed

        if not self.can_transition_to(status):
            raise TransitionNotAllowed(
                _("Không thể chuyển %(what)s từ “%(old)s” sang “%(new)s”.")
                % {
                    "what": self._meta.verbose_name,
                    "old": self.get_status_display(),
                    "new": type(self).Status(status).label,
                }
            )
