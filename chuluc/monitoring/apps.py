from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuluc.core.navigation import (
    register_dashboard_panel,
    register_nav_item,
    register_task_source,
)


class MonitoringConfig(AppConfig):
    name = "chuluc.monitoring"
    label = "monitoring"
    verbose_name = _("Theo dõi, đánh giá")

    def ready(self) -> None:
        # What this app adds to core's pages (chuluc.core.navigation). Rules read the models,
        # which load only once the app registry is ready: imported here.
        from chuluc.monitoring import lifecycles  # noqa: F401  (registers the declarations)
        from chuluc.monitoring import rules as monitoring_rules
        from chuluc.monitoring.selectors import target_progress
        from chuluc.monitoring.todo import check_tasks, missing_report_tasks, report_tasks

        register_nav_item(
            label=_("Theo dõi"),
            url_name="monitoring:dashboard",
            order=60,
            visible=monitoring_rules.can_view_dashboard,
            group="monitoring",
        )
        # Those who may not see the dashboard but list reports get the list instead.
        register_nav_item(
            label=_("Báo cáo định kỳ"),
            url_name="monitoring:reports",
            order=61,
            group="monitoring",
            visible=lambda user: (
                not monitoring_rules.can_view_dashboard(user)
                and monitoring_rules.can_list_reports(user)
            ),
        )
        register_dashboard_panel(
            template="monitoring/_dashboard_targets.html",
            order=5,
            context=lambda user: (
                {
                    "year_targets": target_progress(timezone.localdate().year),
                    "year_targets_year": timezone.localdate().year,
                }
                if monitoring_rules.can_see_year_targets(user)
                else None
            ),
        )
        register_task_source("monitoring.checks", check_tasks, order=60)
        register_task_source("monitoring.reports", report_tasks, order=61)
        register_task_source("monitoring.missing", missing_report_tasks, order=62)
