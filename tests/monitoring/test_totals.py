"""The totals each reporting period keeps of its reports: added by the submitting service in
its transaction, equal to the reports' sums, repaired by a refresh after a bulk load, and
read by the dashboard's yearly series."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from chuluc.core import lifecycle
from chuluc.monitoring import selectors, services
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.models import FirmReport, ReportingPeriod

BN = Decimal(10) ** 9


def _period(officer, year=2024, quarter=Quarter.YEAR):
    return services.period_create(
        actor=officer, year=year, quarter=quarter, due_on=dt.date(year + 1, 3, 31)
    )


def _submit(actor, enterprise, period, revenue_bn: int, export: int):
    return services.firm_report_submit(
        actor=actor,
        enterprise=enterprise,
        period=period,
        revenue_vnd=revenue_bn * BN,
        production_value_vnd=revenue_bn * BN,
        export_usd=Decimal(export),
        employees=100,
    )


def _totals(period) -> tuple:
    period.refresh_from_db()
    return period.reports_count, period.revenue_total_vnd, period.export_total_usd


def test_each_submission_adds_its_change(officer, rep_a, enterprise_a, enterprise_b):
    period = _period(officer)
    _submit(rep_a, enterprise_a, period, 200, 1_000_000)
    _submit(officer, enterprise_b, period, 300, 2_000_000)
    assert _totals(period) == (2, 500 * BN, Decimal(3_000_000))
    # a resubmission replaces the report's figures: the difference, not a second report
    _submit(rep_a, enterprise_a, period, 150, 500_000)
    assert _totals(period) == (2, 450 * BN, Decimal(2_500_000))
    assert selectors.period_totals_differ() == []


def test_failed_submission_leaves_the_totals(officer, rep_a, enterprise_a, monkeypatch):
    period = _period(officer)
    _submit(rep_a, enterprise_a, period, 200, 1_000_000)

    def broken(**kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(lifecycle, "audit_record", broken)  # the resubmission's row
    with pytest.raises(RuntimeError):
        _submit(rep_a, enterprise_a, period, 900, 9_000_000)
    assert _totals(period) == (1, 200 * BN, Decimal(1_000_000))
    assert FirmReport.objects.get().revenue_vnd == 200 * BN


def test_refresh_repairs_totals_written_around_the_service(officer, rep_a, enterprise_a):
    period, other = _period(officer), _period(officer, 2023)
    _submit(rep_a, enterprise_a, period, 200, 1_000_000)
    FirmReport.objects.update(revenue_vnd=250 * BN)  # a bulk path, no service
    assert selectors.period_totals_differ() == [period.pk]
    assert services.period_totals_refresh() == 2
    assert selectors.period_totals_differ() == []
    assert _totals(period) == (1, 250 * BN, Decimal(1_000_000))
    assert _totals(other) == (0, 0, 0)


def test_migration_fills_the_totals_of_existing_reports(officer, rep_a, enterprise_a):
    period = _period(officer)
    _submit(rep_a, enterprise_a, period, 200, 1_000_000)
    ReportingPeriod.objects.update(reports_count=0, revenue_total_vnd=0, export_total_usd=0)
    migration = importlib.import_module("chuluc.monitoring.migrations.0004_period_totals")
    migration.fill_totals(apps, None)
    assert _totals(period) == (1, 200 * BN, Decimal(1_000_000))


def test_yearly_series_reads_whole_year_totals(officer, rep_a, enterprise_a, enterprise_b):
    year_2023, year_2024 = _period(officer, 2023), _period(officer, 2024)
    _period(officer, 2022)  # no report: not in the series
    quarter = _period(officer, 2024, Quarter.Q1)
    _submit(rep_a, enterprise_a, year_2023, 100, 10)
    _submit(rep_a, enterprise_a, year_2024, 200, 20)
    _submit(officer, enterprise_b, year_2024, 300, 30)
    _submit(rep_a, enterprise_a, quarter, 50, 5)  # a quarter is not a whole year
    series = selectors.revenue_export_per_year()
    assert list(series) == [2023, 2024]
    assert (series[2024]["revenue"], series[2024]["export"], series[2024]["n"]) == (
        500 * BN,
        Decimal(50),
        2,
    )
