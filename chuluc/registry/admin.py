from django.contrib import admin

from chuluc.core.admin import AuditedAdmin
from chuluc.core.text import search_key
from chuluc.registry.models import District, Enterprise, ImportJob, IndustryGroup, Product


class _KeyedAdmin(AuditedAdmin):
    def save_model(self, request, obj, form, change):
        obj.search_key = search_key(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(District)
class DistrictAdmin(_KeyedAdmin):
    list_display = ["name", "kind", "code"]
    search_fields = ["name", "code"]


@admin.register(IndustryGroup)
class IndustryGroupAdmin(_KeyedAdmin):
    list_display = ["position", "name", "code"]
    list_display_links = ["name"]


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Register records are written through the application's pages (services, audit)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(_ReadOnlyAdmin):
    list_display = ["name", "tax_code", "ownership", "district", "is_demo", "is_public_record"]
    list_filter = ["ownership", "is_demo", "is_public_record"]
    search_fields = ["search_key", "tax_code"]
    list_select_related = ["district"]


@admin.register(Product)
class ProductAdmin(_ReadOnlyAdmin):
    list_display = ["name", "enterprise", "industry_group", "track"]
    list_filter = ["industry_group", "track"]
    search_fields = ["search_key"]
    list_select_related = ["enterprise", "industry_group"]


@admin.register(ImportJob)
class ImportJobAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "original_name", "kind", "status", "valid_rows", "error_rows"]
    list_filter = ["status", "kind"]
