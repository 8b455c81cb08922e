from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.core.navigation import (
    register_nav_item,
    register_task_source,
    register_template_flag,
)
from chuluc.core.rules import grant_audit_view


class AccountsConfig(AppConfig):
    name = "chuluc.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        # Imported here, once every app's models are loaded: the declarations name them.
        from chuluc.accounts import (
            lifecycles,  # noqa: F401  (registers the declarations)
            rules,
        )
        from chuluc.accounts.todo import membership_tasks

        # What this app adds to core's pages (chuluc.core.navigation, chuluc.core.rules).
        grant_audit_view(rules.can_view_audit)
        register_template_flag("can_use_api", rules.can_use_api)
        register_nav_item(
            label=_("Xác minh đại diện"),
            url_name="accounts:membership_list",
            order=90,
            visible=rules.can_verify_memberships,
            group="admin",
        )
        register_task_source("accounts", membership_tasks, order=90)
