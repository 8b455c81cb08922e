"""The dashboard keeps a fixed number of queries whatever the number of years of data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.monitoring import services
from chuluc.monitoring.enums import Quarter
from tests.factories.registry import EnterpriseFactory, ProductFactory
from tests.portal.worlds import next_year_decision, recognise


def _grow(officer, first_year: int, years: int) -> None:
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


def _count(client, year: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:dashboard") + f"?nam={year}")
    assert response.status_code == 200
    return len(ctx)


def test_dashboard_queries_same_at_one_and_eight_years(client, officer, leader):
    client.force_login(leader)
    _grow(officer, 2018, 1)
    at_one = _count(client, 2018)
    _grow(officer, 2019, 7)
    assert (_count(client, 2018), _count(client, 2025)) == (at_one, at_one)
    response = client.get(reverse("monitoring:dashboard") + "?nam=2025")
    assert len(response.context["per_year"]) == 8
    assert response.context["chart"]["products"] == [3] * 8
