from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "chuluc.registry"
    label = "registry"
    verbose_name = _("Sổ đăng ký doanh nghiệp và sản phẩm")
