from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _

from chuluc.core import clock
from chuluc.core.navigation import register_nav_group, register_nav_item
from chuluc.core.rules import can_view_audit


class CoreConfig(AppConfig):
    name = "chuluc.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        if settings.TEST_CLOCK_FILE:
            clock.install(settings.TEST_CLOCK_FILE)
        checks.register(no_test_clock, checks.Tags.security, deploy=True)
        # Core's own menu items; the other apps register theirs in their ready().
        register_nav_item(label=_("Tổng quan"), url_name="core:dashboard", order=0)
        register_nav_item(
            label=_("Nhật ký"),
            url_name="core:audit_list",
            order=100,
            visible=can_view_audit,
            group="admin",
        )
        # The groups a long menu folds its items into, named by the apps' items.
        register_nav_group(key="registry", label=_("Sổ đăng ký"))
        register_nav_group(key="selection", label=_("Xét chọn"))
        register_nav_group(key="monitoring", label=_("Theo dõi"))
        register_nav_group(key="admin", label=_("Quản trị"))


def no_test_clock(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A real server keeps real time: the movable clock is for the whole-year test only."""
    if not settings.TEST_CLOCK_FILE:
        return []
    return [
        checks.Error(
            "TEST_CLOCK_FILE is set: the application's clock is moved by a test file.",
            hint="Unset TEST_CLOCK_FILE; it exists only for the whole-year browser test.",
            id="chuluc.E001",
        )
    ]
