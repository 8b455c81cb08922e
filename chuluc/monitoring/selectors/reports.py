"""Reads of firm reports: reporting periods, the reports a person may see, the products an
enterprise reports on, the rate that converts its exports, the plausibility flags of figures
being filled in, who must report in a period, and the monthly quantities the production
index pulls. Every read of figures reads the report's figures in effect (one row per
enterprise and period); its versions are read only by ``versions``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet

from chuluc.accounts.rules import is_internal
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.campaigns.models import Campaign
from chuluc.decisions.enums import RecognitionStatus
from chuluc.decisions.models import Recognition
from chuluc.monitoring import plausibility
from chuluc.monitoring.enums import CHECKED_STATES, Quarter
from chuluc.monitoring.models import FirmReport, FirmReportLine, ReportingPeriod

#: The USD rate used when neither the period nor the campaign of its year names one.
DEFAULT_USD_RATE = Decimal(25_000)


def periods() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.annotate(n_reports=Count("reports")).order_by(
        "-year", "-quarter"
    )


def reports_for(user, *, period_id: int | None = None, status: str = "") -> QuerySet[FirmReport]:
    """Internal users see every report; a representative only their own enterprises'."""
    qs = FirmReport.objects.select_related("enterprise", "period").order_by(
        "-period__year", "-period__quarter", "enterprise__name"
    )
    if not is_internal(user):
        qs = qs.filter(enterprise_id__in=user_enterprise_ids(user))
    if period_id:
        qs = qs.filter(period_id=period_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def report_detail(pk: int) -> QuerySet[FirmReport]:
    return FirmReport.objects.select_related(
        "enterprise", "period", "submitted_by", "checked_by"
    ).prefetch_related("lines__product")


def recognised_products(enterprise_id: int) -> list:
    """The enterprise's products that have been recognised (one line each in a report)."""
    seen: dict[int, object] = {}
    for rec in (
        Recognition.objects.filter(enterprise_id=enterprise_id)
        .select_related("product")
        .order_by("product__name", "product_id")
    ):
        seen.setdefault(rec.product_id, rec.product)
    return list(seen.values())


def usd_rate_for(period: ReportingPeriod) -> Decimal:
    """The period's own rate; else the rate of the campaign of the same year; else 25.000."""
    if period.usd_rate:
        return period.usd_rate
    rate = (
        Campaign.objects.filter(year=period.year).order_by("id").values_list("usd_rate", flat=True)
    ).first()
    return rate or DEFAULT_USD_RATE


def same_period_last_year(enterprise_id: int, period: ReportingPeriod) -> FirmReport | None:
    """The enterprise's report of the same quarter a year earlier (the growth check's base)."""
    return FirmReport.objects.filter(
        enterprise_id=enterprise_id, period__year=period.year - 1, period__quarter=period.quarter
    ).first()


def report_of(enterprise_id: int, period: ReportingPeriod) -> FirmReport | None:
    """The enterprise's report for the period, if it has submitted one."""
    return FirmReport.objects.filter(enterprise_id=enterprise_id, period=period).first()


@dataclass
class SubmissionReview:
    """What submitting figures for an enterprise and period would do, before anything is
    stored: the report already there (if any), whether the figures would be a correction of
    a checked report, and their plausibility warnings (``complete``: all figures given)."""

    existing: FirmReport | None = None
    flags: list[dict] = field(default_factory=list)
    complete: bool = False

    @property
    def checked(self) -> bool:
        return self.existing is not None and self.existing.status in CHECKED_STATES


def submission_review(
    enterprise_id: int,
    period: ReportingPeriod,
    *,
    figures: dict | None = None,
    lines: dict[int, Decimal] | None = None,
) -> SubmissionReview:
    """The form's check step; without ``figures`` only the report already there."""
    review = SubmissionReview(existing=report_of(enterprise_id, period))
    if figures is not None:
        review.flags = report_flags(enterprise_id, period, figures=figures, lines=lines or {})
        review.complete = True
    return review


def report_flags(
    enterprise_id: int, period: ReportingPeriod, *, figures: dict, lines: dict[int, Decimal]
) -> list[dict]:
    """The plausibility flags of these figures for the enterprise's report of ``period``
    (against its report of the same period a year earlier), written or not: the form shows
    them before submission, the service stores them with the version."""
    return plausibility.plausibility_flags(
        FirmReport(**figures),
        previous=same_period_last_year(enterprise_id, period),
        lines=lines,
        usd_rate=usd_rate_for(period),
        growth_threshold_pct=period.growth_threshold_pct,
        revenue_per_employee=plausibility.thresholds().for_quarter(period.quarter),
    )


# --------------------------------------------------------------------------- who must report


def period_bounds(period: ReportingPeriod) -> tuple[dt.date, dt.date]:
    """First and last day the period covers."""
    if period.quarter == Quarter.YEAR:
        return dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    first = dt.date(period.year, 3 * period.quarter - 2, 1)
    last_month = 3 * period.quarter
    if last_month == 12:  # noqa: PLR2004
        return first, dt.date(period.year, 12, 31)
    return first, dt.date(period.year, last_month + 1, 1) - dt.timedelta(days=1)


def in_force_during(
    valid_from: dt.date, valid_until: dt.date, first: dt.date, last: dt.date
) -> bool:
    """A recognition from ``valid_from`` to ``valid_until`` is in force on at least one day
    from ``first`` to ``last`` (its holder must report for that period)."""
    return valid_from <= last and valid_until >= first


def expected_enterprise_ids(period: ReportingPeriod) -> set[int]:
    """Enterprises with a recognition in force on at least one day of the period (not
    revoked): they must report (one query)."""
    first, last = period_bounds(period)
    return set(
        Recognition.objects.exclude(status=RecognitionStatus.REVOKED)
        .filter(valid_from__lte=last, valid_until__gte=first)
        .values_list("enterprise_id", flat=True)
    )


def missing_enterprise_ids(period: ReportingPeriod) -> set[int]:
    reported = set(FirmReport.objects.filter(period=period).values_list("enterprise_id", flat=True))
    return expected_enterprise_ids(period) - reported


# --------------------------------------------------------------------------- production index


def monthly_quantities(year: int) -> list[tuple[int, str, Decimal]]:
    """``(product id, "YYYY-MM", quantity)`` summed over the enterprises' quarterly reports
    of ``year`` that split a product's quantity by month (one query). The IIP's production
    part pulls these as monthly observations; quarters without a split are left out."""
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    lines = FirmReportLine.objects.filter(
        report__period__year=year, report__period__quarter__gt=Quarter.YEAR
    ).exclude(monthly=[])
    for product_id, quarter, months in lines.values_list(
        "product_id", "report__period__quarter", "monthly"
    ):
        for offset, value in enumerate(months):
            month = f"{year}-{(quarter - 1) * 3 + offset + 1:02d}"
            totals[product_id, month] += Decimal(value)
    return [(pk, month, qty) for (pk, month), qty in sorted(totals.items())]
