from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.campaigns.enums import EvidenceKind
from chuluc.core.labels import register_figure_value_labels
from chuluc.core.navigation import (
    register_dashboard_panel,
    register_nav_item,
    register_task_source,
)
from chuluc.registry.signals import keys_changed


class CampaignsConfig(AppConfig):
    name = "chuluc.campaigns"
    label = "campaigns"
    verbose_name = _("Đợt xét chọn")

    def ready(self) -> None:
        # Imported here, once every app's models are loaded: these modules use them.
        from chuluc.accounts import rules as account_rules
        from chuluc.campaigns import lifecycles  # noqa: F401  (registers the declarations)
        from chuluc.campaigns.sort_keys import on_keys_changed
        from chuluc.campaigns.stage import running_campaigns
        from chuluc.campaigns.todo import (
            dossier_tasks,
            registration_tasks,
            screening_tasks,
            stage_tasks,
        )

        keys_changed.connect(on_keys_changed, dispatch_uid="campaigns.dossier_keys")

        # What this app adds to core's pages (chuluc.core.navigation, chuluc.core.labels).
        register_nav_item(
            label=_("Đợt xét chọn"),
            url_name="campaigns:campaign_list",
            order=20,
            group="selection",
        )
        register_nav_item(
            label=_("Hồ sơ của tôi"),
            url_name="campaigns:my_dossiers",
            order=21,
            visible=account_rules.is_enterprise_rep,
        )
        register_figure_value_labels(EvidenceKind)
        register_dashboard_panel(
            template="campaigns/_dashboard_stage.html",
            order=5,
            context=lambda user: {"running_campaigns": running_campaigns()},
        )
        register_task_source("campaigns.stage", stage_tasks, order=5)
        register_task_source("campaigns.screening", screening_tasks, order=10)
        register_task_source("campaigns.dossiers", dossier_tasks, order=11)
        register_task_source("campaigns.registration", registration_tasks, order=12)
