"""The dashboard keeps a fixed number of queries whatever the number of years of data."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.monitoring import recognised_years


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
