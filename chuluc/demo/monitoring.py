"""Demo monitoring data, built through the monitoring services, for demo enterprises only:
for every year with recognitions of demo enterprises, the whole-year reporting period of the
year before and each recognised demo enterprise's report for it (the figures the annual
report sums), with a quantity for each recognised product. The figures follow the dossier
figures where there are some; one report in ten is made implausible (export above revenue)
so the officer has flagged reports to review, and half of the others are marked checked;
the first report checked then receives a correction (a new version with its reason) for the
officer to check again. Running it again adds only what is missing."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from chuluc.campaigns.models import YearFigures
from chuluc.decisions.models import Recognition
from chuluc.monitoring import selectors, services
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.models import FirmReport, ReportingPeriod

BN = Decimal(10) ** 9


def _period(officer, year: int) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(year=year, quarter=Quarter.YEAR).first()
    if period is None:
        period = services.period_create(
            actor=officer, year=year, quarter=Quarter.YEAR, due_on=dt.date(year + 1, 3, 31)
        )
    return period


def seed_monitoring(*, officer, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    created = {"reporting_periods": 0, "firm_reports": 0, "flagged_reports": 0, "corrections": 0}
    to_correct = None
    firms_by_year: dict[int, set[int]] = defaultdict(set)
    for year, enterprise_id in Recognition.objects.filter(enterprise__is_demo=True).values_list(
        "year", "enterprise_id"
    ):
        firms_by_year[year].add(enterprise_id)
    periods_before = ReportingPeriod.objects.count()
    done = set(FirmReport.objects.values_list("enterprise_id", "period__year"))
    for year in sorted(firms_by_year):
        period = _period(officer, year - 1)
        dossier_revenue = dict(
            YearFigures.objects.filter(
                year=year - 1, dossier__campaign__year=year, dossier__enterprise__is_demo=True
            )
            .values_list("dossier__enterprise_id")
            .annotate(total=Sum("revenue_vnd"))
        )
        for n, enterprise_id in enumerate(sorted(firms_by_year[year])):
            if (enterprise_id, year - 1) in done:
                continue
            base = dossier_revenue.get(enterprise_id) or rng.randint(60, 1_600) * BN
            revenue = (Decimal(base) * Decimal(rng.randint(110, 160)) / 100).quantize(BN)
            export_share = Decimal(rng.choice([0, 0, 5, 10, 20, 35])) / 100
            export_usd = (revenue * export_share / Decimal(25_000)).quantize(Decimal(1000))
            if n % 10 == 9:
                export_usd = (revenue * 2 / Decimal(25_000)).quantize(Decimal(1000))
            products = selectors.recognised_products(enterprise_id)
            figures = {
                "enterprise": products[0].enterprise,
                "period": period,
                "revenue_vnd": revenue,
                "production_value_vnd": (revenue * Decimal("0.9")).quantize(BN),
                "export_usd": export_usd,
                "employees": rng.randint(80, 2_500),
                "lines": {p.pk: Decimal(rng.randint(1_000, 200_000)) for p in products},
                "units": {p.pk: "sản phẩm" for p in products},
            }
            report = services.firm_report_submit(actor=officer, **figures)
            created["firm_reports"] += 1
            if report.flags:
                created["flagged_reports"] += 1
            elif n % 2 == 0:
                services.firm_report_check(actor=officer, report=report, note="")
                to_correct = to_correct or figures
    if to_correct is not None:
        services.firm_report_submit(
            actor=officer,
            **{
                **to_correct,
                "revenue_vnd": (to_correct["revenue_vnd"] * Decimal("1.03")).quantize(BN),
            },
            reason="Điều chỉnh doanh thu theo báo cáo tài chính đã kiểm toán.",
        )
        created["corrections"] += 1
    created["reporting_periods"] = ReportingPeriod.objects.count() - periods_before
    return created
