"""Admin: the catalogue and the dated rules are edited here; the register is read-mostly.

Award records, annulments and history rows change through `awards.services` (audited), so
their admin pages are read-only.
"""

from django.contrib import admin

from awards.models import (
    AwardAnnulment,
    AwardCoefficient,
    AwardKind,
    AwardRecord,
    BaseSalary,
    ConferringAuthority,
    CouncilThreshold,
    DisciplineRecord,
    Household,
    Initiative,
    LegalBasis,
    RequiredDocument,
    ReviewFreeze,
    RuleParameter,
    RuleSet,
    TaskRating,
)
from core.admin import NoDeleteAdminMixin, ReadOnlyAdmin


@admin.register(AwardKind)
class AwardKindAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "category",
        "level",
        "for_individual",
        "for_collective",
        "for_household",
        "decision_verb",
        "award_object",
        "object_warning",
        "active",
    )
    list_filter = ("category", "level", "award_object", "object_unconfirmed", "active")

    @admin.display(description="Mẫu hiện vật")
    def object_warning(self, obj):
        # Flagged here, never in the printout (issue: unconfirmed designs stay settings).
        return "⚠ chưa xác nhận mẫu" if obj.object_unconfirmed and obj.has_printed_object else ""

    search_fields = ("name", "code", "search_key")
    ordering = ("order", "name")


class CoefficientInline(NoDeleteAdminMixin, admin.TabularInline):
    model = AwardCoefficient
    extra = 0
    autocomplete_fields = ("award_kind",)


class AuthorityInline(NoDeleteAdminMixin, admin.TabularInline):
    model = ConferringAuthority
    extra = 0
    autocomplete_fields = ("award_kind",)


class ParameterInline(NoDeleteAdminMixin, admin.TabularInline):
    model = RuleParameter
    extra = 0


class LegalBasisInline(NoDeleteAdminMixin, admin.TabularInline):
    model = LegalBasis
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "valid_from", "valid_to", "rounding")
    inlines = [LegalBasisInline, ParameterInline, CoefficientInline, AuthorityInline]


@admin.register(AwardCoefficient)
class AwardCoefficientAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("award_kind", "subject_kind", "coefficient", "rule_set", "unconfirmed")
    list_filter = ("rule_set", "subject_kind", "unconfirmed")
    list_select_related = ("award_kind", "rule_set")


@admin.register(ConferringAuthority)
class ConferringAuthorityAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("award_kind", "level", "conferrer", "rule_set", "citation", "unconfirmed")
    list_filter = ("rule_set", "level", "conferrer")
    list_select_related = ("award_kind", "rule_set")


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("award_kind", "document_type", "occasion", "rule_set", "order")
    list_filter = ("rule_set", "document_type")
    list_select_related = ("award_kind", "rule_set")


@admin.register(RuleParameter)
class RuleParameterAdmin(NoDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("key", "value", "rule_set", "unconfirmed")
    list_filter = ("rule_set", "unconfirmed")
    search_fields = ("key", "note")


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ("amount", "effective_from", "legal_basis")


@admin.register(CouncilThreshold)
class CouncilThresholdAdmin(admin.ModelAdmin):
    list_display = (
        "level",
        "award_kind",
        "quorum_percent",
        "approval_percent",
        "base",
        "secret_ballot",
        "unconfirmed",
    )
    list_filter = ("level", "secret_ballot", "unconfirmed")
    list_select_related = ("award_kind",)


@admin.register(AwardRecord)
class AwardRecordAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "unit", "award_kind", "year", "decision_number", "decision_date", "occasion")
    list_filter = ("award_kind", "year", "occasion")
    list_select_related = ("person", "collective", "household", "unit", "award_kind")
    search_fields = (
        "person__search_key",
        "collective__search_key",
        "household__search_key",
        "decision_number",
    )


@admin.register(AwardAnnulment)
class AwardAnnulmentAdmin(ReadOnlyAdmin):
    list_display = ("record", "ground", "decision_number", "decision_date")


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ("head_name", "village", "address")
    search_fields = ("search_key",)


@admin.register(TaskRating)
class TaskRatingAdmin(ReadOnlyAdmin):
    list_display = ("person", "year", "rating")
    list_filter = ("year", "rating")


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ("title", "person", "scope", "year", "recognised_on")
    list_filter = ("scope", "year")


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(ReadOnlyAdmin):
    list_display = ("person", "form", "start", "end")
    list_filter = ("form",)


@admin.register(ReviewFreeze)
class ReviewFreezeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "reason", "start", "end")
    list_filter = ("reason",)
