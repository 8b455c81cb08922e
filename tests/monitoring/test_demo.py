"""The demo monitoring data: through the services, for demo enterprises only, idempotent."""

from __future__ import annotations

from chuluc.demo.monitoring import seed_monitoring
from chuluc.monitoring.enums import ReportStatus
from chuluc.monitoring.models import FirmReport, ReportingPeriod
from chuluc.registry.models import Enterprise
from tests.factories.decisions import decided
from tests.factories.portal import recognise
from tests.factories.registry import ProductFactory


def test_seed_monitoring_reports_for_demo_enterprises_only(
    officer, rep_a, enterprise_a, enterprise_b
):
    world = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2024)
    Enterprise.objects.filter(pk=enterprise_a.pk).update(is_demo=True)
    recognise(
        decision=world["decision"],
        product=ProductFactory(enterprise=enterprise_b, name="Không phải mẫu"),
        rank=9,
        actor=officer,
    )
    created = seed_monitoring(officer=officer)
    assert created == {
        "reporting_periods": 1,
        "firm_reports": 1,
        "flagged_reports": 0,
        "corrections": 1,
    }
    report = FirmReport.objects.get()
    assert (report.enterprise, report.period.year, report.lines.count()) == (enterprise_a, 2023, 4)
    # the checked report has a correction waiting, its checked figures still in effect
    assert (report.status, report.version, report.versions.count()) == (
        ReportStatus.CORRECTED,
        1,
        2,
    )
    assert seed_monitoring(officer=officer) == {
        "reporting_periods": 0,
        "firm_reports": 0,
        "flagged_reports": 0,
        "corrections": 0,
    }
    assert ReportingPeriod.objects.count() == 1
