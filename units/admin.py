from django.contrib import admin

from core.admin import NoDeleteAdminMixin, ReadOnlyAdmin
from units.models import AdministrativeLevel, Bloc, BlocMembership, Person, RoleGrant, Unit


@admin.register(AdministrativeLevel)
class AdministrativeLevelAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "rank", "valid_from", "valid_to")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "level")
    search_fields = ("search_key", "name")
    list_select_related = ("level", "parent")
    raw_id_fields = ("parent", "successor")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "gender", "date_of_birth", "unit", "position")
    search_fields = ("search_key", "cccd")
    list_select_related = ("unit",)
    raw_id_fields = ("unit", "user")


class BlocMembershipInline(admin.TabularInline):
    model = BlocMembership
    raw_id_fields = ("unit",)


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "year", "head", "deputy")
    list_filter = ("year", "kind")
    inlines = [BlocMembershipInline]
    raw_id_fields = ("organiser", "head", "deputy")


@admin.register(RoleGrant)
class RoleGrantAdmin(NoDeleteAdminMixin, ReadOnlyAdmin):
    """Read-only here: grants are made and ended through the audited "Phân quyền" page."""

    list_display = ("user", "role", "unit", "valid_from", "valid_to", "revoked_at")
    list_filter = ("role",)
    raw_id_fields = ("user", "unit", "granted_by")
