"""The year's targets against what is done so far, and which are at risk: a target whose
result is below the pace needed to reach its lower end by the year's last day. The pace is
even through the year (the lower end times the share of the year gone); the dashboard's
words carry the figures so the leader sees why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.formatting import format_date, format_number
from chuluc.monitoring.selectors.dashboard import dashboard_figures


@dataclass(frozen=True)
class TargetProgress:
    """One target of the year: its result, the pace needed by today, and a sentence."""

    label: str
    indicator: str
    campaign: str
    range: str
    unit: str
    position: str
    position_label: str
    value: Decimal | None
    needed: Decimal | None
    at_risk: bool
    reached: bool
    words: str


def year_share(year: int, today: dt.date) -> Decimal:
    """The share of ``year`` gone by the end of ``today``: 0 before it, 1 after it."""
    if year < today.year:
        return Decimal(1)
    if year > today.year:
        return Decimal(0)
    days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    return Decimal(today.timetuple().tm_yday) / Decimal(days)


def _figure(value: Decimal) -> str:
    return format_number(value, 2, trim=True)


def _progress(row: dict, year: int, today: dt.date) -> TargetProgress:
    target, value = row["target"], row["value"]
    low, unit = target.low, target.unit
    needed = None
    at_risk = reached = False
    if value is None:
        words = _("Chưa có số liệu.")
    elif low is None:
        reached = True
        words = _("Đạt %(value)s %(unit)s; mục tiêu %(range)s.") % {
            "value": _figure(value),
            "unit": unit,
            "range": row["range"],
        }
    elif value >= low:
        reached = True
        words = _("Đã đạt: %(value)s %(unit)s, mục tiêu tối thiểu %(low)s %(unit)s.") % {
            "value": _figure(value),
            "low": _figure(low),
            "unit": unit,
        }
    elif year < today.year:
        at_risk = True
        needed = low
        words = _("Không đạt: %(value)s %(unit)s, mục tiêu tối thiểu %(low)s %(unit)s.") % {
            "value": _figure(value),
            "low": _figure(low),
            "unit": unit,
        }
    elif year > today.year:
        words = _("Năm chưa bắt đầu.")
    else:
        needed = (low * year_share(year, today)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        facts = {
            "value": _figure(value),
            "needed": _figure(needed),
            "low": _figure(low),
            "unit": unit,
            "today": format_date(today),
            "end": format_date(dt.date(year, 12, 31)),
        }
        if value < needed:
            at_risk = True
            words = (
                _(
                    "Có nguy cơ không đạt: mới đạt %(value)s %(unit)s; để đạt %(low)s %(unit)s "
                    "vào %(end)s, đến %(today)s cần %(needed)s %(unit)s."
                )
                % facts
            )
        else:
            words = (
                _(
                    "Đúng tiến độ: đạt %(value)s %(unit)s; đến %(today)s cần %(needed)s "
                    "%(unit)s để đạt %(low)s %(unit)s vào %(end)s."
                )
                % facts
            )
    return TargetProgress(
        label=target.label,
        indicator=target.indicator,
        campaign=row["campaign"].name,
        range=row["range"],
        unit=unit,
        position=row["position"],
        position_label=str(row["position_label"]),
        value=value,
        needed=needed,
        at_risk=at_risk,
        reached=reached,
        words=words,
    )


def target_progress(year: int, today: dt.date | None = None) -> list[TargetProgress]:
    """Each target of the year's campaigns against its indicator, with the pace needed by
    ``today``; those at risk first (the figures come from ``dashboard_figures``, so a fixed
    number of queries, none once cached)."""
    today = today or timezone.localdate()
    rows = [_progress(row, year, today) for row in dashboard_figures(year)["targets"]]
    return sorted(rows, key=lambda row: not row.at_risk)
