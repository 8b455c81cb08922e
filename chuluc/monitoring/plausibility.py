"""The plausibility checks run on every firm report, while it is filled in (the form's
check step) and when it is submitted: a change beyond the period's threshold against the
same period a year earlier, exports (converted) above revenue, zero where a figure cannot be
zero, revenue per employee outside a wide range. Pure: the report's figures in, the flags
out; the firm confirms or corrects what they find, the officer reviews it, nothing is
silently accepted or refused.

The range of revenue per employee is data, not code (``data/plausibility.yaml``): the
domain documents confirm no threshold."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from chuluc.monitoring.enums import Flag, Quarter
from chuluc.monitoring.models import FirmReport

DATA_FILE = Path(__file__).resolve().parent / "data" / "plausibility.yaml"
QUARTERS_IN_YEAR = 4


@dataclass(frozen=True)
class Thresholds:
    """Revenue per employee for a whole year (đồng), lowest and highest plausible."""

    revenue_per_employee_min: Decimal
    revenue_per_employee_max: Decimal

    def for_quarter(self, quarter: int) -> tuple[Decimal, Decimal]:
        """The range for a period: a quarter's revenue is about a quarter of a year's."""
        share = 1 if quarter == Quarter.YEAR else QUARTERS_IN_YEAR
        return self.revenue_per_employee_min / share, self.revenue_per_employee_max / share


def read_thresholds(path: Path = DATA_FILE) -> Thresholds:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    per_employee = data["revenue_per_employee_vnd_per_year"]
    low, high = Decimal(str(per_employee["min"])), Decimal(str(per_employee["max"]))
    if not 0 <= low < high:
        raise ValueError(f"{path}: revenue_per_employee min must be below max")
    return Thresholds(revenue_per_employee_min=low, revenue_per_employee_max=high)


@functools.cache
def thresholds() -> Thresholds:
    """The thresholds of ``data/plausibility.yaml``, read once per process."""
    return read_thresholds()


def _label(field: str) -> str:
    """The field's name as the first words of a message (capital first letter)."""
    label = str(FirmReport._meta.get_field(field).verbose_name)
    return label[:1].upper() + label[1:]


def _vnd(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _growth_flags(report: FirmReport, previous: FirmReport | None, threshold: int) -> list[dict]:
    flags = []
    if previous is None:
        return flags
    for field in ("revenue_vnd", "production_value_vnd", "export_usd"):
        before, now = getattr(previous, field), getattr(report, field)
        if before and before > 0:
            change = (Decimal(now) - before) * 100 / before
            if abs(change) > threshold:
                flags.append(
                    {
                        "code": Flag.GROWTH,
                        "field": field,
                        "message": _("%(field)s thay đổi %(pct)s%% so với cùng kỳ năm trước.")
                        % {"field": _label(field), "pct": f"{change:+.1f}".replace(".", ",")},
                    }
                )
    return flags


def _per_employee_flags(report: FirmReport, bounds: tuple[Decimal, Decimal]) -> list[dict]:
    """Revenue per employee far outside the range (no flag without employees or revenue:
    the zero check names those)."""
    if not report.employees or not report.revenue_vnd:
        return []
    low, high = bounds
    per_employee = Decimal(report.revenue_vnd) / report.employees
    if low <= per_employee <= high:
        return []
    message = (
        _(
            "Doanh thu bình quân một lao động trong kỳ là %(value)s đồng, thấp bất thường "
            "(dưới %(bound)s đồng)."
        )
        if per_employee < low
        else _(
            "Doanh thu bình quân một lao động trong kỳ là %(value)s đồng, cao bất thường "
            "(trên %(bound)s đồng)."
        )
    )
    bound = low if per_employee < low else high
    return [
        {
            "code": Flag.REVENUE_PER_EMPLOYEE,
            "field": "revenue_vnd",
            "message": message % {"value": _vnd(per_employee), "bound": _vnd(bound)},
        }
    ]


def plausibility_flags(
    report: FirmReport,
    *,
    previous: FirmReport | None,
    lines: dict[int, Decimal],
    usd_rate: Decimal,
    growth_threshold_pct: int,
    revenue_per_employee: tuple[Decimal, Decimal] | None = None,
) -> list[dict]:
    """What looks wrong in a report: ``previous`` is the same period a year earlier,
    ``lines`` the quantity per recognised product, ``usd_rate`` converts its exports,
    ``revenue_per_employee`` the plausible range for the report's period (none: not
    checked)."""
    flags = _growth_flags(report, previous, growth_threshold_pct)
    if report.export_usd * usd_rate > report.revenue_vnd:
        flags.append(
            {
                "code": Flag.EXPORT_ABOVE_REVENUE,
                "field": "export_usd",
                "message": _("Xuất khẩu quy đổi (tỷ giá %(rate)s đồng/USD) lớn hơn doanh thu.")
                % {"rate": _vnd(usd_rate)},
            }
        )
    if revenue_per_employee is not None:
        flags += _per_employee_flags(report, revenue_per_employee)
    for field in ("revenue_vnd", "production_value_vnd", "employees"):
        if not getattr(report, field):
            flags.append(
                {
                    "code": Flag.ZERO,
                    "field": field,
                    "message": _("%(field)s bằng 0.") % {"field": _label(field)},
                }
            )
    zero_lines = [pk for pk, qty in lines.items() if not qty]
    if zero_lines:
        flags.append(
            {
                "code": Flag.ZERO,
                "field": "lines",
                "message": _("Sản lượng bằng 0 ở %(n)s sản phẩm được công nhận.")
                % {"n": len(zero_lines)},
            }
        )
    return flags
