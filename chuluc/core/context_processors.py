"""Navigation that fits the person's roles."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from chuluc.accounts import rules as account_rules
from chuluc.decisions import rules as decision_rules
from chuluc.monitoring import rules as monitoring_rules
from chuluc.production import rules as production_rules
from chuluc.registry import rules as registry_rules
from chuluc.support import rules as support_rules


def navigation(request) -> dict:
    user = request.user
    items: list[tuple[str, str]] = []
    if user.is_authenticated:
        items.append((_("Tổng quan"), reverse("core:dashboard")))
        if registry_rules.can_view_register(user):
            items.append((_("Doanh nghiệp"), reverse("registry:enterprise_list")))
            items.append((_("Sản phẩm"), reverse("registry:product_list")))
        items.append((_("Đợt xét chọn"), reverse("campaigns:campaign_list")))
        if account_rules.is_enterprise_rep(user):
            items.append((_("Hồ sơ của tôi"), reverse("campaigns:my_dossiers")))
        if account_rules.is_council_member(user) or account_rules.is_internal(user):
            items.append((_("Hội đồng"), reverse("council:my_councils")))
        if decision_rules.can_view_recognitions(user):
            items.append((_("Công nhận"), reverse("decisions:recognitions")))
        if support_rules.can_use_support(user):
            items.append((_("Hỗ trợ"), reverse("support:home")))
        if monitoring_rules.can_view_dashboard(user):
            items.append((_("Theo dõi"), reverse("monitoring:dashboard")))
        elif monitoring_rules.can_list_reports(user):
            items.append((_("Báo cáo định kỳ"), reverse("monitoring:reports")))
        if production_rules.can_view_iip(user):
            items.append((_("Chỉ số sản xuất"), reverse("production:index")))
        if registry_rules.can_import_register(user):
            items.append((_("Nhập dữ liệu"), reverse("registry:import_list")))
        if account_rules.can_verify_memberships(user):
            items.append((_("Xác minh đại diện"), reverse("accounts:membership_list")))
        if account_rules.can_view_audit(user):
            items.append((_("Nhật ký"), reverse("core:audit_list")))
    nav = [(label, url, request.path.startswith(url)) for label, url in items]
    return {"nav_items": nav, "can_use_api": account_rules.can_use_api(user)}
