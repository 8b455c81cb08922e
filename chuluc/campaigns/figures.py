"""Derived dossier figures: growth, productivity, shares, and the table of a dossier's
years with them. Computed, never typed."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from chuluc.campaigns.enums import IP_KINDS, QUALITY_KINDS, Metric

BILLION = Decimal(10**9)
MIN_YEARS_FOR_GROWTH = 2
MILLION = Decimal(10**6)


@dataclass(frozen=True)
class Year:
    year: int
    revenue_vnd: Decimal | None
    production_value_vnd: Decimal | None
    export_usd: Decimal | None
    employees: int | None


def _growth(values: list[Decimal | None]) -> Decimal | None:
    """Average yearly growth in % over consecutive years (compound), None when unknown."""
    known = [v for v in values if v is not None]
    if (
        len(known) < MIN_YEARS_FOR_GROWTH
        or len(known) != len(values)
        or known[0] <= 0
        or known[-1] < 0
    ):
        return None
    periods = len(known) - 1
    ratio = float(known[-1] / known[0])
    return Decimal(str(round((ratio ** (1 / periods) - 1) * 100, 4)))


def yearly_growth(values: list[Decimal | None]) -> list[Decimal | None]:
    """Growth of each year over the one before, in %."""
    out: list[Decimal | None] = [None]
    for before, after in itertools.pairwise(values):
        out.append(
            None if before in (None, 0) or after is None else round((after / before - 1) * 100, 2)
        )
    return out


def productivity_m(year: Year) -> Decimal | None:
    """Labour productivity: production value (or revenue) per employee, million đồng."""
    base = year.production_value_vnd if year.production_value_vnd is not None else year.revenue_vnd
    if base is None or not year.employees:
        return None
    return round(base / year.employees / MILLION, 2)


def export_share_pct(year: Year, usd_rate: Decimal) -> Decimal | None:
    if year.export_usd is None or not year.revenue_vnd:
        return None
    return round(year.export_usd * usd_rate / year.revenue_vnd * 100, 2)


def metric_value(  # noqa: PLR0911 - one return per metric
    metric: str, years: list[Year], certificates: list[tuple[str, bool]], usd_rate: Decimal
) -> Decimal | None:
    """The value of one metric for a dossier. ``certificates`` is (kind, still valid)."""
    years = sorted(years, key=lambda y: y.year)
    latest = years[-1] if years else None
    match metric:
        case Metric.REVENUE_GROWTH_AVG:
            return _growth([y.revenue_vnd for y in years])
        case Metric.PRODUCTION_GROWTH_AVG:
            return _growth([y.production_value_vnd for y in years])
        case Metric.REVENUE_LATEST_BN:
            return (
                None
                if latest is None or latest.revenue_vnd is None
                else round(latest.revenue_vnd / BILLION, 4)
            )
        case Metric.PRODUCTION_LATEST_BN:
            if latest is None or latest.production_value_vnd is None:
                return None
            return round(latest.production_value_vnd / BILLION, 4)
        case Metric.PRODUCTIVITY_M:
            return None if latest is None else productivity_m(latest)
        case Metric.EXPORT_LATEST_MUSD:
            return (
                None
                if latest is None or latest.export_usd is None
                else round(latest.export_usd / MILLION, 4)
            )
        case Metric.EXPORT_SHARE_PCT:
            return None if latest is None else export_share_pct(latest, usd_rate)
        case Metric.QUALITY_CERTIFICATES:
            return Decimal(
                sum(1 for kind, valid in certificates if valid and kind in QUALITY_KINDS)
            )
        case Metric.IP_TITLES:
            return Decimal(sum(1 for kind, valid in certificates if valid and kind in IP_KINDS))
    raise ValueError(metric)


def dossier_years(dossier) -> list[Year]:
    """A dossier's typed figures, oldest year first (from its prefetched ``figures``)."""
    return [
        Year(f.year, f.revenue_vnd, f.production_value_vnd, f.export_usd, f.employees)
        for f in sorted(dossier.figures.all(), key=lambda f: f.year)
    ]


def figure_table(dossier) -> list[dict]:
    """Each year of a dossier with its growth over the year before and its productivity:
    the figures table of the dossier's page and of a council member's view of it."""
    years = dossier_years(dossier)
    revenue_growth = yearly_growth([y.revenue_vnd for y in years])
    production_growth = yearly_growth([y.production_value_vnd for y in years])
    return [
        {"y": y, "revenue_growth": rg, "production_growth": pg, "productivity": productivity_m(y)}
        for y, rg, pg in zip(years, revenue_growth, production_growth, strict=True)
    ]


def band_points(
    value: Decimal | None, bands: list[tuple[Decimal | None, Decimal | None, Decimal]]
) -> Decimal:
    """Points of the band holding ``value`` (lower inclusive, upper exclusive); 0 if none."""
    if value is None:
        return Decimal(0)
    for lower, upper, points in bands:
        if (lower is None or value >= lower) and (upper is None or value < upper):
            return points
    return Decimal(0)
