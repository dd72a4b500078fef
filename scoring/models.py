"""A bloc's scoring table (bảng tiêu chí, thang điểm), its criteria and the units' scores (law.md §3).

The 100-point scale, the criteria and their weights are set locally (configuration, not law):
the table's criteria are whatever the bloc head or the secretariat enter.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedModel
from core.models import TimeStampedModel, WorkflowMixin
from units.models import Bloc, Unit


class ScoringTable(WorkflowMixin, VersionedModel, TimeStampedModel):
    """One per bloc (a bloc is already per year): draft → open → cross_scoring → final."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        OPEN = "open", _("Các đơn vị đang tự chấm")
        CROSS_SCORING = "cross_scoring", _("Đang chấm chéo")
        FINAL = "final", _("Đã thông qua kết quả")

    TRANSITIONS = {
        Status.DRAFT: {Status.OPEN},
        Status.OPEN: {Status.CROSS_SCORING},
        Status.CROSS_SCORING: {Status.FINAL},
        Status.FINAL: {Status.CROSS_SCORING},  # reopened by the secretariat, with a reason
    }

    bloc = models.OneToOneField(
        Bloc, verbose_name=_("khối, cụm"), on_delete=models.PROTECT, related_name="scoring_table"
    )
    title = models.CharField(_("tên bảng"), max_length=300)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Frozen at finalisation: [{"unit_id", "unit_name", "self_total", "cross_total", "rank"}].
    ranking_snapshot = models.JSONField(_("kết quả xếp hạng"), default=list, blank=True)
    finalised_at = models.DateTimeField(_("thông qua lúc"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bảng chấm điểm thi đua")
        verbose_name_plural = _("bảng chấm điểm thi đua")
        ordering = ["-bloc__year", "bloc__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "cross_scoring", "final"]),
                name="scoringtable_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="final") | Q(finalised_at__isnull=False),
                name="scoringtable_final_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scoring:table-detail", args=[self.pk])


class Criterion(models.Model):
    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="criterion_code_once"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"


class Score(models.Model):
    class Kind(models.TextChoices):
        SELF = "self", _("Tự chấm")
        CROSS = "cross", _("Chấm chéo")

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    kind = models.CharField(_("loại điểm"), max_length=10, choices=Kind.choices)
    points = models.DecimalField(_("điểm"), max_digits=7, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(_("chấm lúc"))

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("điểm")
        constraints = [
            models.UniqueConstraint(fields=["unit", "criterion", "kind"], name="score_once_per_kind"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_points_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=["self", "cross"]), name="score_kind_valid"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.criterion.code} — {self.points}"
