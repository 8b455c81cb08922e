"""A firm report as a spreadsheet: the blank template for an enterprise (one row per figure
and per recognised product) and the reading of a filled one into the service's arguments.
Reading goes through the safe readers of ``chuluc.core`` and refuses, with the row named,
whatever is not a figure."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chuluc.core.errors import ApplicationError
from chuluc.core.spreadsheets import read_rows, write_xlsx
from chuluc.core.uploads import XLSX, check_upload
from chuluc.monitoring.forms import parse_amount

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 300
FIGURES = {
    "doanh_thu": ("revenue_vnd", "Doanh thu (đồng)", True),
    "gia_tri_san_xuat": ("production_value_vnd", "Giá trị sản xuất công nghiệp (đồng)", True),
    "xuat_khau_usd": ("export_usd", "Kim ngạch xuất khẩu (USD)", True),
    "lao_dong": ("employees", "Số lao động (người)", True),
}
PRODUCT = re.compile(r"sp-(\d+)")
SPREADSHEET_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
HEADER = [
    "Mã",
    "Chỉ tiêu",
    "Giá trị",
    "Đơn vị tính",
    "Tháng thứ nhất của quý",
    "Tháng thứ hai của quý",
    "Tháng thứ ba của quý",
]


def template_xlsx(products) -> bytes:
    rows = [[code, label, "", "", "", "", ""] for code, (_f, label, _i) in FIGURES.items()]
    rows += [[f"sp-{p.pk}", f"Sản lượng: {p.name}", "", "", "", "", ""] for p in products]
    return write_xlsx(HEADER, rows, title="Báo cáo định kỳ")


def _value(text: str, *, integer: bool) -> Decimal:
    """A number typed as a number arrives as ``1500.5``; typed as text, Vietnamese style."""
    if SPREADSHEET_DECIMAL.fullmatch(text) and len(text.split(".")[1]) != 3:  # noqa: PLR2004
        text = text.replace(".", ",")
    return parse_amount(text, integer=integer)


def _months(number: int, code: str, cells: list[str]) -> list[Decimal]:
    """The optional month split of a product row: three numbers or none."""
    texts = [c.strip() for c in cells]
    if not any(texts):
        return []
    if not all(texts):
        raise ApplicationError(
            _("Dòng %(row)s (%(code)s): nhập đủ sản lượng cả ba tháng, hoặc để trống cả ba.")
            % {"row": number, "code": code}
        )
    try:
        return [_value(t, integer=False) for t in texts]
    except ValidationError as exc:
        raise ApplicationError(
            _("Dòng %(row)s (%(code)s): %(error)s")
            % {"row": number, "code": code, "error": " ".join(exc.messages)}
        ) from None


def read_report_sheet(upload, *, products) -> dict:
    """``figures``, ``lines`` and ``units`` for ``firm_report_submit`` from a filled template."""
    check_upload(upload, allowed=(XLSX,), max_bytes=MAX_BYTES)
    rows = read_rows(upload, kind="xlsx", max_rows=MAX_ROWS)
    allowed = {p.pk for p in products}
    result: dict = {"lines": {}, "units": {}, "monthly": {}}
    for number, row in enumerate(rows[1:], start=2):
        cells = [*row, "", "", "", "", "", "", ""]
        code, value, unit = cells[0].strip(), cells[2].strip(), cells[3].strip()[:30]
        if not code:
            continue
        match = PRODUCT.fullmatch(code)
        if code not in FIGURES and not (match and int(match.group(1)) in allowed):
            raise ApplicationError(
                _("Dòng %(row)s: mã “%(code)s” không có trong mẫu báo cáo của doanh nghiệp.")
                % {"row": number, "code": code[:40]}
            )
        if not value:
            continue  # reported as missing below
        try:
            amount = _value(value, integer=code in FIGURES)
        except ValidationError as exc:
            raise ApplicationError(
                _("Dòng %(row)s (%(code)s): %(error)s")
                % {"row": number, "code": code, "error": " ".join(exc.messages)}
            ) from None
        if code in FIGURES:
            result[FIGURES[code][0]] = amount
        else:
            result["lines"][int(match.group(1))] = amount
            result["units"][int(match.group(1))] = unit
            months = _months(number, code, cells[4:7])
            if months:
                result["monthly"][int(match.group(1))] = months
    missing = [label for code, (field, label, _i) in FIGURES.items() if field not in result]
    missing += [f"sp-{pk}" for pk in sorted(allowed - set(result["lines"]))]
    if missing:
        raise ApplicationError(_("Thiếu số liệu: %s.") % "; ".join(missing))
    result["employees"] = int(result["employees"])
    return result
