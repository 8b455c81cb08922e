from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chuluc.core.enums import MailChoice


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


class Notification(models.Model):
    """One event told to one person (``user``), or to an address that belongs to no account
    (``email``: an enterprise's own address, mailed only). Shown in the application to its
    user; mailed once, by a background task after the transaction that created it commits
    (``chuluc.core.notifications``). ``key`` names the event and its record: the same event
    for the same record reaches a person once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    email = models.EmailField(_("địa chỉ thư (không có tài khoản)"), blank=True)
    event = models.CharField(_("loại thông báo"), max_length=60)
    key = models.CharField(_("khóa chống trùng"), max_length=200)
    title = models.CharField(_("tiêu đề"), max_length=300)
    #: the title in each of the site's languages, for the list read in that language
    titles = models.JSONField(_("tiêu đề theo ngôn ngữ"), default=dict, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    mail = models.CharField(
        _("gửi thư"), max_length=10, choices=MailChoice.choices, default=MailChoice.IMMEDIATE
    )
    created_at = models.DateTimeField(_("thời điểm"), db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=models.Q(user__isnull=False),
                name="notification_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["email", "key"],
                condition=models.Q(user__isnull=True),
                name="notification_once_per_address",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["mail", "emailed_at"], name="notification_unmailed"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def title_shown(self) -> str:
        """The title in the reader's language when it was rendered in it."""
        return self.titles.get(get_language(), self.title)


class NotificationPreference(models.Model):
    """How one person wants one kind of notification by e-mail; without a row, at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("người dùng"),
    )
    event = models.CharField(_("loại thông báo"), max_length=60)
    mail = models.CharField(_("gửi thư"), max_length=10, choices=MailChoice.choices)

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.event} {self.mail}"
