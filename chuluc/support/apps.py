from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.core.navigation import (
    register_dashboard_panel,
    register_nav_item,
    register_task_source,
)


class SupportConfig(AppConfig):
    name = "chuluc.support"
    label = "support"
    verbose_name = _("Hỗ trợ doanh nghiệp")

    def ready(self) -> None:
        # What this app adds to core's pages (chuluc.core.navigation). Rules and selectors read
        # the models, which load only once the app registry is ready: imported here.
        from chuluc.accounts import rules as account_rules
        from chuluc.support import lifecycles  # noqa: F401  (registers the declarations)
        from chuluc.support import rules as support_rules
        from chuluc.support import selectors as support_selectors
        from chuluc.support.todo import support_tasks

        def overdue_difficulties(user):
            # Those who act on difficulties: officers see every overdue one, an agency
            # officer those routed to their agency.
            acts = account_rules.is_officer(user) or account_rules.is_agency_officer(user)
            if not (acts and support_rules.can_view_difficulties(user)):
                return None
            return {"overdue_difficulties": support_selectors.overdue_difficulties_for(user)[:10]}

        def overdue_requests(user):
            if not account_rules.is_officer(user):
                return None
            return {"overdue_requests": support_selectors.overdue_requests()[:10]}

        register_nav_item(
            label=_("Hỗ trợ"),
            url_name="support:home",
            order=50,
            visible=support_rules.can_use_support,
        )
        register_dashboard_panel(
            template="support/_dashboard_overdue_difficulties.html",
            order=30,
            context=overdue_difficulties,
        )
        register_dashboard_panel(
            template="support/_dashboard_overdue_requests.html",
            order=40,
            context=overdue_requests,
        )
        register_task_source("support", support_tasks, order=50)
