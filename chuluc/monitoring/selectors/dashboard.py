"""Reads of the dashboard: its yearly series and tables, targets against the indicators,
the published figures and support coverage. A fixed number of queries whatever the number
of years or records."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils import translation

from chuluc.campaigns.models import Target
from chuluc.campaigns.selectors import target_position
from chuluc.core.figures_cache import cached_figures
from chuluc.core.formatting import format_number
from chuluc.decisions.models import Recognition
from chuluc.monitoring import indicators as ind
from chuluc.monitoring.enums import Position, Quarter
from chuluc.monitoring.models import (
    PublishedAggregate,
    ReportingPeriod,
)
from chuluc.registry.models import IndustryGroup
from chuluc.support import figures as support_figures


def years_with_data() -> list[int]:
    return list(Recognition.objects.order_by("year").values_list("year", flat=True).distinct())


def recognitions_per_year() -> list[dict]:
    """Products and enterprises recognised per year (one query)."""
    return list(
        Recognition.objects.values("year")
        .annotate(products=Count("id"), enterprises=Count("enterprise", distinct=True))
        .order_by("year")
    )


def revenue_export_per_year() -> dict[int, dict]:
    """Whole-year report totals per report year (one query, on the totals each period keeps:
    ``services.totals``)."""
    rows = (
        ReportingPeriod.objects.filter(quarter=Quarter.YEAR, reports_count__gt=0)
        .order_by("year")
        .values("year", "revenue_total_vnd", "export_total_usd", "reports_count")
    )
    return {
        r["year"]: {
            "period__year": r["year"],
            "revenue": r["revenue_total_vnd"],
            "export": r["export_total_usd"],
            "n": r["reports_count"],
        }
        for r in rows
    }


def by_industry_group(year: int) -> list[dict]:
    """Products and enterprises recognised in a year, per industry group (two queries)."""
    counts = {
        r["product__industry_group_id"]: r
        for r in Recognition.objects.filter(year=year)
        .values("product__industry_group_id")
        .annotate(products=Count("id"), enterprises=Count("enterprise", distinct=True))
    }
    rows = []
    for group in IndustryGroup.objects.order_by("position", "name"):
        row = counts.pop(group.pk, None)
        if row:
            rows.append(
                {
                    "group": group.display_name,
                    "products": row["products"],
                    "enterprises": row["enterprises"],
                }
            )
    rest = counts.pop(None, None)
    if rest:
        rows.append(
            {"group": "—", "products": rest["products"], "enterprises": rest["enterprises"]}
        )
    return rows


def target_range(target) -> str:
    """``30–35 sản phẩm``; ``100 %`` when both ends are equal; an open end left blank."""
    low = "" if target.low is None else format_number(target.low)
    high = "" if target.high is None else format_number(target.high)
    unit = translation.pgettext("đơn vị", target.unit)  # the catalog's common units
    return f"{low} {unit}" if low == high else f"{low}–{high} {unit}"


def targets_against(year: int, values: dict[str, Decimal]) -> list[dict]:
    """Each target of the year's campaigns against the indicator value (one query)."""
    rows = []
    for target in Target.objects.filter(campaign__year=year).select_related("campaign"):
        value = values.get(target.indicator)
        position = Position.NO_DATA if value is None else target_position(value, target)
        rows.append(
            {
                "target": target,
                "campaign": target.campaign,
                "value": value,
                "range": target_range(target),
                "position": position,
                "position_label": Position(position).label,
            }
        )
    return rows


def published_by_year() -> dict[int, list[PublishedAggregate]]:
    table: dict[int, list[PublishedAggregate]] = defaultdict(list)
    for row in PublishedAggregate.objects.order_by("year", "id"):
        table[row.year].append(row)
    return dict(table)


def published_for(year: int) -> list[PublishedAggregate]:
    return list(PublishedAggregate.objects.filter(year=year).order_by("id"))


def indicator_values(year: int, *, known: dict[str, Decimal] | None = None) -> dict[str, Decimal]:
    return ind.compute_all(year, known=known)


def support_coverage(year: int):
    """Enterprises counted and reached by support in ``year`` (``support.figures``)."""
    return support_figures.coverage(year)


@dataclass(frozen=True)
class CoverageSummary:
    """What the dashboard says of support coverage (``support.figures.Coverage``)."""

    counted: int
    reached: int
    share: Decimal | None
    missing: int
    first_not_reached: tuple[str, ...]


def dashboard_figures(year: int) -> dict:
    """Everything the dashboard shows for ``year``, as plain data: computed from the
    records, kept in the cache until the next write (``core.figures_cache``)."""
    # per language: the industry groups and target ranges are in the reader's words
    language = translation.get_language() or settings.LANGUAGE_CODE
    return cached_figures(f"dashboard:{year}:{language}", lambda: _dashboard_figures(year))


def _dashboard_figures(year: int) -> dict:
    coverage = support_coverage(year)
    values = indicator_values(year, known={"support_coverage": ind.coverage_share(coverage)})
    return {
        "values": values,
        "per_year": recognitions_per_year(),
        "money": revenue_export_per_year(),
        "groups": by_industry_group(year),
        "targets": targets_against(year, values),
        "published": published_by_year(),
        "coverage": CoverageSummary(
            counted=coverage.counted,
            reached=coverage.reached,
            share=coverage.share,
            missing=len(coverage.missing_ids),
            first_not_reached=tuple(e.name for e in coverage.first_not_reached),
        ),
    }
