"""Programs and versioned criteria sets (groups, criteria, scoring bands)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.campaigns.enums import (
    CriterionKind,
    Metric,
)
from chuluc.core.text import localized


class Program(models.Model):
    """A recognition program (Hanoi SPCNCL; another province's; an OCOP-style rating)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chương trình"), max_length=200)
    owner = models.CharField(_("cơ quan chủ quản"), max_length=200)
    lead_agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan thường trực"),
    )
    locality = models.CharField(
        _("địa phương"),
        max_length=100,
        help_text=_("Dùng trong điều kiện “trụ sở hoặc nhà máy tại …”."),
    )
    title = models.CharField(
        _("danh hiệu"),
        max_length=200,
        help_text=_("Ví dụ: Sản phẩm công nghiệp chủ lực thành phố Hà Nội"),
    )
    top_title = models.CharField(
        _("danh hiệu nhóm dẫn đầu"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Top 10 SPCNCL; để trống nếu không có."),
    )

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self) -> str:
        return self.name


class CriteriaSet(models.Model):
    """A versioned set of criteria. Frozen once a campaign has scored with it."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="criteria_sets")
    name = models.CharField(_("tên bộ tiêu chí"), max_length=200)
    version = models.PositiveIntegerField(_("phiên bản"))
    total_points = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2, default=100)
    is_assumption = models.BooleanField(
        _("giả định có thể sửa"),
        default=False,
        help_text=_(
            "Điểm và mức chưa được công bố chính thức; cán bộ có thể thay bằng bộ tiêu chí chính thức."
        ),
    )
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    frozen_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["program", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="uniq_criteria_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class CriterionGroup(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã nhóm"), max_length=20)
    name = models.CharField(_("tên nhóm"), max_length=200)
    name_en = models.CharField(_("tên nhóm tiếng Anh"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="uniq_group_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.display_name}"

    @property
    def display_name(self) -> str:
        """The group's name in the reader's language."""
        return localized(self.name, self.name_en)


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    name = models.CharField(_("tên tiêu chí"), max_length=300)
    name_en = models.CharField(_("tên tiêu chí tiếng Anh"), max_length=300, blank=True)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    guidance_en = models.TextField(_("hướng dẫn chấm tiếng Anh"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    kind = models.CharField(_("loại"), max_length=20, choices=CriterionKind.choices)
    metric = models.CharField(
        _("chỉ số tính điểm"), max_length=40, choices=Metric.choices, blank=True
    )
    scorer = models.CharField(
        _("người/cơ quan chấm"),
        max_length=120,
        blank=True,
        help_text=_("Mã cơ quan hoặc vai trò được phân công chấm tiêu chí này."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group__position", "position", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The criterion's name in the reader's language."""
        return localized(self.name, self.name_en)

    @property
    def display_guidance(self) -> str:
        return localized(self.guidance, self.guidance_en)


class Band(models.Model):
    """Points for a computed criterion when ``lower ≤ value < upper`` (open ends allowed)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="bands")
    lower = models.DecimalField(_("từ (≥)"), max_digits=16, decimal_places=4, null=True, blank=True)
    upper = models.DecimalField(
        _("đến (<)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["criterion", "lower"]

    def __str__(self) -> str:
        return f"[{self.lower}, {self.upper}) → {self.points}"
