"""Dialogue meetings and difficulty tickets with their history and overdue reminders."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.support.enums import DifficultyCategory, DifficultySource, DifficultyStatus


class Dialogue(models.Model):
    """A dialogue meeting between the city and enterprises."""

    title = models.CharField(_("tên hội nghị"), max_length=200)
    held_on = models.DateField(_("ngày tổ chức"))
    chair = models.CharField(_("chủ trì"), max_length=200)
    venue = models.CharField(_("địa điểm"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        "registry.Enterprise", related_name="dialogues", blank=True, verbose_name=_("doanh nghiệp")
    )
    minutes = models.TextField(_("biên bản"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("hội nghị đối thoại")
        verbose_name_plural = _("hội nghị đối thoại")

    def __str__(self) -> str:
        return self.title


class Difficulty(models.Model):
    """A difficulty (vướng mắc) of an enterprise, routed to the agency that answers it."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="difficulties",
        verbose_name=_("doanh nghiệp"),
    )
    category = models.CharField(_("lĩnh vực"), max_length=20, choices=DifficultyCategory.choices)
    title = models.CharField(_("tóm tắt"), max_length=200)
    description = models.TextField(_("nội dung vướng mắc"))
    source = models.CharField(_("nguồn"), max_length=20, choices=DifficultySource.choices)
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="difficulties",
        verbose_name=_("hội nghị đối thoại"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    # Derived at creation (``chuluc.core.receipts``): the number the sender quotes.
    reference = models.CharField(
        _("số tiếp nhận"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan xử lý"),
    )
    due_on = models.DateField(_("hạn xử lý"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DifficultyStatus.choices,
        default=DifficultyStatus.RECEIVED,
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    closed_reason = models.TextField(_("lý do không thể giải quyết"), blank=True)
    resolved_on = models.DateField(_("ngày giải quyết xong"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["agency", "status"]),
        ]
        verbose_name = _("vướng mắc")
        verbose_name_plural = _("vướng mắc")

    def __str__(self) -> str:
        return self.title


class DifficultyEvent(models.Model):
    """One status change of a difficulty (its history)."""

    difficulty = models.ForeignKey(Difficulty, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=DifficultyStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DifficultyStatus.choices)
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.difficulty_id}: {self.from_status} → {self.to_status}"


class DifficultyReminder(models.Model):
    """An overdue notice sent for a difficulty: one per difficulty and period (an ISO week),
    so that rerunning the daily command sends nothing twice."""

    difficulty = models.ForeignKey(Difficulty, on_delete=models.CASCADE, related_name="reminders")
    period = models.CharField(max_length=10)
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["difficulty", "period"], name="uniq_difficulty_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.difficulty_id} {self.period}"
