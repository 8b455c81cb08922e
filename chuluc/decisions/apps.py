from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.core.navigation import register_nav_item


class DecisionsConfig(AppConfig):
    name = "chuluc.decisions"
    label = "decisions"
    verbose_name = _("Công bố, quyết định và chứng nhận")

    def ready(self) -> None:
        # What this app adds to core's pages (chuluc.core.navigation). Rules read the models,
        # which load only once the app registry is ready: imported here.
        from chuluc.campaigns.stage import register_milestone_source
        from chuluc.decisions import lifecycles  # noqa: F401  (registers the declarations)
        from chuluc.decisions import rules as decision_rules
        from chuluc.decisions.milestones import stages_reached

        register_milestone_source("decisions", stages_reached)
        register_nav_item(
            label=_("Công nhận"),
            url_name="decisions:recognitions",
            order=40,
            visible=decision_rules.can_view_recognitions,
        )
        register_nav_item(
            label=_("Công nhận của tôi"),
            url_name="decisions:my_recognitions",
            order=41,
            visible=decision_rules.can_view_own_recognitions,
        )
