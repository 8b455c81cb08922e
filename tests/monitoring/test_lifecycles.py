"""The firm report's lifecycle (chuluc/monitoring/lifecycles.py): before the check a new
submission replaces the figures; a checked report only receives corrections, which the
officer checks again. A refused event changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from chuluc.core.lifecycle import TransitionRefused
from chuluc.core.models import AuditEntry
from chuluc.monitoring import services
from chuluc.monitoring.enums import Quarter, ReportStatus
from chuluc.monitoring.lifecycles import FIRM_REPORT
from chuluc.monitoring.models import FirmReport
from tests.factories.monitoring import GOOD_REPORT


@pytest.fixture
def report(officer, rep_a, enterprise_a):
    period = services.period_create(
        actor=officer, year=2023, quarter=Quarter.YEAR, due_on=dt.date(2024, 3, 31)
    )
    return services.firm_report_submit(
        actor=rep_a, enterprise=enterprise_a, period=period, **GOOD_REPORT
    )


def _row(report) -> tuple:
    return FirmReport.objects.filter(pk=report.pk).values().get(), AuditEntry.objects.count()


@pytest.mark.parametrize("event", ["flag", "resubmit"])
def test_a_checked_report_is_neither_flagged_nor_replaced(officer, report, event):
    """Issue 17, point 9: ``flag`` and ``resubmit`` led from checked back to the start."""
    services.firm_report_check(actor=officer, report=report, note="")
    report.refresh_from_db()
    before = _row(report)
    with pytest.raises(TransitionRefused, match="Đã kiểm tra"):
        FIRM_REPORT.fire(report, event, actor=officer)
    assert _row(report) == before


def test_only_a_checked_report_is_corrected(rep_a, report):
    before = _row(report)
    with pytest.raises(TransitionRefused, match="Đã nộp"):
        FIRM_REPORT.fire(report, "correct", actor=rep_a)
    assert _row(report) == before


def test_only_an_officer_checks_a_correction(officer, rep_a, report):
    services.firm_report_check(actor=officer, report=report, note="")
    services.firm_report_submit(
        actor=rep_a,
        enterprise=report.enterprise,
        period=report.period,
        reason="Sửa lao động",
        **{**GOOD_REPORT, "employees": 320},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.CORRECTED
    before = _row(report)
    with pytest.raises(TransitionRefused, match="không có quyền"):
        FIRM_REPORT.fire(report, "check", actor=rep_a)
    assert _row(report) == before
    assert [t.event for t in FIRM_REPORT.available(report, actor=officer)] == [
        "correct",
        "check",
    ]
