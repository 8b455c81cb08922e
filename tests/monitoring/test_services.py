"""Firm reports through the services: plausibility flags stored with the report, the
officer's check, refusals of impossible figures, and the published figures' migration."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.monitoring import services
from chuluc.monitoring.enums import Flag, Quarter, ReportStatus
from chuluc.monitoring.models import FirmReport, FirmReportVersion, PublishedAggregate
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


def test_resubmission_before_the_check_replaces_figures_as_a_new_version(
    officer, rep_a, enterprise_a
):
    period = _period(officer)
    first = services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=period, **GOOD_REPORT
    )
    again = services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=period, **{**GOOD_REPORT, "employees": 310}
    )
    assert (again.pk, again.employees, again.status, again.version) == (
        first.pk,
        310,
        ReportStatus.SUBMITTED,
        2,
    )
    assert list(again.versions.order_by("number").values_list("number", "employees")) == [
        (1, 300),
        (2, 310),
    ]


def _checked(officer, rep, enterprise, period):
    report = services.firm_report_submit(
        actor=rep, enterprise=enterprise, period=period, **GOOD_REPORT
    )
    return services.firm_report_check(actor=officer, report=report, note="")


def test_checked_report_is_never_overwritten(officer, rep_a, enterprise_a):
    """Issue 17, point 9: a report the Department had checked was replaced by a new
    submission, its status reset, without warning; now the submission needs a reason and
    waits as a new version, the checked figures staying in effect."""
    period = _period(officer)
    report = _checked(officer, rep_a, enterprise_a, period)
    changed = {**GOOD_REPORT, "revenue_vnd": 210 * BN}
    with pytest.raises(ApplicationError, match="lý do sửa"):
        services.firm_report_submit(actor=rep_a, enterprise=enterprise_a, period=period, **changed)
    report.refresh_from_db()
    assert (report.status, report.revenue_vnd, report.versions.count()) == (
        ReportStatus.CHECKED,
        200 * BN,
        1,
    )
    services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=period,
        reason="Số liệu kiểm toán điều chỉnh doanh thu.",
        **changed,
    )
    report.refresh_from_db()
    assert (report.status, report.revenue_vnd, report.version, report.checked_by) == (
        ReportStatus.CORRECTED,
        200 * BN,
        1,
        officer,
    )
    pending = report.versions.get(number=2)
    assert (pending.revenue_vnd, pending.reason, pending.checked_at) == (
        210 * BN,
        "Số liệu kiểm toán điều chỉnh doanh thu.",
        None,
    )


def test_checking_a_correction_puts_it_in_effect(officer, rep_a, enterprise_a, product_a):
    period = _period(officer)
    report = _checked(officer, rep_a, enterprise_a, period)
    period.refresh_from_db()
    assert period.revenue_total_vnd == 200 * BN
    services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=period,
        reason="Sửa doanh thu",
        **{**GOOD_REPORT, "revenue_vnd": 250 * BN},
    )
    period.refresh_from_db()
    assert (period.reports_count, period.revenue_total_vnd) == (1, 200 * BN)
    correction = AuditEntry.objects.filter(action="firm_report.correct").get()
    assert (correction.diff["reason"], correction.diff["version"]) == ("Sửa doanh thu", 2)
    report = services.firm_report_check(actor=officer, report=report, note="Đã đối chiếu.")
    assert AuditEntry.objects.filter(action="firm_report.check").count() == 2
    report.refresh_from_db()
    period.refresh_from_db()
    assert (report.status, report.revenue_vnd, report.version, report.check_note) == (
        ReportStatus.CHECKED,
        250 * BN,
        2,
        "Đã đối chiếu.",
    )
    assert (period.reports_count, period.revenue_total_vnd) == (1, 250 * BN)
    assert list(
        report.versions.order_by("number").values_list("number", "checked_by", "check_note")
    ) == [(1, officer.pk, ""), (2, officer.pk, "Đã đối chiếu.")]


def test_correction_changing_nothing_refused(officer, rep_a, enterprise_a):
    period = _period(officer)
    report = _checked(officer, rep_a, enterprise_a, period)
    with pytest.raises(ApplicationError, match="không thay đổi"):
        services.firm_report_submit(
            actor=rep_a, enterprise=enterprise_a, period=period, reason="Nộp lại", **GOOD_REPORT
        )
    report.refresh_from_db()
    assert (report.status, report.versions.count()) == (ReportStatus.CHECKED, 1)


def test_flagged_correction_needs_a_note(officer, rep_a, enterprise_a):
    period = _period(officer)
    report = _checked(officer, rep_a, enterprise_a, period)
    services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=period,
        reason="Sửa số lao động",
        **{**GOOD_REPORT, "employees": 0},
    )
    with pytest.raises(ApplicationError, match="ghi chú"):
        services.firm_report_check(actor=officer, report=report, note="")
    report.refresh_from_db()
    assert (report.status, report.employees) == (ReportStatus.CORRECTED, 300)


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


def test_reports_made_before_versions_become_their_version_1(officer, rep_a, enterprise_a):
    """Migration 0005: each report already stored is its own version 1 (figures, lines,
    flags and check)."""
    period = _period(officer)
    report = services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=period, **{**GOOD_REPORT, "employees": 0}
    )
    services.firm_report_check(actor=officer, report=report, note="Đã xác minh.")
    FirmReportVersion.objects.all().delete()
    migration = importlib.import_module("chuluc.monitoring.migrations.0005_report_versions")
    migration.first_versions(apps, None)
    version = FirmReportVersion.objects.get()
    assert (version.report, version.number, version.employees, version.check_note) == (
        report,
        1,
        0,
        "Đã xác minh.",
    )
    assert [f["code"] for f in version.flags] == [Flag.ZERO]
