"""The back office (Django admin): reference data only, and every change audited."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from chuluc.core.audit import audit_record, diff, snapshot
from chuluc.core.models import Agency, AuditEntry


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes from the back office leave an audit row like any service write."""

    def _fields(self, obj) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields if f.name not in {"id", "search_key"}]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = {}
            if change:
                before = snapshot(type(obj).objects.get(pk=obj.pk), self._fields(obj))
            super().save_model(request, obj, form, change)
            action = f"{obj._meta.model_name}.{'admin_update' if change else 'admin_create'}"
            audit_record(
                actor=request.user,
                action=action,
                obj=obj,
                changes=diff(before, snapshot(obj, self._fields(obj))),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"{obj._meta.model_name}.admin_delete",
                obj=obj,
                changes=diff(snapshot(obj, self._fields(obj)), {}),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "code", "is_lead"]
    search_fields = ["name", "short_name", "code"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_repr", "action"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
