from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.accounts import sign_up
from chuluc.core.navigation import register_dashboard_panel, register_nav_item


class RegistryConfig(AppConfig):
    name = "chuluc.registry"
    label = "registry"
    verbose_name = _("Sổ đăng ký doanh nghiệp và sản phẩm")

    def ready(self) -> None:
        # Imported here, once every app's models are loaded: these modules use them.
        from chuluc.accounts import rules as account_rules
        from chuluc.accounts.selectors import memberships_of
        from chuluc.registry import (
            lifecycles,  # noqa: F401  (registers the declarations)
            rules,
            views,
        )
        from chuluc.registry.selectors import register_counts
        from chuluc.registry.services.self_registration import enterprise_found

        # A firm signs up on accounts' page with what the register holds, and a verified
        # registration for a new tax code writes the firm into it (accounts.sign_up).
        sign_up.provide(views.self_register, founder=enterprise_found)

        # What this app adds to core's pages (chuluc.core.navigation).
        register_nav_item(
            label=_("Doanh nghiệp"),
            url_name="registry:enterprise_list",
            order=10,
            visible=rules.can_view_register,
            group="registry",
        )
        register_nav_item(
            label=_("Sản phẩm"),
            url_name="registry:product_list",
            order=11,
            visible=rules.can_view_register,
            group="registry",
        )
        register_nav_item(
            label=_("Nhập dữ liệu"),
            url_name="registry:import_list",
            order=80,
            visible=rules.can_import_register,
            group="admin",
        )
        register_dashboard_panel(
            template="registry/_dashboard_counts.html",
            order=10,
            context=lambda user: {
                "counts": register_counts(user=user),
                "is_internal": account_rules.is_internal(user),
            },
        )
        register_dashboard_panel(
            template="registry/_dashboard_memberships.html",
            order=20,
            context=lambda user: {"memberships": memberships_of(user)},
        )
        register_dashboard_panel(
            template="registry/_dashboard_actions.html",
            order=90,
            context=lambda user: {} if account_rules.is_officer(user) else None,
        )
