"""The support figures, computed from the ledger and the recognitions alone, against a
hand-counted case (figures.py's docstring holds the definitions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from chuluc.campaigns.services import target_save
from chuluc.support import figures, services
from chuluc.support.enums import (
    ConnectionKind,
    DifficultyStatus,
    PolicyCategory,
    SupportForm,
)
from chuluc.support.models import SupportRecord
from tests.factories.campaigns import make_campaign
from tests.factories.support import (
    COVERAGE_YEAR,
    give,
    hand_counted_coverage,
    khcn,
    make_policy,
    overdue,
    routed,
)

D = dt.date
YEAR = COVERAGE_YEAR


@pytest.fixture
def coverage_world(officer):
    return hand_counted_coverage(officer)


def test_coverage_matches_the_hand_count(coverage_world):
    e = coverage_world
    result = figures.coverage(YEAR)
    assert (result.counted, result.reached, result.share) == (4, 2, Decimal("50.0"))
    assert [x.name for x in result.not_reached] == [e["C"].name, e["E"].name]
    assert (result.target, result.target_from_campaign) == (Decimal(100), False)
    assert result.below_target


@pytest.mark.parametrize("few, chunk", [(1_000, 200), (0, 1), (0, 2), (0, 200)])
def test_first_not_reached_by_ids_or_by_reading_the_register_in_order(
    coverage_world, monkeypatch, few, chunk
):
    """Read by id (few missing) or by scanning the register in name order, chunk after
    chunk (many): the same enterprises, whatever the chunk boundaries."""
    monkeypatch.setattr(figures, "FEW_MISSING", few)
    monkeypatch.setattr(figures, "SCAN_CHUNK", chunk)
    e = coverage_world
    assert [x.name for x in figures.coverage(YEAR).first_not_reached] == [
        e["C"].name,
        e["E"].name,
    ]


def test_coverage_changes_only_with_the_ledger_and_the_recognitions(coverage_world, officer):
    e = coverage_world
    policy = make_policy(officer, name="Đào tạo quản trị", category=PolicyCategory.TRAINING)
    give(officer, e["C"], policy, on=D(2025, 2, 1), kind=SupportForm.TRAINING_PLACES, quantity=2)
    assert (figures.coverage(YEAR).reached, figures.coverage(YEAR).share) == (3, Decimal("75.0"))
    SupportRecord.objects.filter(enterprise=e["C"]).delete()
    assert figures.coverage(YEAR).share == Decimal("50.0")
    # Each year is counted on its own: 2026 counts A, E and G (B and F expired before it,
    # C and D were revoked before it began); E alone was supported in 2026.
    assert (figures.coverage(2026).counted, figures.coverage(2026).reached) == (3, 1)


def test_coverage_target_comes_from_the_campaign_when_there_is_one(coverage_world):
    campaign = make_campaign(year=YEAR)
    assert figures.coverage(YEAR).target_from_campaign  # the default targets: 100%
    target_save(
        actor=None,
        campaign=campaign,
        indicator="support_coverage",
        label="Doanh nghiệp SPCNCL được hỗ trợ",
        low=Decimal(90),
        high=Decimal(100),
        unit="%",
    )
    result = figures.coverage(YEAR)
    assert (result.target, result.target_from_campaign) == (Decimal(90), True)


def test_coverage_of_a_year_without_recognitions_is_empty(db):
    result = figures.coverage(2019)
    assert (result.counted, result.reached, result.share, result.not_reached) == (0, 0, None, [])


def test_difficulty_outcomes_count_on_time_late_open_and_overdue(officer, rep_a, enterprise_a):
    today = timezone.localdate()
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
    routed(officer, rep_a, enterprise_a, agency=khcn())  # open, due in 15 days
    overdue(officer, rep_a, enterprise_a, days=1)  # overdue
    closed = routed(officer, rep_a, enterprise_a)
    services.difficulty_move(
        actor=officer,
        difficulty=closed,
        status=DifficultyStatus.CANNOT_RESOLVE,
        note="Ngoài thẩm quyền của thành phố.",
    )
    outcomes = figures.difficulty_outcomes(today.year)
    expected = {
        "total": 5,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "cannot_resolve": 1,
        "answered": 0,
        "open": 1,
        "overdue": 1,
    }
    if (today - dt.timedelta(days=17)).year != today.year:  # early January: one fell last year
        pytest.skip("the backdated difficulties fall in the previous year")
    assert outcomes == expected
    # Tomorrow, nothing changes but the date: the overdue count is derived from it.
    assert figures.difficulty_outcomes(today.year, on=today + dt.timedelta(days=16))["overdue"] == 2


def test_amount_by_category_and_linkages_sum_the_ledger(officer, enterprise_a, enterprise_b):
    booth = make_policy(officer)
    grant = make_policy(
        officer,
        name="Hỗ trợ đổi mới công nghệ",
        category=PolicyCategory.SCIENCE_TECHNOLOGY,
        kind=SupportForm.GRANT,
    )
    give(officer, enterprise_a, booth, on=D(YEAR, 10, 27), amount=12_000_000, quantity=2)
    give(officer, enterprise_b, booth, on=D(YEAR, 10, 27), amount=6_000_000)
    give(officer, enterprise_a, grant, on=D(YEAR, 6, 1), amount=500_000_000, kind=SupportForm.GRANT)
    give(officer, enterprise_a, grant, on=D(YEAR - 1, 6, 1), amount=1, kind=SupportForm.GRANT)
    rows = {r["category"]: r for r in figures.amount_by_category(YEAR)}
    assert len(rows) == 9
    trade = rows[PolicyCategory.TRADE_PROMOTION]
    assert (trade["supports"], trade["enterprises"], trade["amount"]) == (2, 2, 18_000_000)
    assert rows[PolicyCategory.SCIENCE_TECHNOLOGY]["amount"] == 500_000_000
    assert rows[PolicyCategory.CAPITAL]["amount"] == 0

    partner = services.partner_create(
        actor=officer, name="Công ty Đối Tác Bắc Ninh", province="Bắc Ninh"
    )
    for kind, value in [(ConnectionKind.MEETING, None), (ConnectionKind.MOU, None)]:
        services.connection_record(
            actor=officer,
            enterprise=enterprise_a,
            partner=partner,
            kind=kind,
            happened_on=D(YEAR, 5, 5),
            value_vnd=value,
        )
    services.connection_record(
        actor=officer,
        enterprise=enterprise_a,
        counterpart_enterprise=enterprise_b,
        kind=ConnectionKind.CONTRACT,
        happened_on=D(YEAR, 8, 8),
        value_vnd=2_500_000_000,
    )
    made = figures.linkages(YEAR)
    assert dict(made["by_kind"]) == {
        ConnectionKind.MEETING: 1,
        ConnectionKind.MOU: 1,
        ConnectionKind.CONTRACT: 1,
    }
    assert (made["total"], made["contract_value"]) == (3, 2_500_000_000)
    assert figures.linkages(YEAR - 1)["total"] == 0
