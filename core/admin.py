from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from core.models import AuditEntry, User


class NoDeleteAdminMixin:
    """Protected record (issue 15): the admin never offers to delete these rows, nor their
    inlines; the foreign keys PROTECT them and database triggers refuse the DELETE too."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("thidua", {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services only (audited, or legal records): the admin shows them, never
    adds, changes or deletes them. The one copy; every app's admin uses it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ("at", "actor", "action", "target_repr")
    list_filter = ("action",)
    search_fields = ("target_repr", "action")
    list_select_related = ("actor",)
