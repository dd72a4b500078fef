"""The awards workflow: nominations, dossiers, council sessions with a secret ballot, decisions.

Each workflow is a status field with a transition table on the model (architecture.md §3),
executed only by the services in `awards.services` (lock, check, save, audit).

Secret ballot: `BallotParticipation` proves that a member voted on an agenda item (no choice
column); `BallotTally` holds the counters of an agenda item (no member column, no per-vote
row, no timestamp of a vote). No table joins a member to a choice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import AwardKind, DocumentType, Household, LevelCode, Occasion, _only_one_subject
from core.models import BackgroundJob, TimeStampedModel, WorkflowMixin
from units.models import Person, Unit

User = settings.AUTH_USER_MODEL


class NominationBatch(WorkflowMixin, TimeStampedModel):
    """A unit's proposal (tờ trình) for one occasion, with its list of nominees."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại để bổ sung")
        APPRAISED = "appraised", _("Đã thẩm định")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.DRAFT, Status.RETURNED, Status.APPRAISED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.APPRAISED: set(),
    }

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="nomination_batches"
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    occasion = models.CharField(
        _("loại khen thưởng"), max_length=15, choices=Occasion.choices, default=Occasion.REGULAR
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("phong trào (tổng kết)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nomination_batches",
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "awards_nominationbatch"
        verbose_name = _("tờ trình đề nghị khen thưởng")
        verbose_name_plural = _("tờ trình đề nghị khen thưởng")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "appraised"]),
                name="batch_status_valid",
            ),
            models.CheckConstraint(condition=Q(year__gte=1945) & Q(year__lte=2100), name="batch_year_sane"),
        ]

    def __str__(self):
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Nomination(WorkflowMixin, TimeStampedModel):
    """One nominee of a batch, proposed for one award kind."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại để bổ sung")
        APPRAISED = "appraised", _("Đã thẩm định, trình Hội đồng")
        NOT_ACCEPTED = "not_accepted", _("Không trình Hội đồng")
        IN_COUNCIL = "in_council", _("Hội đồng đang xét")
        APPROVED = "approved", _("Hội đồng tán thành")
        REJECTED = "rejected", _("Hội đồng không tán thành")
        DECIDED = "decided", _("Đã có quyết định")
        ANNULLED = "annulled", _("Đã hủy bỏ")

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.DRAFT, Status.RETURNED, Status.APPRAISED, Status.NOT_ACCEPTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.APPRAISED: {Status.IN_COUNCIL},
        Status.NOT_ACCEPTED: set(),
        Status.IN_COUNCIL: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.DECIDED},
        Status.REJECTED: set(),
        Status.DECIDED: {Status.ANNULLED},
        Status.ANNULLED: set(),
    }
    # Nominations that still compete for an award (duplicate checks look at these).
    OPEN = (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.APPRAISED,
        Status.IN_COUNCIL,
        Status.APPROVED,
    )

    batch = models.ForeignKey(NominationBatch, on_delete=models.CASCADE, related_name="nominations")
    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        Unit, verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("hộ gia đình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    award_kind = models.ForeignKey(
        AwardKind, verbose_name=_("danh hiệu, hình thức đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    override_reason = models.TextField(
        _("lý do vẫn trình Hội đồng"),
        blank=True,
        help_text=_("Bắt buộc khi kết quả kiểm tra tiêu chuẩn chưa đạt mà vẫn trình Hội đồng."),
    )
    reason = models.TextField(_("lý do (không trình, không tán thành, hủy bỏ)"), blank=True)
    # The engine's verdict as shown at appraisal: {"eligible": bool, "rule_set": .., "reasons": [..]}
    verdict = models.JSONField(_("kết quả kiểm tra tiêu chuẩn"), null=True, blank=True)
    appraised_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "awards_nomination"
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["batch", "pk"]
        constraints = [
            models.CheckConstraint(condition=_only_one_subject(), name="nomination_one_subject"),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "submitted",
                        "returned",
                        "appraised",
                        "not_accepted",
                        "in_council",
                        "approved",
                        "rejected",
                        "decided",
                        "annulled",
                    ]
                ),
                name="nomination_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100), name="nomination_year_sane"
            ),
        ]

    def __str__(self):
        return f"{self.subject_name} — {self.award_kind}"

    def get_status_display(self) -> str:
        """The Vietnamese label of the status (as Django's generated method, which rebuilds the
        choices dict on every call: the batch page shows 25 nominees a page, issue 17); the raw
        value if it is no known status, as Django's."""
        try:
            return str(self.Status(self.status).label)
        except ValueError:
            return str(self.status)

    @property
    def subject(self):
        return self.person or self.collective or self.household

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return str(subject) if subject else ""

    @property
    def subject_kind(self) -> str:
        if self.person_id:
            return "individual"
        if self.collective_id:
            return "collective"
        return "household"

    @property
    def subject_unit(self) -> Unit:
        """The unit the subject belongs to (the person's unit, the collective, the village)."""
        if self.person_id:
            return self.person.unit
        if self.collective_id:
            return self.collective
        return self.household.village


