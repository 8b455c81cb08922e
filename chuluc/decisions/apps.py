from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.core.navigation import register_nav_item, register_task_source


class DecisionsConfig(AppConfig):
    name = "chuluc.decisions"
    label = "decisions"
    verbose_name = _("Công bố, quyết định và chứng nhận")

    def ready(self) -> None:
        # What this app adds to core's pages (chuluc.core.navigation). Rules read the models,
        # which load only once the app registry is ready: imported here.
        from chuluc.campaigns.panels import register_dossier_panel
        from chuluc.campaigns.stage import register_milestone_source
        from chuluc.decisions import lifecycles  # noqa: F401  (registers the declarations)
        from chuluc.decisions import rules as decision_rules
        from chuluc.decisions.milestones import stages_reached
        from chuluc.decisions.selectors import dossier_result_panel
        from chuluc.decisions.todo import comment_tasks, recognition_tasks

        register_milestone_source("decisions", stages_reached)
        register_task_source("decisions.comments", comment_tasks, order=30)
        register_task_source("decisions.recognitions", recognition_tasks, order=31)
        register_nav_item(
            label=_("Công nhận"),
            url_name="decisions:recognitions",
            order=40,
            visible=decision_rules.can_view_recognitions,
            group="selection",
        )
        register_dossier_panel(
            template="decisions/_dossier_result.html",
            order=10,
            context=dossier_result_panel,
        )
        register_nav_item(
            label=_("Công nhận của tôi"),
            url_name="decisions:my_recognitions",
            order=41,
            visible=decision_rules.can_view_own_recognitions,
        )
