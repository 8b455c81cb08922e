from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.core.navigation import register_nav_item, register_task_source


class CouncilConfig(AppConfig):
    name = "chuluc.council"
    label = "council"
    verbose_name = _("Hội đồng đánh giá")

    def ready(self) -> None:
        # What this app adds to core's pages (chuluc.core.navigation). Rules read the models,
        # which load only once the app registry is ready: imported here.
        from chuluc.accounts import rules as account_rules
        from chuluc.campaigns.stage import register_milestone_source
        from chuluc.core.lifecycle import subscribe
        from chuluc.council import lifecycles  # noqa: F401  (registers the declarations)
        from chuluc.council.milestones import stages_reached
        from chuluc.council.services.conflicts import enterprise_conflicts_extend
        from chuluc.council.services.sheets import dossier_list_changed
        from chuluc.council.todo import council_tasks

        register_milestone_source("council", stages_reached)
        # A dossier entering the list the council scores is covered by the conflicts declared
        # against its enterprise; then (so that those members are left alone) entering or
        # leaving the list reopens the sheets.
        subscribe("dossier", enterprise_conflicts_extend)
        subscribe("dossier", dossier_list_changed)
        register_nav_item(
            label=_("Hội đồng"),
            url_name="council:my_councils",
            order=30,
            group="selection",
            visible=lambda user: (
                account_rules.is_council_member(user) or account_rules.is_internal(user)
            ),
        )
        register_task_source("council", council_tasks, order=20)
