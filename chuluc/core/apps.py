from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.core.navigation import register_nav_item
from chuluc.core.rules import can_view_audit


class CoreConfig(AppConfig):
    name = "chuluc.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        # Core's own menu items; the other apps register theirs in their ready().
        register_nav_item(label=_("Tổng quan"), url_name="core:dashboard", order=0)
        register_nav_item(
            label=_("Nhật ký"), url_name="core:audit_list", order=100, visible=can_view_audit
        )
