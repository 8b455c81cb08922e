"""Figures kept in the cache until the next write (chuluc/core/figures_cache.py): the
dashboard and the annual report are computed once, served from the cache while nothing is
written, and computed again after any service write, here or on another server."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.core.audit import audit_record
from chuluc.core.figures_cache import cached_figures, data_generation
from chuluc.core.models import AuditEntry
from tests.factories.monitoring import recognised_years


@pytest.fixture(autouse=True)
def _cache_on(settings, empty_cache):
    settings.FIGURES_CACHE_SECONDS = 600


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx)


def test_figures_computed_once_until_a_write(db):
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert cached_figures("t:1", compute) == {"n": 1}
    assert cached_figures("t:1", compute) == {"n": 1}
    audit_record(actor=None, action="test.write", obj=None, changes={})
    assert cached_figures("t:1", compute) == {"n": 2}
    assert len(calls) == 2


def test_figures_cache_off_computes_every_time(db, settings):
    settings.FIGURES_CACHE_SECONDS = 0
    calls = []
    for _ in range(3):
        cached_figures("t:2", lambda: calls.append(1))
    assert len(calls) == 3


def test_generation_is_the_newest_audit_row(db):
    AuditEntry.objects.all().delete()
    assert data_generation() == 0
    audit_record(actor=None, action="test.write", obj=None, changes={})
    assert data_generation() == AuditEntry.objects.latest("id").id


def test_dashboard_served_from_cache_then_recomputed_after_a_write(client, officer, leader):
    client.force_login(leader)
    recognised_years(officer, 2024, 1)
    url = reverse("monitoring:dashboard") + "?nam=2024"
    first, computed = _get(client, url)
    second, served = _get(client, url)
    assert served < computed / 3
    assert second.context["chart"] == first.context["chart"]
    # A write (another year of recognitions and reports) is seen at once.
    recognised_years(officer, 2025, 1)
    third, recomputed = _get(client, url)
    assert recomputed == computed
    assert third.context["chart"]["products"] == [3, 3]


def test_annual_report_file_served_from_cache_until_a_write(client, officer, leader):
    client.force_login(leader)
    recognised_years(officer, 2024, 1)
    url = reverse("monitoring:annual_report", args=[2024, "xlsx"])
    first, computed = _get(client, url)
    second, served = _get(client, url)
    assert (second.content, served < computed / 3) == (first.content, True)
    audit_record(actor=officer, action="test.write", obj=None, changes={})
    _, recomputed = _get(client, url)
    assert recomputed == computed
