"""Choices of core's own records, with their translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailChoice(models.TextChoices):
    """How a person receives a kind of notification by e-mail (always also in the
    application)."""

    IMMEDIATE = "immediate", _("Gửi thư ngay")
    DIGEST = "digest", _("Gộp vào thư tóm tắt hằng ngày")
    OFF = "off", _("Không gửi thư")
