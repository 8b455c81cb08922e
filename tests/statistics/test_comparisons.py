"""MoM, YoY, cumulative yoy and rounding (chuluc.statistics.comparisons)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuluc.statistics.comparisons import (
    cumulative_yoy,
    month_on_month,
    months_from,
    period_sums,
    round_half_up,
    year_on_year,
)
from tests.statistics.strategies import PROPERTY

series = st.lists(st.floats(1.0, 500.0), min_size=13, max_size=40)
starts = st.sampled_from(["2021-01", "2021-02", "2021-03", "2021-07", "2021-12"])


def test_month_on_month_and_year_on_year():
    x = np.arange(100.0, 126.0)
    np.testing.assert_allclose(month_on_month(x)[1:], 100 * x[1:] / x[:-1])
    assert np.isnan(month_on_month(x)[0])
    np.testing.assert_allclose(year_on_year(x)[12:], 100 * x[12:] / x[:-12])
    assert np.isnan(year_on_year(x)[:12]).all()
    assert np.isnan(year_on_year(x[:5])).all()


def test_zero_base_gives_nan_not_infinity():
    assert np.isnan(month_on_month([0.0, 5.0])[1])


def test_period_sums_start_in_the_year_and_quarter():
    x = np.ones(8)
    # Starts in March: Jan and Feb are not in the data, so the first year's sums are NaN.
    assert np.isnan(period_sums(x, "2021-03", "year")).all()
    np.testing.assert_allclose(period_sums(x, "2021-03", "quarter")[1:], [1, 2, 3, 1, 2, 3, 1])
    assert np.isnan(period_sums(x, "2021-03", "quarter")[0])
    np.testing.assert_allclose(period_sums(x, "2021-11", "year")[2:], [1, 2, 3, 4, 5, 6])
    two = np.vstack([x, 2 * x])
    np.testing.assert_allclose(period_sums(two, "2021-01", "quarter")[1], [2, 4, 6, 2, 4, 6, 2, 4])


def test_cumulative_yoy_by_hand():
    x = np.array([100.0] * 12 + [110.0, 90.0, 130.0])  # Jan–Mar of the second year
    ytd = cumulative_yoy(x, "2023-01")
    np.testing.assert_allclose(ytd[12:], [110.0, 100.0, 110.0])
    assert np.isnan(ytd[:12]).all()
    np.testing.assert_allclose(cumulative_yoy(x, "2023-01", "quarter")[12:], [110.0, 100.0, 110.0])
    months = months_from("2023-11", 3)
    assert [str(m) for m in months] == ["2023-11", "2023-12", "2024-01"]


@PROPERTY
@given(series)
def test_mom_chained_over_twelve_months_equals_yoy(values):
    x = np.array(values)
    mom = month_on_month(x) / 100
    chained = np.array([np.prod(mom[t - 11 : t + 1]) for t in range(12, len(x))])
    np.testing.assert_allclose(100 * chained, year_on_year(x)[12:], rtol=1e-10)


@PROPERTY
@given(st.lists(st.floats(1.0, 500.0), min_size=21, max_size=21))
def test_nine_months_is_the_quarters_weighted_by_last_years_levels(values):
    # iip.md §5(c): 9M yoy = mean of the quarterly yoy weighted by last year's quarter levels.
    x = np.array(values[:12] + values[12:21])  # Jan of year 1 to Sep of year 2
    ytd = cumulative_yoy(x, "2022-01")[20]
    quarters = cumulative_yoy(x, "2022-01", "quarter")[[14, 17, 20]]
    last_year = np.array([x[0:3].sum(), x[3:6].sum(), x[6:9].sum()])
    assert ytd == pytest.approx((quarters * last_year).sum() / last_year.sum(), rel=1e-12)
    assert quarters.min() - 1e-9 <= ytd <= quarters.max() + 1e-9


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (315.49995, 2, 315.50),
        (296.1900727, 2, 296.19),
        (2.675, 2, 2.68),
        (-2.675, 2, -2.68),
        (0.05, 1, 0.1),
        (2.6499999, 1, 2.6),
        (103.04999999999, 1, 103.1),
    ],
)
def test_round_half_up(value, decimals, expected):
    assert round_half_up(value, decimals) == expected
