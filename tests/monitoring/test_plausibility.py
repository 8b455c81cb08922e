"""The plausibility checks: revenue per employee against the range of
``data/plausibility.yaml`` (a quarter's range a quarter of the year's), the range read from
data, and the flags computed for figures not yet submitted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chuluc.monitoring import plausibility, selectors, services
from chuluc.monitoring.enums import Flag, Quarter
from chuluc.monitoring.models import FirmReport
from tests.factories.monitoring import BN, GOOD_REPORT


def _flags(figures, bounds=(Decimal(100), Decimal(1000))):
    return plausibility.plausibility_flags(
        FirmReport(**figures),
        previous=None,
        lines={},
        usd_rate=Decimal(25_000),
        growth_threshold_pct=50,
        revenue_per_employee=bounds,
    )


def test_one_dong_with_one_employee_is_flagged(officer, rep_a, enterprise_a):
    """Issue 17, point 9: revenue 1 đồng with 1 employee was accepted with no flag."""
    period = services.period_create(
        actor=officer, year=2023, quarter=Quarter.YEAR, due_on=dt.date(2024, 3, 31)
    )
    report = services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=period,
        revenue_vnd=Decimal(1),
        production_value_vnd=Decimal(1),
        export_usd=Decimal(0),
        employees=1,
    )
    assert [(f["code"], f["field"]) for f in report.flags] == [
        (Flag.REVENUE_PER_EMPLOYEE, "revenue_vnd")
    ]
    assert "thấp bất thường" in report.flags[0]["message"]


@pytest.mark.parametrize(
    ("revenue", "employees", "flagged"),
    [(99, 1, True), (100, 1, False), (1000, 1, False), (1001, 1, True), (2000, 4, False)],
)
def test_revenue_per_employee_outside_the_range(revenue, employees, flagged):
    figures = {
        "revenue_vnd": Decimal(revenue),
        "production_value_vnd": Decimal(revenue),
        "export_usd": Decimal(0),
        "employees": employees,
    }
    codes = [f["code"] for f in _flags(figures)]
    assert (Flag.REVENUE_PER_EMPLOYEE in codes) is flagged


def test_no_per_employee_flag_without_employees():
    figures = {**GOOD_REPORT, "export_usd": Decimal(0), "employees": 0}
    assert [f["code"] for f in _flags(figures)] == [Flag.ZERO]


def test_range_is_read_from_the_data_file(tmp_path):
    limits = plausibility.thresholds()
    assert limits == plausibility.read_thresholds(plausibility.DATA_FILE)
    assert limits.for_quarter(Quarter.Q2) == (
        limits.revenue_per_employee_min / 4,
        limits.revenue_per_employee_max / 4,
    )
    assert limits.for_quarter(Quarter.YEAR) == (
        limits.revenue_per_employee_min,
        limits.revenue_per_employee_max,
    )
    other = tmp_path / "plausibility.yaml"
    other.write_text("revenue_per_employee_vnd_per_year: {min: 5, max: 9}\n", encoding="utf-8")
    assert plausibility.read_thresholds(other).for_quarter(Quarter.YEAR) == (5, 9)
    other.write_text("revenue_per_employee_vnd_per_year: {min: 9, max: 5}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="below max"):
        plausibility.read_thresholds(other)


def test_flags_computed_before_anything_is_stored(officer, rep_a, enterprise_a):
    """The form's check step: the figures' flags against last year's report, nothing
    written."""
    last = services.period_create(
        actor=officer, year=2023, quarter=Quarter.YEAR, due_on=dt.date(2024, 3, 31)
    )
    services.firm_report_submit(actor=rep_a, enterprise=enterprise_a, period=last, **GOOD_REPORT)
    period = services.period_create(
        actor=officer, year=2024, quarter=Quarter.YEAR, due_on=dt.date(2025, 3, 31)
    )
    flags = selectors.report_flags(
        enterprise_a.pk, period, figures={**GOOD_REPORT, "revenue_vnd": 400 * BN}, lines={}
    )
    assert [(f["code"], f["field"]) for f in flags] == [(Flag.GROWTH, "revenue_vnd")]
    assert FirmReport.objects.count() == 1
