"""Firm reports through the services: plausibility flags stored with the report, the
officer's check, refusals of impossible figures, and the published figures' migration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chuluc.core.errors import ApplicationError
from chuluc.monitoring import services
from chuluc.monitoring.enums import Flag, Quarter, ReportStatus
from chuluc.monitoring.models import FirmReport, PublishedAggregate
from chuluc.monitoring.published import read_published_rows
from tests.factories.monitoring import BN, GOOD_REPORT


def _period(officer, year=2024, quarter=Quarter.YEAR, **kw):
    return services.period_create(
        actor=officer, year=year, quarter=quarter, due_on=dt.date(year + 1, 3, 31), **kw
    )


def test_report_without_anomaly_is_submitted_unflagged(officer, rep_a, enterprise_a):
    report = services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=_period(officer), **GOOD_REPORT
    )
    assert (report.status, report.flags) == (ReportStatus.SUBMITTED, [])


def test_growth_beyond_threshold_is_flagged(officer, rep_a, enterprise_a):
    services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=_period(officer, 2023), **GOOD_REPORT
    )
    report = services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=_period(officer, 2024, growth_threshold_pct=30),
        **{**GOOD_REPORT, "revenue_vnd": 300 * BN},
    )
    assert report.status == ReportStatus.FLAGGED
    assert [(f["code"], f["field"]) for f in report.flags] == [(Flag.GROWTH, "revenue_vnd")]
    assert "+50,0%" in report.flags[0]["message"]


def test_export_above_revenue_uses_period_rate(officer, rep_a, enterprise_a):
    period = _period(officer, usd_rate=Decimal(25_000))
    # 10 million USD x 25.000 = 250 bn > 200 bn revenue
    report = services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=period,
        **{**GOOD_REPORT, "export_usd": Decimal(10_000_000)},
    )
    assert [f["code"] for f in report.flags] == [Flag.EXPORT_ABOVE_REVENUE]


def test_zero_where_impossible_is_flagged(officer, rep_a, enterprise_a):
    report = services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=_period(officer),
        **{**GOOD_REPORT, "employees": 0, "export_usd": Decimal(0)},
    )
    assert [(f["code"], f["field"]) for f in report.flags] == [(Flag.ZERO, "employees")]


def test_negative_figure_refused_and_nothing_stored(officer, rep_a, enterprise_a):
    with pytest.raises(ApplicationError, match="không được âm"):
        services.firm_report_submit(
            actor=rep_a,
            enterprise=enterprise_a,
            period=_period(officer),
            **{**GOOD_REPORT, "revenue_vnd": Decimal(-1)},
        )
    assert FirmReport.objects.count() == 0


def test_lines_only_for_recognised_products(officer, rep_a, enterprise_a, product_a):
    with pytest.raises(ApplicationError, match="sản phẩm được công nhận"):
        services.firm_report_submit(
            actor=rep_a,
            enterprise=enterprise_a,
            period=_period(officer),
            lines={product_a.pk: Decimal(5)},
            **GOOD_REPORT,
        )
    assert FirmReport.objects.count() == 0


def test_flagged_report_needs_a_note_to_be_checked(officer, rep_a, enterprise_a):
    report = services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=_period(officer),
        **{**GOOD_REPORT, "employees": 0},
    )
    with pytest.raises(ApplicationError, match="ghi chú"):
        services.firm_report_check(actor=officer, report=report, note=" ")
    report = services.firm_report_check(actor=officer, report=report, note="Đã gọi điện xác minh.")
    assert (report.status, report.checked_by, report.check_note) == (
        ReportStatus.CHECKED,
        officer,
        "Đã gọi điện xác minh.",
    )
    with pytest.raises(ApplicationError, match="đã được kiểm tra"):
        services.firm_report_check(actor=officer, report=report, note="lại")


def test_resubmission_replaces_figures_and_reopens(officer, rep_a, enterprise_a):
    period = _period(officer)
    first = services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=period, **GOOD_REPORT
    )
    services.firm_report_check(actor=officer, report=first, note="")
    again = services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=period, **{**GOOD_REPORT, "employees": 310}
    )
    assert (again.pk, again.employees, again.status, again.checked_by) == (
        first.pk,
        310,
        ReportStatus.SUBMITTED,
        None,
    )


def test_duplicate_period_refused(officer):
    _period(officer)
    with pytest.raises(ApplicationError, match="đã có"):
        _period(officer)


def test_published_aggregates_loaded_by_migration(db):
    rows = read_published_rows()
    assert PublishedAggregate.objects.count() == len(rows)
    assert set(PublishedAggregate.objects.values_list("year", flat=True)) == set(range(2018, 2026))
    row = PublishedAggregate.objects.get(year=2022, indicator="revenue_recognised")
    assert (row.value, row.unit, row.qualifier) == (Decimal(76_800), "tỷ đồng", "khoảng")
    assert all(p.source for p in PublishedAggregate.objects.all())