def dossier_upload_to(instance, filename: str) -> str:
    # `filename` is already the safe generated name (see services.dossier_document_add).
    return f"dossiers/{instance.batch_id}/{filename}"


class DossierDocument(TimeStampedModel):
    """A dossier document of a batch (whole batch when `nomination` is empty) (Law Art. 84)."""

    batch = models.ForeignKey(NominationBatch, on_delete=models.CASCADE, related_name="documents")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentType.choices)
    file = models.FileField(_("tệp"), upload_to=dossier_upload_to, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_kind = models.CharField(_("định dạng"), max_length=10)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "awards_dossierdocument"
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["document_type", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document_type__in=DocumentType.values), name="dossier_document_type_valid"
            )
        ]

    def __str__(self):
        return self.original_name


# --- Council -------------------------------------------------------------------------
class Council(TimeStampedModel):
    """Hội đồng Thi đua – Khen thưởng of a unit (advisory body to its chairman)."""

    name = models.CharField(_("tên Hội đồng"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("cấp, đơn vị"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("cấp Hội đồng"), max_length=10, choices=LevelCode.choices)
    chair = models.ForeignKey(
        User, verbose_name=_("Chủ tịch Hội đồng"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(User, verbose_name=_("thành viên"), related_name="councils")

    class Meta:
        db_table = "awards_council"
        verbose_name = _("Hội đồng Thi đua - Khen thưởng")
        verbose_name_plural = _("Hội đồng Thi đua - Khen thưởng")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CouncilSession(WorkflowMixin, TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        OPEN = "open", _("Đang họp")
        VOTING = "voting", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")

    TRANSITIONS = {
        Status.PLANNED: {Status.OPEN},
        Status.OPEN: {Status.VOTING},
        Status.VOTING: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("tên phiên họp"), max_length=300)
    meeting_date = models.DateField(_("ngày họp"))
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    attendees = models.ManyToManyField(
        User, verbose_name=_("thành viên dự họp"), blank=True, related_name="+"
    )
    member_count = models.PositiveSmallIntegerField(_("tổng số thành viên"), default=0)
    attendee_count = models.PositiveSmallIntegerField(_("số thành viên dự họp"), default=0)
    quorum = models.JSONField(_("kiểm tra số lượng dự họp"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # Biên bản họp Hội đồng and Biên bản kiểm phiếu, issued through the documents app.
    minutes_document = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count_document = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "awards_councilsession"
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-meeting_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["planned", "open", "voting", "closed"]), name="session_status_valid"
            )
        ]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", _("Chưa có kết quả")
        PASSED = "passed", _("Đạt")
        FAILED = "failed", _("Không đạt")

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.PENDING)
    # Numbers and rule of the count, written when the ballot closes.
    result_detail = models.JSONField(null=True, blank=True)

    class Meta:
        db_table = "awards_agendaitem"
        verbose_name = _("nội dung xét tại phiên họp")
        verbose_name_plural = _("nội dung xét tại phiên họp")
        ordering = ["session", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="agenda_nomination_once"),
            models.CheckConstraint(
                condition=Q(result__in=["pending", "passed", "failed"]), name="agenda_result_valid"
            ),
        ]

    def __str__(self):
        return str(self.nomination)


class Recusal(models.Model):
    """A member does not vote on an item (conflict of interest or own request)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=300)

    class Meta:
        db_table = "awards_recusal"
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="recusal_once")]

    def __str__(self):
        return self.reason


class BallotParticipation(models.Model):
    """Proof that `member` voted on `item` — deliberately WITHOUT the choice, id order or time.

    The primary key is a random UUID so the insert order of participations cannot be matched
    against anything; the choice only ever increments the item's `BallotTally` counters.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "awards_ballotparticipation"
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="ballot_vote_once")]

    def __str__(self):
        return str(_("Đã bỏ phiếu"))


