"""Forms of the monitoring pages. They parse Vietnamese-formatted numbers and refuse what
cannot be a figure; the services decide. The firm report form also carries the reason of a
correction and the firm's confirmation of the plausibility warnings it was shown."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.formatting import group_digits
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.models import ReportingPeriod
from chuluc.registry.models import Enterprise

MAX_AMOUNT = Decimal(10) ** 18
FIGURE_FIELDS = ("revenue_vnd", "production_value_vnd", "export_usd", "employees")
NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
MONTHS = (1, 2, 3)
MONTH_LABELS = {
    1: _("Tháng thứ nhất của quý"),
    2: _("Tháng thứ hai của quý"),
    3: _("Tháng thứ ba của quý"),
}


def parse_amount(text: str, *, integer: bool) -> Decimal:
    """``1.234.567`` or ``1234567`` (and ``12,5`` where decimals are allowed) → Decimal."""
    raw = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if raw.startswith("-"):
        raise ValidationError(_("Không được nhập số âm."), code="negative")
    cleaned = raw.replace(".", "").replace(",", ".")
    try:
        if not NUMBER.fullmatch(cleaned):
            raise InvalidOperation
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(
            _(
                "“%(value)s” không phải là số. Nhập chữ số, có thể dùng dấu chấm phân tách hàng nghìn."
            ),
            code="invalid",
            params={"value": text[:40]},
        ) from None
    if value >= MAX_AMOUNT:
        raise ValidationError(_("Số quá lớn."), code="too_large")
    if integer and value != value.to_integral_value():
        raise ValidationError(_("Nhập số nguyên."), code="integer")
    return value


class AmountField(forms.CharField):
    def __init__(self, *args, integer: bool = True, **kwargs):
        self.integer = integer
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def clean(self, value):
        text = super().clean(value)
        if text in (None, ""):
            return None
        return parse_amount(text, integer=self.integer)


def correction_reason() -> forms.CharField:
    """The reason of a correction (the service requires one once the report is checked)."""
    return forms.CharField(
        label=_("Lý do sửa"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi sửa báo cáo đã được Sở Công Thương kiểm tra."),
    )


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Kỳ"), choices=Quarter.choices, coerce=int)
    due_on = forms.DateField(label=_("Hạn nộp"), widget=forms.DateInput(attrs={"type": "date"}))
    usd_rate = forms.DecimalField(
        label=_("Tỷ giá quy đổi (đồng/USD)"),
        required=False,
        min_value=1,
        max_digits=10,
        decimal_places=2,
        help_text=_("Để trống: dùng tỷ giá của đợt xét chọn cùng năm."),
    )
    growth_threshold_pct = forms.IntegerField(
        label=_("Ngưỡng tăng/giảm cần xem xét (%)"), min_value=1, max_value=1000, initial=50
    )


class FirmReportForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Doanh nghiệp"),
        queryset=Enterprise.objects.none(),
        error_messages={
            "invalid_choice": _("Bạn không phải người đại diện đã xác minh của doanh nghiệp này.")
        },
    )
    period = forms.ModelChoiceField(
        label=_("Kỳ báo cáo"),
        queryset=ReportingPeriod.objects.order_by("-year", "-quarter"),
        error_messages={"invalid_choice": _("Kỳ báo cáo không tồn tại.")},
    )
    revenue_vnd = AmountField(label=_("Doanh thu (đồng)"))
    production_value_vnd = AmountField(label=_("Giá trị sản xuất công nghiệp (đồng)"))
    export_usd = AmountField(label=_("Kim ngạch xuất khẩu (USD)"))
    employees = AmountField(label=_("Số lao động (người)"))
    reason = correction_reason()
    # Shown as a checkbox only once the firm has seen warnings (``ask_to_confirm``); ``seen``
    # names the warnings it saw, so that changed figures with other warnings ask again.
    confirm = forms.BooleanField(
        label=_("Tôi đã xem các cảnh báo về số liệu và xác nhận số liệu là đúng"),
        required=False,
        widget=forms.HiddenInput,
    )
    seen = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, user, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(
            pk__in=user_enterprise_ids(user)
        ).order_by("name")
        self.products = list(products)
        for product in self.products:
            self.fields[f"sl_{product.pk}"] = AmountField(
                label=_("Sản lượng: %s") % product.name, integer=False
            )
            self.fields[f"dv_{product.pk}"] = forms.CharField(
                label=_("Đơn vị tính"), max_length=30, required=False
            )
            for month in MONTHS:
                self.fields[f"t{month}_{product.pk}"] = AmountField(
                    label=MONTH_LABELS[month],
                    integer=False,
                    required=False,
                    help_text=_("Báo cáo quý: có thể chia sản lượng theo từng tháng.")
                    if month == 1
                    else "",
                )
        # the reason and the confirmation come after the products' quantities
        for name in ("reason", "confirm", "seen"):
            self.fields[name] = self.fields.pop(name)

    def clean(self):
        data = super().clean()
        for product in self.products:
            months = [data.get(f"t{m}_{product.pk}") for m in MONTHS]
            if any(v is not None for v in months) and any(v is None for v in months):
                self.add_error(
                    f"t1_{product.pk}", _("Nhập đủ sản lượng cả ba tháng, hoặc để trống cả ba.")
                )
        return data

    def monthly(self) -> dict:
        data = self.cleaned_data
        result = {}
        for product in self.products:
            months = [data.get(f"t{m}_{product.pk}") for m in MONTHS]
            if all(v is not None for v in months):
                result[product.pk] = months
        return result

    @staticmethod
    def fingerprint(flags: list[dict]) -> str:
        """A short name of a set of warnings (what the firm confirmed)."""
        text = json.dumps(sorted((f["code"], f["field"]) for f in flags))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def confirmed(self, flags: list[dict]) -> bool:
        """The firm confirmed exactly these warnings (or there are none)."""
        data = self.cleaned_data
        return not flags or (
            bool(data.get("confirm")) and data.get("seen") == self.fingerprint(flags)
        )

    def ask_to_confirm(self, flags: list[dict]) -> None:
        """Show the confirmation checkbox, unticked, for these warnings."""
        self.fields["confirm"].widget = forms.CheckboxInput()
        data = self.data.copy()
        data["seen"], data["confirm"] = self.fingerprint(flags), ""
        self.data = data

    def product_rows(self):
        return [(p, self[f"sl_{p.pk}"], self[f"dv_{p.pk}"]) for p in self.products]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "enterprise": data["enterprise"],
            "period": data["period"],
            "revenue_vnd": data["revenue_vnd"],
            "production_value_vnd": data["production_value_vnd"],
            "export_usd": data["export_usd"],
            "employees": int(data["employees"]),
            "lines": {p.pk: data[f"sl_{p.pk}"] for p in self.products},
            "units": {p.pk: data[f"dv_{p.pk}"] for p in self.products},
            "monthly": self.monthly(),
            "reason": data.get("reason", ""),
        }

    def figures(self) -> tuple[dict, dict]:
        """The four figures and the quantities of the lines, as the plausibility check reads
        them."""
        kwargs = self.service_kwargs()
        return {f: kwargs[f] for f in FIGURE_FIELDS}, kwargs["lines"]


def initial_from_version(version) -> dict:
    """The report form filled with a version's figures and lines (Vietnamese marks, as the
    parser reads them back), for a correction that changes only what is wrong."""
    initial = {f: group_digits(getattr(version, f)) for f in FIGURE_FIELDS}
    for row in version.lines:
        pk = row["product"]
        initial[f"sl_{pk}"] = group_digits(Decimal(row["quantity"]), 2)
        initial[f"dv_{pk}"] = row["unit"]
        for month, value in zip(MONTHS, row["monthly"], strict=False):
            initial[f"t{month}_{pk}"] = group_digits(Decimal(value), 2)
    return initial


class ReportUploadForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Doanh nghiệp"),
        queryset=Enterprise.objects.none(),
        error_messages={
            "invalid_choice": _("Bạn không phải người đại diện đã xác minh của doanh nghiệp này.")
        },
    )
    period = forms.ModelChoiceField(
        label=_("Kỳ báo cáo"),
        queryset=ReportingPeriod.objects.order_by("-year", "-quarter"),
        error_messages={"invalid_choice": _("Kỳ báo cáo không tồn tại.")},
    )
    file = forms.FileField(label=_("Bảng tính báo cáo (XLSX)"))
    reason = correction_reason()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(
            pk__in=user_enterprise_ids(user)
        ).order_by("name")


class CheckForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú kiểm tra"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
