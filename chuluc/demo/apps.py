from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.core.banners import register_serve_banner


class DemoConfig(AppConfig):
    name = "chuluc.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")

    def ready(self) -> None:
        # `chuluc serve` prints the sample accounts' sign-ins (chuluc.core.banners).
        register_serve_banner("demo.logins", print_demo_logins)


def print_demo_logins(out) -> None:
    # The seeding command imports every app's services and the demo data modules; only `serve`
    # needs them, so they load here, not with the app.
    from chuluc.demo.management.commands.seed_demo import print_logins

    print_logins(out)
