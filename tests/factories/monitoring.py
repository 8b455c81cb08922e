"""Worlds for the monitoring tests, built through the services: two decisions (2024 and
2025, the second renewing two products of 2024), one more enterprise (FDI, Top 500) and
enterprise B recognised in 2025, whole-year firm reports for 2024.

Recognitions of other enterprises in 2025 are written by the portal's ``recognise`` helper
(the services would need a whole council per enterprise)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chuluc.decisions.models import Recognition
from chuluc.monitoring import services
from chuluc.monitoring.enums import Quarter
from chuluc.registry import services as registry_services
from chuluc.registry.enums import Ownership
from chuluc.registry.models import IndustryGroup
from tests.factories.decisions import decided
from tests.factories.portal import next_year_decision, recognise
from tests.factories.registry import EnterpriseFactory, ProductFactory

BN = Decimal(10) ** 9
# A whole year's figures of one enterprise that raise no plausibility flag.
GOOD_REPORT = {
    "revenue_vnd": 200 * BN,
    "production_value_vnd": 180 * BN,
    "export_usd": Decimal(1_000_000),
    "employees": 300,
}


def two_years(*, officer, rep, enterprise, enterprise_b) -> dict:
    w24 = decided(officer=officer, rep=rep, enterprise=enterprise, year=2024, number="10/QĐ-UBND")
    renewed = [r.product for r in Recognition.objects.filter(year=2024).order_by("rank")[:2]]
    fresh = ProductFactory(enterprise=enterprise, name="Sản phẩm mới 2025")
    w25 = decided(
        officer=officer,
        rep=rep,
        enterprise=enterprise,
        year=2025,
        number="20/QĐ-UBND",
        products=[*renewed, fresh],
        dossier_count=3,
    )
    fdi = EnterpriseFactory(name="Công ty TNHH Điện Tử Ngoại Thử", ownership=Ownership.FDI)
    registry_services.top500_listing_add(actor=officer, enterprise=fdi, year=2024, ranking="VNR500")
    groups = list(IndustryGroup.objects.order_by("position"))
    recognise(
        decision=w25["decision"],
        product=ProductFactory(enterprise=fdi, name="Máy in thử", industry_group=groups[1]),
        rank=4,
        actor=officer,
    )
    recognise(
        decision=w25["decision"],
        product=ProductFactory(
            enterprise=enterprise_b, name="Cáp điện thử", industry_group=groups[1]
        ),
        rank=5,
        actor=officer,
        top=True,
    )
    period = services.period_create(
        actor=officer, year=2024, quarter=Quarter.YEAR, due_on=dt.date(2025, 3, 31)
    )
    report_a = services.firm_report_submit(
        actor=rep,
        enterprise=enterprise,
        period=period,
        revenue_vnd=1_250 * BN,
        production_value_vnd=1_100 * BN,
        export_usd=Decimal(5_500_000),
        employees=900,
    )
    report_fdi = services.firm_report_submit(
        actor=officer,
        enterprise=fdi,
        period=period,
        revenue_vnd=Decimal("312500000000"),
        production_value_vnd=300 * BN,
        export_usd=Decimal(2_250_000),
        employees=400,
    )
    return {
        "w24": w24,
        "w25": w25,
        "fdi": fdi,
        "period": period,
        "reports": [report_a, report_fdi],
        "fresh": fresh,
        "renewed": renewed,
    }


def recognised_years(officer, first_year: int, years: int) -> None:
    """``years`` years of recognitions (3 per year, 2 enterprises) and whole-year reports."""
    for year in range(first_year, first_year + years):
        decision = next_year_decision(officer=officer, year=year, number=f"{year}/QĐ-UBND")
        firms = [EnterpriseFactory(), EnterpriseFactory()]
        for rank in range(1, 4):
            product = ProductFactory(enterprise=firms[rank % 2], name=f"SP {year}-{rank}")
            recognise(decision=decision, product=product, rank=rank, top=rank == 1, actor=officer)
        period = services.period_create(
            actor=officer, year=year - 1, quarter=Quarter.YEAR, due_on=dt.date(year, 3, 31)
        )
        for firm in firms:
            services.firm_report_submit(
                actor=officer,
                enterprise=firm,
                period=period,
                revenue_vnd=Decimal(10) ** 12,
                production_value_vnd=Decimal(9) * 10**11,
                export_usd=Decimal(1_000_000),
                employees=100,
            )
