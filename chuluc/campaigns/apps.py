from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "chuluc.campaigns"
    label = "campaigns"
    verbose_name = _("Đợt xét chọn")

    def ready(self) -> None:
        from chuluc.campaigns.sort_keys import on_keys_changed
        from chuluc.registry.signals import keys_changed

        keys_changed.connect(on_keys_changed, dispatch_uid="campaigns.dossier_keys")