class BallotTally(models.Model):
    """Counters of one agenda item's secret ballot (no member column)."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="tally")
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    abstain = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "awards_ballottally"

    def __str__(self):
        return str(_("Kết quả kiểm phiếu"))


# --- Decision ------------------------------------------------------------------------
class Decision(WorkflowMixin, TimeStampedModel):
    """Quyết định khen thưởng: draft → issued (number, PDF once) — never edited once issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    TRANSITIONS = {
        Status.DRAFT: {Status.ISSUED},
        Status.ISSUED: set(),
    }

    unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        CouncilSession, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    title = models.CharField(_("trích yếu"), max_length=300)
    decision_date = models.DateField(_("ngày quyết định"))
    rule_set = models.CharField(_("bộ quy tắc áp dụng"), max_length=40)
    legal_bases = models.JSONField(_("căn cứ"), default=list)
    article_1 = models.TextField(_("Điều 1"))
    article_2 = models.TextField(_("Điều 2"))
    article_3 = models.TextField(_("Điều 3"))
    signer = models.ForeignKey(User, verbose_name=_("người ký"), on_delete=models.PROTECT, related_name="+")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    document = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # All the certificates of the decision in one PDF, for printing; served only when its bytes
    # still match the SHA-256 stored with it (documents.http, like every issued file).
    certificates_file = models.FileField(upload_to="decisions/", max_length=200, blank=True)
    certificates_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        db_table = "awards_decision"
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "issued"]), name="decision_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft") | ~Q(number=""), name="decision_issued_has_number"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def total_amount(self) -> int:
        return sum(line.amount for line in self.lines.all())


class DecisionIssueJob(BackgroundJob):
    """Issuing a long decision (more than `LONG_ISSUE_LINES` annex lines) in a Celery task: the
    number, the decision PDF, the certificates and the register entries, with the progress the
    decision page shows (issue 17: a 1,000-line decision renders in the background)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang ban hành")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="issue_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("tác vụ ban hành quyết định")
        verbose_name_plural = _("tác vụ ban hành quyết định")

    def __str__(self):
        return f"{self.decision} ({self.get_status_display()})"


class DecisionLine(models.Model):
    """One awardee of a decision's annex (danh sách kèm theo) with the money."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="lines")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="decision_line")
    order = models.PositiveSmallIntegerField(default=0)
    award_kind = models.ForeignKey(AwardKind, on_delete=models.PROTECT, related_name="+")
    subject_kind = models.CharField(max_length=12)
    subject_name = models.CharField(_("họ tên / tên tập thể"), max_length=300)
    subject_detail = models.CharField(_("chức vụ, đơn vị"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"))
    certificate = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "awards_decisionline"
        verbose_name = _("dòng quyết định")
        verbose_name_plural = _("dòng quyết định")
        ordering = ["decision", "order", "pk"]

    def __str__(self):
        return f"{self.subject_name} — {self.award_kind}"
