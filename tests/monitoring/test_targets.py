"""The leader's view of the year: the targets against the results, those at risk (below the
even pace needed to reach the lower end by 31/12) said in words with the figures, on the
leader's dashboard and on the monitoring page, which opens on the current year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.campaigns import services as campaign_services
from chuluc.monitoring import selectors
from tests.factories.campaigns import make_campaign
from tests.factories.registry import EnterpriseFactory
from tests.factories.support import recognition

YEAR = timezone.localdate().year


def test_the_share_of_the_year_gone():
    assert selectors.year_share(2025, dt.date(2025, 1, 1)) == Decimal(1) / Decimal(365)
    assert selectors.year_share(2025, dt.date(2025, 12, 31)) == Decimal(1)
    assert selectors.year_share(2024, dt.date(2025, 3, 1)) == Decimal(1)
    assert selectors.year_share(2026, dt.date(2025, 3, 1)) == Decimal(0)


@pytest.fixture
def campaign(officer):
    campaign = make_campaign(year=YEAR)
    campaign_services.target_save(
        actor=officer,
        campaign=campaign,
        indicator="products_recognised",
        label="Sản phẩm được công nhận",
        low=Decimal(10),
        high=Decimal(12),
        unit="sản phẩm",
    )
    for _n in range(2):
        recognition(
            officer,
            _enterprise(),
            valid_from=dt.date(YEAR, 1, 5),
            valid_until=dt.date(YEAR + 3, 1, 4),
        )
    return campaign


def _enterprise():
    return EnterpriseFactory()


def _only(rows):
    [row] = [r for r in rows if r.indicator == "products_recognised"]
    return row


def test_a_target_behind_the_pace_is_at_risk_with_its_figures(campaign):
    row = _only(selectors.target_progress(YEAR, today=dt.date(YEAR, 7, 2)))
    share = selectors.year_share(YEAR, dt.date(YEAR, 7, 2))
    needed = (Decimal(10) * share).quantize(Decimal("0.01"))
    assert (row.value, row.needed, row.at_risk) == (Decimal(2), needed, True)
    assert row.words.startswith("Có nguy cơ không đạt: mới đạt 2 sản phẩm")
    assert f"31/12/{YEAR}" in row.words
    assert f"02/07/{YEAR}" in row.words
    assert str(needed).replace(".", ",") in row.words


def test_a_target_on_pace_early_in_the_year_is_not_at_risk(campaign):
    row = _only(selectors.target_progress(YEAR, today=dt.date(YEAR, 1, 20)))
    assert row.at_risk is False
    assert row.words.startswith("Đúng tiến độ: đạt 2 sản phẩm")


def test_a_past_year_below_its_target_is_said_not_reached(campaign):
    row = _only(selectors.target_progress(YEAR, today=dt.date(YEAR + 1, 2, 1)))
    assert (row.at_risk, row.needed) == (True, Decimal(10))
    assert row.words == "Không đạt: 2 sản phẩm, mục tiêu tối thiểu 10 sản phẩm."


def test_the_leader_s_dashboard_shows_this_year_s_targets_and_what_is_at_risk(
    client, leader, officer, rep_a, campaign
):
    client.force_login(leader)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert 'id="year-targets"' in page
    assert f"Chỉ tiêu năm {YEAR}" in page
    assert "Sản phẩm được công nhận" in page
    for other in (officer, rep_a):
        client.force_login(other)
        assert 'id="year-targets"' not in client.get(reverse("core:dashboard")).content.decode()


def test_the_monitoring_page_opens_on_the_current_year(client, leader, officer, campaign):
    recognition(
        officer, _enterprise(), valid_from=dt.date(2021, 1, 5), valid_until=dt.date(2024, 1, 4)
    )
    client.force_login(leader)
    response = client.get(reverse("monitoring:dashboard"))
    assert response.context["year"] == YEAR
    assert "Sản phẩm được công nhận" in response.content.decode()
    response = client.get(reverse("monitoring:dashboard"), {"nam": "2021"})
    assert response.context["year"] == 2021
    for bad in ("abc", "99999", "-1"):
        response = client.get(reverse("monitoring:dashboard"), {"nam": bad})
        assert (response.status_code, response.context["year"]) == (200, YEAR)


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("core:dashboard"))
    return len(captured)


def test_the_leader_s_panel_keeps_a_fixed_number_of_queries(client, leader, officer, campaign):
    client.force_login(leader)
    client.get(reverse("core:dashboard"))
    few = _dashboard_queries(client)
    for code in ("enterprises_recognised", "top_products", "first_time_products"):
        campaign_services.target_save(
            actor=officer,
            campaign=campaign,
            indicator=code,
            label=code,
            low=Decimal(5),
            high=None,
            unit="sản phẩm",
        )
    assert _dashboard_queries(client) == few
