"""The support part's indicators on the dashboard: coverage, difficulties resolved on time
and linkages, equal to ``support.figures`` and listing the records behind them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from chuluc.monitoring import indicators as ind
from chuluc.support import figures, services
from chuluc.support.enums import ConnectionKind, DifficultyStatus
from tests.factories.support import COVERAGE_YEAR, hand_counted_coverage, overdue, routed


def test_coverage_indicator_is_the_support_figure(client, officer):
    hand_counted_coverage(officer)
    spec = ind.indicator("support_coverage")
    assert spec.compute(COVERAGE_YEAR) == Decimal("50.0") == figures.coverage(COVERAGE_YEAR).share
    assert spec.compute(COVERAGE_YEAR - 10) == 0  # nobody to cover
    names = {r.enterprise.name for r in spec.records(COVERAGE_YEAR)}
    assert names == {"Công ty Thử A", "Công ty Thử B"}  # D and H are not counted
    client.force_login(officer)
    page = client.get(
        reverse("monitoring:indicator_records", args=["support_coverage", COVERAGE_YEAR])
    )
    assert page.status_code == 200
    assert "Công ty Thử A" in page.content.decode() and "Công ty Thử H" not in page.content.decode()


def test_difficulties_and_linkages_indicators(officer, rep_a, enterprise_a, enterprise_b, client):
    year = timezone.localdate().year
    on_time = routed(officer, rep_a, enterprise_a)
    services.difficulty_move(
        actor=officer, difficulty=on_time, status=DifficultyStatus.ANSWERED, note="Đã cấp phép."
    )
    services.difficulty_move(actor=rep_a, difficulty=on_time, status=DifficultyStatus.RESOLVED)
    late = overdue(officer, rep_a, enterprise_a, days=2)
    services.difficulty_move(
        actor=officer, difficulty=late, status=DifficultyStatus.ANSWERED, note="Trả lời muộn."
    )
    services.difficulty_move(actor=rep_a, difficulty=late, status=DifficultyStatus.RESOLVED)
    services.connection_record(
        actor=officer,
        enterprise=enterprise_a,
        counterpart_enterprise=enterprise_b,
        kind=ConnectionKind.CONTRACT,
        happened_on=dt.date(year, 1, 2),
        value_vnd=2_500_000_000,
    )
    resolved = ind.indicator("difficulties_resolved_on_time")
    if (timezone.localdate() - dt.timedelta(days=17)).year == year:  # not early January
        assert resolved.compute(year) == 1 == figures.difficulty_outcomes(year)["resolved_on_time"]
        assert list(resolved.records(year)) == [on_time]
    made = ind.indicator("linkages")
    assert made.compute(year) == 1 == figures.linkages(year)["total"]
    client.force_login(officer)
    for code in ("difficulties_resolved_on_time", "linkages"):
        page = client.get(reverse("monitoring:indicator_records", args=[code, year]))
        assert page.status_code == 200
    page = client.get(reverse("monitoring:indicator_records", args=["linkages", year]))
    assert enterprise_b.name in page.content.decode()
