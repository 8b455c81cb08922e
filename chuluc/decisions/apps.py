from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "chuluc.decisions"
    label = "decisions"
    verbose_name = _("Công bố, quyết định và chứng nhận")
