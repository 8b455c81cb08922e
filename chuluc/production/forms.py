"""Forms of the production index pages: they parse, the services decide."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from chuluc.production.enums import Comparison, GrowthKind, GrowthPeriod, Method

MONTH = re.compile(r"(\d{4})-(\d{2})")


class MonthField(forms.CharField):
    """``2024-03`` → date(2024, 3, 1)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "type": "month", "placeholder": "2025-01"}

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        match = MONTH.fullmatch(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:  # noqa: PLR2004
            raise forms.ValidationError(_("Ghi tháng dạng 2025-03."), code="month")
        return dt.date(int(match.group(1)), int(match.group(2)), 1)


class BaseYearForm(forms.Form):
    year = forms.IntegerField(label=_("Năm gốc"), min_value=2000, max_value=2100)
    source_note = forms.CharField(
        label=_("Nguồn số liệu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: Cục Thống kê Hà Nội, bảng trọng số năm gốc 2020."),
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp XLSX"))


class PullForm(forms.Form):
    year = forms.IntegerField(label=_("Năm lấy số liệu"), min_value=2000, max_value=2100)


class DiscontinueForm(forms.Form):
    product = forms.IntegerField(widget=forms.HiddenInput)
    month = MonthField(
        label=_("Ngừng sản xuất từ tháng"),
        required=False,
        help_text=_("Để trống: sản phẩm vẫn đang sản xuất."),
    )


class PublishedGrowthForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại số liệu"), choices=GrowthKind.choices)
    period = forms.ChoiceField(label=_("Kỳ"), choices=GrowthPeriod.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("Đến tháng"), min_value=1, max_value=12)
    scope = forms.CharField(
        label=_("Phạm vi"), max_length=200, initial="Toàn ngành công nghiệp", required=False
    )
    value_pct = forms.DecimalField(
        label=_("Tăng/giảm so với cùng kỳ (%)"), max_digits=7, decimal_places=2, localize=True
    )
    source = forms.CharField(label=_("Nguồn"), max_length=300)
    source_url = forms.URLField(
        label=_("Địa chỉ nguồn"), max_length=500, required=False, assume_scheme="https"
    )


class IndexFilterForm(forms.Form):
    """The options of the index page; anything invalid falls back to the default."""

    goc = forms.IntegerField(required=False)
    thang = forms.CharField(required=False, max_length=7)
    so_sanh = forms.ChoiceField(choices=Comparison.choices, required=False)
    cach = forms.ChoiceField(choices=Method.choices, required=False)
    sp_moi = forms.ChoiceField(
        choices=[("exclude", _("Loại ra đến kỳ gốc sau")), ("link", _("Nối vào chỉ số"))],
        required=False,
    )

    def options(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "base_year_id": data.get("goc"),
            "month": data.get("thang") or None,
            "comparison": data.get("so_sanh") or Comparison.YOY,
            "method": data.get("cach") or Method.A,
            "new_products": data.get("sp_moi") or "exclude",
        }
