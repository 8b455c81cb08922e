"""The plausibility checks run on every firm report submitted: a change beyond the period's
threshold against the same period a year earlier, exports (converted) above revenue, zero
where a figure cannot be zero. Pure: the report's figures in, the flags out; the officer
reviews what they find, nothing is silently accepted or refused."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from chuluc.monitoring.enums import Flag
from chuluc.monitoring.models import FirmReport


def _label(field: str) -> str:
    return FirmReport._meta.get_field(field).verbose_name


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


def plausibility_flags(
    report: FirmReport,
    *,
    previous: FirmReport | None,
    lines: dict[int, Decimal],
    usd_rate: Decimal,
    growth_threshold_pct: int,
) -> list[dict]:
    """What looks wrong in a report: ``previous`` is the same period a year earlier,
    ``lines`` the quantity per recognised product, ``usd_rate`` converts its exports."""
    flags = _growth_flags(report, previous, growth_threshold_pct)
    if report.export_usd * usd_rate > report.revenue_vnd:
        flags.append(
            {
                "code": Flag.EXPORT_ABOVE_REVENUE,
                "field": "export_usd",
                "message": _("Xuất khẩu quy đổi (tỷ giá %(rate)s đồng/USD) lớn hơn doanh thu.")
                % {"rate": f"{usd_rate:,.0f}".replace(",", ".")},
            }
        )
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
