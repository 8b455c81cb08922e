from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write by one actor: who, what, which object, the change, when."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_label = models.CharField(_("người thực hiện (lúc ghi)"), max_length=200)
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    diff = models.JSONField(_("thay đổi"), default=dict, blank=True)
    at = models.DateTimeField(_("thời điểm"), db_index=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class Agency(models.Model):
    """A government body that takes part in the program (Sở Công Thương, Sở KH&CN, ...)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=40, blank=True)
    is_lead = models.BooleanField(
        _("cơ quan thường trực"),
        default=False,
        help_text=_("Cơ quan thường trực chương trình (Sở Công Thương)."),
    )

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["-is_lead", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name
