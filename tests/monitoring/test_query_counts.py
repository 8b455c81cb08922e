"""The dashboard keeps a fixed number of queries whatever the number of years of data, and a
report's page whatever the number of its versions."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.monitoring import services
from chuluc.monitoring.enums import Quarter
from tests.factories.monitoring import GOOD_REPORT, recognised_years


def _count(client, year: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:dashboard") + f"?nam={year}")
    assert response.status_code == 200
    return len(ctx)


def test_dashboard_queries_same_at_one_and_eight_years(client, officer, leader):
    client.force_login(leader)
    recognised_years(officer, 2018, 1)
    at_one = _count(client, 2018)
    recognised_years(officer, 2019, 7)
    assert (_count(client, 2018), _count(client, 2025)) == (at_one, at_one)
    response = client.get(reverse("monitoring:dashboard") + "?nam=2025")
    assert len(response.context["per_year"]) == 8
    assert response.context["chart"]["products"] == [3] * 8


def _detail_count(client, report) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("monitoring:report_detail", args=[report.pk]))
    assert response.status_code == 200
    return len(ctx)


def test_report_page_queries_same_at_two_and_six_versions(client, officer, rep_a, enterprise_a):
    """The versions and the difference table are read in a fixed number of queries."""
    period = services.period_create(
        actor=officer, year=2024, quarter=Quarter.YEAR, due_on=dt.date(2025, 3, 31)
    )
    report = services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=period, **GOOD_REPORT
    )
    services.firm_report_check(actor=officer, report=report, note="")

    def correct(employees: int) -> None:
        services.firm_report_submit(
            actor=rep_a,
            enterprise=enterprise_a,
            period=period,
            reason=f"Lao động {employees}",
            **{**GOOD_REPORT, "employees": employees},
        )

    correct(301)
    client.force_login(officer)
    at_two = _detail_count(client, report)
    for employees in (302, 303, 304, 305):
        correct(employees)
    assert report.versions.count() == 6
    assert _detail_count(client, report) == at_two
