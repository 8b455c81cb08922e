"""Indicators declared as data: each computed value against the records, the distinct
counts against the yearly ones, and the documentation covering every indicator."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from chuluc.campaigns.models import Dossier, YearFigures
from chuluc.monitoring import indicators as ind
from chuluc.monitoring import selectors, services
from chuluc.monitoring.annual_report import build_annual_report
from tests.factories.monitoring import BN, two_years

DOC = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"


@pytest.fixture
def world(officer, rep_a, enterprise_a, enterprise_b):
    return two_years(officer=officer, rep=rep_a, enterprise=enterprise_a, enterprise_b=enterprise_b)


def test_indicators_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [i.code for i in ind.INDICATORS if f"`{i.code}`" not in text]
    assert missing == []


def test_indicator_codes_unique_and_targets_known():
    codes = [i.code for i in ind.INDICATORS]
    assert len(codes) == len(set(codes))
    assert {i.target for i in ind.INDICATORS if i.target} == {
        "products_recognised",
        "enterprises_recognised",
        "first_time_products",
        "support_coverage",
    }


def test_indicator_values_for_two_years(world):
    assert ind.compute_all(2024) == {
        "products_recognised": 4,
        "enterprises_recognised": 1,
        "first_time_products": 4,
        "renewed_products": 0,
        "top_products": 2,
        "distinct_products_since": 4,
        "distinct_enterprises_since": 1,
        "fdi_enterprises": 0,
        "top500_enterprises": 0,
        "large_enterprises": 0,
        "revenue_recognised": 0,
        "export_recognised": 0,
        "applicant_products": 4,
        "eligible_products": 4,
        "support_coverage": 0,
        "difficulties_resolved_on_time": 0,
        "linkages": 0,
    }
    assert ind.compute_all(2025) == {
        "products_recognised": 5,
        "enterprises_recognised": 3,
        "first_time_products": 3,
        "renewed_products": 2,
        "top_products": 3,
        "distinct_products_since": 7,
        "distinct_enterprises_since": 3,
        "fdi_enterprises": 1,
        "top500_enterprises": 1,
        "large_enterprises": 1,
        "revenue_recognised": 1_250 * BN + Decimal("312500000000"),
        "export_recognised": 7_750_000,
        "applicant_products": 5,
        "eligible_products": 5,
        "support_coverage": 0,
        "difficulties_resolved_on_time": 0,
        "linkages": 0,
    }


def test_distinct_counts_a_product_recognised_twice_once(world):
    product = world["renewed"][0]
    yearly = [ind.indicator("products_recognised").records(y) for y in (2024, 2025)]
    assert [qs.filter(product=product).count() for qs in yearly] == [1, 1]
    assert ind.indicator("products_recognised").compute(2024) + ind.indicator(
        "products_recognised"
    ).compute(2025) == Decimal(9)
    assert ind.indicator("distinct_products_since").compute(2025) == Decimal(7)


def test_large_enterprises_fall_back_to_dossier_figures(world, enterprise_a):
    # Enterprise A reported 1.250 bn for 2024; without the report its dossiers' product
    # revenue (3 x 150 bn) is used, which is not above 1.000 bn.
    world["reports"][0].delete()
    assert ind.enterprise_revenues(2025)[enterprise_a.pk] == 450 * BN
    assert ind.indicator("large_enterprises").compute(2025) == 0


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_compute_all_equals_each_indicator_computed_alone(world, year):
    """``compute_all`` reads some indicators together, and takes values the caller knows."""
    alone = {i.code: i.compute(year) for i in ind.INDICATORS}
    assert ind.compute_all(year) == alone
    assert ind.compute_all(year, known={"support_coverage": Decimal(42)}) == {
        **alone,
        "support_coverage": Decimal(42),
    }


@pytest.mark.parametrize("b_reports", [False, True])
def test_large_enterprises_counted_in_the_database_as_listed(
    world, officer, enterprise_b, b_reports
):
    """Enterprise B (recognised in 2025) is large by its report, or without a report by its
    dossiers' figures; the count read with the other indicators (which skips the dossiers'
    figures when every firm reported) equals the listed records and the count alone."""
    if b_reports:
        services.firm_report_submit(
            actor=officer,
            enterprise=enterprise_b,
            period=world["period"],
            revenue_vnd=1_500 * BN,
            production_value_vnd=1_400 * BN,
            export_usd=Decimal(1),
            employees=10,
        )
    else:
        dossier = Dossier.objects.get(
            campaign=world["w25"]["campaign"], product__name="Cáp điện thử"
        )
        YearFigures.objects.update_or_create(
            dossier=dossier, year=2024, defaults={"revenue_vnd": 1_100 * BN}
        )
    listed = ind.indicator("large_enterprises").records(2025)
    assert listed.values("enterprise").distinct().count() == 2
    assert ind.indicator("large_enterprises").compute(2025) == 2
    assert ind.compute_all(2025)["large_enterprises"] == 2


def _money(year: int, officer) -> tuple:
    """What the indicators, the dashboard's series, the annual report and the officer's list
    read of the year − 1 whole-year reports."""
    values = ind.compute_all(year)
    series = selectors.revenue_export_per_year()[year - 1]
    return (
        values["revenue_recognised"],
        values["export_recognised"],
        ind.indicator("revenue_recognised").compute(year),
        build_annual_report(year).values["revenue_recognised"],
        (series["revenue"], series["n"]),
        ind.indicator("revenue_recognised").records(year).count(),
        selectors.reports_for(officer).count(),
    )


def test_versions_are_never_counted_twice(world, officer, rep_a):
    """Every aggregate reads one version per report: the checked figures while a correction
    waits, the correction's once checked; never both."""
    report = world["reports"][0]
    before = _money(2025, officer)
    assert before[0] == 1_250 * BN + Decimal("312500000000")
    services.firm_report_check(actor=officer, report=report, note="")
    services.firm_report_submit(
        actor=rep_a,
        enterprise=report.enterprise,
        period=world["period"],
        revenue_vnd=1_300 * BN,
        production_value_vnd=1_100 * BN,
        export_usd=Decimal(5_500_000),
        employees=900,
        reason="Doanh thu sau kiểm toán",
    )
    assert report.versions.count() == 2
    assert _money(2025, officer) == before
    services.firm_report_check(actor=officer, report=report, note="Khớp báo cáo kiểm toán.")
    after = _money(2025, officer)
    assert after[0] == before[0] + 50 * BN
    assert after[1:3] == (before[1], after[0])
    assert after[3] == after[0]
    assert after[4] == (before[4][0] + 50 * BN, before[4][1])
    assert after[5:] == before[5:]
    assert selectors.period_totals_differ() == []
