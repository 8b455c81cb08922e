"""The data behind the industrial production index (IIP, docs/iip.md "Django side").

A ``BaseYear`` is one versioned set of base-year data: its basket of products (each mapped
to a VSIC level-4 industry, weighted by its base-year output value, with its base-year
monthly average quantity) and the value added of the VSIC nodes at levels 4, 2 and 1.
Draft versions are edited by uploading a workbook; once active they are frozen (one active
version per year). Monthly quantities come from spreadsheets or from the firms' reports.

Published growth figures (industrial value added, or the IIP as published by the statistics
office) are kept in their own table, with their source, and shown beside the computed index,
never mixed into it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuluc.production.enums import (
    BaseYearStatus,
    GrowthKind,
    GrowthPeriod,
    ImportKind,
    NodeLevel,
    QuantitySource,
)


class BaseYear(models.Model):
    year = models.PositiveSmallIntegerField(_("năm gốc"))
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=BaseYearStatus.choices, default="draft"
    )
    source_note = models.TextField(_("nguồn số liệu"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(_("bắt đầu dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("năm gốc")
        verbose_name_plural = _("năm gốc")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="uniq_base_year_version"),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(status="active"),
                name="one_active_base_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        """Products and weights change only while a draft."""
        return self.status != BaseYearStatus.DRAFT

    @property
    def is_retired(self) -> bool:
        """Replaced by a newer version: read only, no monthly quantities any more."""
        return self.status == BaseYearStatus.RETIRED


class BasketProduct(models.Model):
    """One product of the base year's basket (iip.md §1 step 1–2)."""

    base_year = models.ForeignKey(BaseYear, on_delete=models.CASCADE, related_name="products")
    code = models.CharField(_("mã sản phẩm"), max_length=40)
    name = models.CharField(_("tên sản phẩm"), max_length=300)
    unit = models.CharField(_("đơn vị tính"), max_length=30)
    vsic4 = models.CharField(_("mã ngành VSIC cấp 4"), max_length=4)
    weight = models.DecimalField(
        _("giá trị sản xuất năm gốc (trọng số)"), max_digits=24, decimal_places=4
    )
    base_quantity = models.DecimalField(
        _("sản lượng bình quân tháng năm gốc"),
        max_digits=24,
        decimal_places=4,
        help_text=_("0: sản phẩm mới, chưa có trong năm gốc."),
    )
    registry_product = models.ForeignKey(
        "registry.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sản phẩm chủ lực"),
    )
    discontinued_from = models.DateField(_("ngừng sản xuất từ tháng"), null=True, blank=True)

    class Meta:
        verbose_name = _("sản phẩm trong rổ")
        verbose_name_plural = _("sản phẩm trong rổ")
        ordering = ["base_year", "vsic4", "code"]
        constraints = [
            models.UniqueConstraint(fields=["base_year", "code"], name="uniq_basket_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_key(self) -> bool:
        return self.registry_product_id is not None


class NodeWeight(models.Model):
    """Base-year value added of a VSIC node (level 4, 2 or 1), the weight of its index."""

    base_year = models.ForeignKey(BaseYear, on_delete=models.CASCADE, related_name="node_weights")
    level = models.PositiveSmallIntegerField(_("cấp"), choices=NodeLevel.choices)
    code = models.CharField(_("mã ngành"), max_length=4)
    name = models.CharField(_("tên ngành"), max_length=300, blank=True)
    value_added = models.DecimalField(
        _("giá trị tăng thêm năm gốc"), max_digits=24, decimal_places=4
    )

    class Meta:
        verbose_name = _("trọng số ngành")
        verbose_name_plural = _("trọng số ngành")
        ordering = ["base_year", "-level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["base_year", "level", "code"], name="uniq_node_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.level}:{self.code}"


class SheetImport(models.Model):
    """A workbook that was validated whole and stored (a rejected one stores nothing)."""

    base_year = models.ForeignKey(BaseYear, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("loại"), max_length=12, choices=ImportKind.choices)
    file = models.FileField(upload_to="production/imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=200)
    rows = models.PositiveIntegerField(_("số dòng"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập bảng tính")
        verbose_name_plural = _("lần nhập bảng tính")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"


class MonthlyQuantity(models.Model):
    """A basket product's quantity in one month; ``quantity`` None: reported as missing."""

    product = models.ForeignKey(BasketProduct, on_delete=models.CASCADE, related_name="quantities")
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    quantity = models.DecimalField(
        _("sản lượng"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(_("nguồn"), max_length=12, choices=QuantitySource.choices)
    sheet_import = models.ForeignKey(
        SheetImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sản lượng tháng")
        verbose_name_plural = _("sản lượng tháng")
        ordering = ["product", "month"]
        constraints = [
            models.UniqueConstraint(fields=["product", "month"], name="uniq_monthly_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.month:%Y-%m}: {self.quantity}"


class PublishedGrowth(models.Model):
    """A growth figure published elsewhere (value added, or the official IIP), with its
    source: shown beside the computed index with its label, never used in it."""

    kind = models.CharField(_("loại số liệu"), max_length=16, choices=GrowthKind.choices)
    period = models.CharField(_("kỳ"), max_length=10, choices=GrowthPeriod.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(
        _("đến tháng"), help_text=_("Tháng cuối của kỳ (quý III: 9; 9 tháng: 9).")
    )
    scope = models.CharField(_("phạm vi"), max_length=200, default="Toàn ngành công nghiệp")
    value_pct = models.DecimalField(
        _("tăng/giảm so với cùng kỳ (%)"), max_digits=7, decimal_places=2
    )
    source = models.CharField(_("nguồn"), max_length=300)
    source_url = models.URLField(_("địa chỉ nguồn"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("số liệu tăng trưởng đã công bố")
        verbose_name_plural = _("số liệu tăng trưởng đã công bố")
        ordering = ["-year", "-month", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "year", "month", "scope"], name="uniq_published_growth"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month}/{self.year}: {self.value_pct}%"
