"""Comparisons derived from a fixed-base index: MoM, YoY and cumulative (YTD, QTD) yoy.

Every function works on the last axis (months) of an array of any leading shape, so the
same code serves the products (n, T), any node level (k, T) and the total (T,). Months are
consecutive, the first one given as ``start`` (``numpy.datetime64`` of unit ``"M"``).

Cumulative yoy, method A (iip.md §1 "Cumulative", the engine's default)::

    YTD_t = Σ_{m = Jan..t, year y} B_m / Σ_{m = Jan..t, year y−1} B_m × 100

and the same with the quarter's first month in place of January for the quarter-to-date
(its value in the quarter's last month is the quarter's yoy). A period whose first month,
or the year-earlier period's first month, is before the data gives NaN. Method B needs the
product quantities and is computed by :meth:`chuluc.statistics.IIPResult.ytd`.

Results are percentages with the comparison base = 100 (GSO's "so với cùng kỳ" columns);
the growth is the result − 100. A zero base gives NaN, never ``inf``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "PERIOD_MONTHS",
    "cumulative_yoy",
    "lag_ratio",
    "month_on_month",
    "months_from",
    "period_sums",
    "round_half_up",
    "year_on_year",
]

Floats = NDArray[np.float64]
Period = Literal["year", "quarter"]
#: Months in a cumulation period.
PERIOD_MONTHS: dict[str, int] = {"year": 12, "quarter": 3}


def months_from(start: str | np.datetime64, count: int) -> NDArray[np.datetime64]:
    """``count`` consecutive months from ``start`` (``"2024-01"`` or a datetime64)."""
    first = np.datetime64(start, "M")
    return first + np.arange(count)


def lag_ratio(values: ArrayLike, lag: int) -> Floats:
    """``100 · x_t / x_{t−lag}`` along the last axis; NaN for the first ``lag`` months."""
    x = np.asarray(values, dtype=np.float64)
    out = np.full(x.shape, np.nan)
    if lag < x.shape[-1]:
        before = x[..., :-lag]
        target = out[..., lag:]
        np.divide(x[..., lag:], before, out=target, where=before != 0)
        target *= 100.0
    return out


def month_on_month(index: ArrayLike) -> Floats:
    """Month t as a percentage of month t−1 ("so với tháng trước")."""
    return lag_ratio(index, 1)


def year_on_year(index: ArrayLike) -> Floats:
    """Month t as a percentage of the same month a year earlier ("so với cùng kỳ")."""
    return lag_ratio(index, 12)


def period_sums(values: ArrayLike, start: str | np.datetime64, period: Period = "year") -> Floats:
    """Running sums since the first month of each year (or quarter), along the last axis.

    NaN where the period's first month is before the data, or where any month of the
    period so far is NaN.
    """
    x = np.asarray(values, dtype=np.float64)
    length = PERIOD_MONTHS[period]
    months = x.shape[-1]
    lead = int(np.datetime64(start, "M").astype(np.int64) % 12) % length
    tail = -(lead + months) % length
    lead_shape = (*x.shape[:-1], lead)
    tail_shape = (*x.shape[:-1], tail)
    padded = np.concatenate([np.full(lead_shape, np.nan), x, np.full(tail_shape, np.nan)], axis=-1)
    blocks = padded.reshape(*x.shape[:-1], -1, length)
    np.cumsum(blocks, axis=-1, out=blocks)
    return padded[..., lead : lead + months]


def cumulative_yoy(index: ArrayLike, start: str | np.datetime64, period: Period = "year") -> Floats:
    """Cumulative yoy by method A: the period-to-date sums of the fixed-base index in year y
    over the same months of year y−1, × 100. ``period="year"``: YTD ("cộng dồn so với cùng
    kỳ"); ``"quarter"``: quarter-to-date, the quarter's yoy in its last month.
    """
    return lag_ratio(period_sums(index, start, period), 12)


def round_half_up(values: ArrayLike, decimals: int) -> Floats:
    """Round as the published tables do: half away from zero at ``decimals`` places.

    Binary noise below 1e-6 of the last place is removed first, so ``315.49995`` gives
    ``315.50`` and ``2.675`` gives ``2.68`` (Python's ``round`` gives 2.67 for the latter).
    Round only for display: the engine keeps full precision.
    """
    x = np.asarray(values, dtype=np.float64)
    scale = 10.0**decimals
    scaled = np.round(x * scale, 6)
    return np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / scale
