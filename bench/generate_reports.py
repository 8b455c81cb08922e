"""Firm reports of ``bench/generate.py`` (part of ``generate_data``), and the digest of a
generated data set (``fingerprint``): by natural keys, never ids or timestamps."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from decimal import Decimal

from django.db.models import Count, Sum
from generate_scales import LAST_YEAR, RECOGNISED, reports_per_year

from chuluc.campaigns.models import Dossier
from chuluc.core.bulk import bulk_insert
from chuluc.council.models import Result
from chuluc.decisions.models import Certificate, Recognition
from chuluc.monitoring.enums import Quarter, ReportStatus
from chuluc.monitoring.models import FirmReport, ReportingPeriod
from chuluc.monitoring.services import period_totals_refresh
from chuluc.registry.models import Enterprise, Product

TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh, fixed: the data is dated
REVIEW_STATUS = (
    (ReportStatus.CHECKED, 0.7),
    (ReportStatus.SUBMITTED, 0.25),
    (ReportStatus.FLAGGED, 0.05),
)


def pick(rng: random.Random, table) -> str:
    r = rng.random()
    for value, share in table:
        if r < share:
            return value
        r -= share
    return table[-1][0]


def at_nine(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 0, tzinfo=TZ)


def progress(message: str, started: float) -> None:
    print(f"  [{time.perf_counter() - started:7.1f} s] {message}", flush=True)


def firm_reports(scale, the_plan, enterprise_ids, rep, started) -> dict:
    """Every year, the first enterprises in program order (recognised first, by the year of
    their first recognition; then the rest of the register) report four quarters and the
    whole year."""
    rng = random.Random(scale.seed + 4)
    first_year: dict[int, int] = {}
    for d in the_plan.dossiers:
        if d.outcome == RECOGNISED:
            first_year.setdefault(d.enterprise, d.year)
    order = sorted(first_year, key=lambda e: (first_year[e], e))
    order += [e for e in range(scale.enterprises) if e not in first_year]
    base = [rng.lognormvariate(24.5, 1.3) for _ in range(scale.enterprises)]  # ≈ 44 bn ₫
    export_share = [max(0.0, rng.gauss(0.15, 0.2)) for _ in range(scale.enterprises)]
    staff = [max(5, int(b / 1.2e9)) for b in base]
    periods = {}
    for year in range(scale.first_year, LAST_YEAR + 1):
        for quarter in Quarter:
            due = (
                dt.date(year + 1, 3, 31)
                if quarter == Quarter.YEAR
                else dt.date(year + (quarter == Quarter.Q4), (quarter * 3) % 12 + 1, 20)
            )
            periods[(year, quarter)] = ReportingPeriod.objects.create(
                year=year, quarter=quarter, due_on=due
            )
    fields = [
        "enterprise_id",
        "period_id",
        "revenue_vnd",
        "production_value_vnd",
        "export_usd",
        "employees",
        "flags",
        "status",
        "submitted_by_id",
        "submitted_at",
        "check_note",
    ]
    extra = [
        f
        for f in FirmReport._meta.concrete_fields
        if not f.primary_key and f.attname not in fields and not f.null
    ]
    fields += [f.attname for f in extra]
    defaults = tuple(f.get_default() for f in extra)

    def rows():
        for year, n in reports_per_year(scale).items():
            growth = 1.08 ** (year - scale.first_year)
            for quarter in Quarter:
                period = periods[(year, quarter)]
                share = 1.0 if quarter == Quarter.YEAR else 0.25
                submitted = at_nine(period.due_on.year, period.due_on.month, 10)
                for e in order[:n]:
                    revenue = base[e] * growth * share * rng.uniform(0.85, 1.15)
                    yield (
                        enterprise_ids[e],
                        period.pk,
                        Decimal(int(revenue)),
                        Decimal(int(revenue * 0.8)),
                        Decimal(int(revenue * export_share[e] / 24_000)),
                        staff[e],
                        [],
                        pick(rng, REVIEW_STATUS),
                        rep.pk,
                        submitted,
                        "",
                        *defaults,
                    )

    written = bulk_insert(FirmReport, fields, rows())
    period_totals_refresh()  # written around the service: the periods' totals recomputed
    progress(f"{written:,} firm reports", started)
    return {"firm_reports": written, "reporting_periods": len(periods)}


def fingerprint() -> str:
    """A digest of the generated content by natural keys (never ids or timestamps): two
    generations of the same scale give the same digest, on SQLite and on PostgreSQL (rows
    are sorted here, not by the database's collation)."""
    h = hashlib.sha256()

    def feed(rows) -> None:
        for row in sorted(repr(tuple(row)) for row in rows):
            h.update(row.encode())

    feed(Enterprise.objects.values_list("tax_code", "name", "ownership", "vsic", "district__code"))
    feed(
        Product.objects.values_list("enterprise__tax_code", "name", "industry_group__code", "vsic")
    )
    feed(Dossier.objects.values_list("campaign__year", "product__name", "status", "is_renewal"))
    feed(
        Recognition.objects.values_list(
            "year", "rank", "product__name", "top", "status", "valid_until", "renewal_of__year"
        )
    )
    feed(Certificate.objects.values_list("number", "title"))
    feed(
        (rank, name, str(total), passed, top)
        for rank, name, total, passed, top in Result.objects.values_list(
            "rank", "dossier__product__name", "total", "passed", "top"
        )
    )
    # SQLite sums decimals as floats (the revenue total, about 6e16, loses its last digits):
    # only sums that stay exact (below 2**53) go in; export is derived from the revenue.
    totals = FirmReport.objects.aggregate(
        n=Count("id"), export=Sum("export_usd"), employees=Sum("employees")
    )
    feed([tuple(int(v or 0) for v in totals.values())])
    return h.hexdigest()
