from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from chuluc.accounts.models import EnterpriseMembership, RoleAssignment, User
from chuluc.core.admin import AuditedAdmin


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin, AuditedAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_demo"]
    list_filter = ["is_active", "is_demo", "role_assignments__role"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Chủ Lực", {"fields": ("full_name", "phone", "is_demo")}),
    )

    def _fields(self, obj):
        return [f for f in super()._fields(obj) if f not in {"password", "last_login"}]


@admin.register(EnterpriseMembership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "enterprise", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["user", "enterprise"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
