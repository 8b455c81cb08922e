from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductionConfig(AppConfig):
    name = "chuluc.production"
    label = "production"
    verbose_name = _("Chỉ số sản xuất công nghiệp")
