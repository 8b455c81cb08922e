from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from chuluc.core.navigation import register_nav_item


class ProductionConfig(AppConfig):
    name = "chuluc.production"
    label = "production"
    verbose_name = _("Chỉ số sản xuất công nghiệp")

    def ready(self) -> None:
        # What this app adds to core's pages (chuluc.core.navigation). Rules read the models,
        # which load only once the app registry is ready: imported here.
        from chuluc.production import lifecycles  # noqa: F401  (registers the declarations)
        from chuluc.production import rules as production_rules

        register_nav_item(
            label=_("Chỉ số sản xuất"),
            url_name="production:index",
            order=70,
            visible=production_rules.can_view_iip,
            group="monitoring",
        )
