"""Percentage-point contributions (chuluc.statistics.contributions and IIPResult).

The requirement of issue 7: the contributions of any partition of the products (key
products against the rest, sections, random groups) add up to the total growth within
1e-9, for MoM, YoY, YTD and QTD, by method A and B; method A equals the exact formula of
iip.md §3 (Fraction oracle); node contributions equal the sums of their products'.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuluc.statistics import Basket, compute_iip
from chuluc.statistics.contributions import group_labels
from tests.statistics import oracle
from tests.statistics.strategies import PROPERTY, cases, close, run

COMPARISONS = ("mom", "yoy", "ytd", "qtd")


def key_basket() -> tuple[Basket, np.ndarray]:
    """Three products: two key products (a in 1010, c in 3510) and b (1010), 13 months."""
    basket = Basket.build(
        base_year=2020,
        product_ids=["a", "b", "c"],
        level4=["1010", "1010", "3510"],
        product_weights=[3, 1, 1],
        base_quantities=[10, 10, 10],
        level4_weights={"1010": 3, "3510": 1},
        level2_weights={"10": 3, "35": 1},
        level1_weights={"C": 3, "D": 1},
    )
    q = np.full((3, 13), 10.0)
    q[:, 12] = [12.0, 8.0, 11.0]  # Jan 2025 against Jan 2024 (all 100)
    q[:, 11] = [11.0, 10.0, 10.0]  # Dec 2024
    return basket, q


def test_key_products_against_the_rest_by_hand():
    basket, q = key_basket()
    result = compute_iip(basket, q, start="2024-01")
    # w = (0.5625, 0.1875, 0.25); Jan 2025 = 0.5625·120 + 0.1875·80 + 0.25·110 = 110.0
    key = result.contributions(np.array([True, False, True]), comparison="yoy")
    assert key.labels == ("key", "rest")
    np.testing.assert_allclose(key.contribution[:, 12], [0.5625 * 20 + 0.25 * 10, 0.1875 * -20])
    assert key.total_growth[12] == pytest.approx(10.0)
    np.testing.assert_allclose(key.share[:, 12], [0.8125, 0.1875])
    np.testing.assert_allclose(
        key.growth[:, 12], [100 * (0.5625 * 120 + 27.5) / 81.25 - 100, -20.0]
    )
    np.testing.assert_allclose(key.share_of_growth[:, 12], [137.5, -37.5])
    assert np.isnan(key.contribution[:, :12]).all()  # no year-earlier month in the data
    # MoM: Dec 2024 = 0.5625·110 + 0.1875·100 + 0.25·100 = 105.625 is the base.
    mom = result.contributions(np.array([True, False, True]), comparison="mom")
    dec = 105.625
    np.testing.assert_allclose(
        mom.contribution[:, 12], [100 * (0.5625 * 10 + 0.25 * 10) / dec, 100 * 0.1875 * -20 / dec]
    )
    np.testing.assert_allclose(mom.contribution[:, 12].sum(), 100 * (110 / dec - 1))


def test_share_of_growth_is_na_when_the_total_barely_moves():
    basket, q = key_basket()
    q[:, 12] = [10.0, 10.0, 10.01]  # total +0.025 %
    result = compute_iip(basket, q, start="2024-01")
    table = result.contributions(np.array([True, True, False]), comparison="yoy")
    assert table.total_growth[12] == pytest.approx(0.025)
    assert np.isnan(table.share_of_growth[:, 12]).all()
    lower = result.contributions(np.array([True, True, False]), share_threshold_pp=0.01)
    np.testing.assert_allclose(lower.share_of_growth[:, 12], [0.0, 100.0], atol=1e-9)


@PROPERTY
@given(cases(min_months=13), st.data())
def test_partition_contributions_add_up_to_total_growth(case, data):
    result = run(case)
    n = len(case.codes)
    labels = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    labels[0] = 3  # four groups, some possibly empty
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    for comparison in COMPARISONS:
        for method in ("A", "B") if comparison in ("ytd", "qtd") else ("A",):
            for groups in (labels, mask):
                table = result.contributions(groups, comparison=comparison, method=method)
                total = table.total_growth
                defined = np.isfinite(total)
                np.testing.assert_allclose(
                    table.contribution[:, defined].sum(axis=0), total[defined], rtol=0, atol=1e-9
                )
                assert np.isnan(table.contribution[:, ~defined]).all()
                live = defined & (table.share > 0).all(axis=0)  # C_G = s_G · g_G
                np.testing.assert_allclose(
                    (table.share * table.growth)[:, live],
                    table.contribution[:, live],
                    rtol=1e-9,
                    atol=1e-9,
                )


@PROPERTY
@given(cases(min_months=13), st.data())
def test_contributions_equal_exact_formula(case, data):
    exact = oracle.compute(case)
    result = run(case)
    group = data.draw(st.lists(st.booleans(), min_size=len(case.codes), max_size=len(case.codes)))
    for comparison, lag in (("mom", 1), ("yoy", 12)):
        table = result.contributions(np.array(group), comparison=comparison)
        for t in range(lag, case.months):
            if exact.total[t] is None or not exact.total[t - lag]:  # no data, or nothing made
                assert np.isnan(table.contribution[0, t])
                continue
            assert close(table.contribution[0, t], oracle.contribution(exact, group, t, t - lag))
            growth = 100 * (exact.total[t] / exact.total[t - lag] - 1)
            assert close(table.total_growth[t], growth)


@PROPERTY
@given(cases(min_months=13))
def test_sections_contribute_the_sum_of_their_products(case):
    result = run(case)
    products = result.level("product")
    level4 = result.level("level4")
    level2 = result.level("level2")
    section_of_product = level2.parent[level4.parent[products.parent]]
    for comparison in COMPARISONS:
        for method in ("A", "B") if comparison in ("ytd", "qtd") else ("A",):
            by_products = result.contributions(
                section_of_product, comparison=comparison, method=method
            )
            by_nodes = result.node_contributions("level1", comparison=comparison, method=method)
            g = by_products.contribution.shape[0]
            np.testing.assert_allclose(
                by_products.contribution, by_nodes.contribution[:g], rtol=1e-9, atol=1e-9
            )
            defined = np.isfinite(by_nodes.total_growth)
            np.testing.assert_allclose(
                by_nodes.contribution[:, defined].sum(axis=0),
                by_nodes.total_growth[defined],
                atol=1e-9,
            )


def test_ytd_contributions_use_the_sums_of_the_period():
    basket, q = key_basket()
    q = np.concatenate([q, np.full((3, 1), 10.0)], axis=1)  # Feb 2025 back to base
    result = compute_iip(basket, q, start="2024-01")
    table = result.contributions(np.array([True, False, False]), comparison="ytd")
    # a: Jan+Feb 2025 = 120 + 100 against 100 + 100; the total's Jan+Feb 2024 = 200.
    assert table.contribution[0, 13] == pytest.approx(100 * 0.5625 * 20 / 200)
    assert table.total_growth[13] == pytest.approx(100 * ((110 + 100) / 200 - 1))
    exact = Fraction(110 + 100, 200)
    assert table.contribution[:, 13].sum() == pytest.approx(float(100 * (exact - 1)))


def test_method_b_only_for_cumulative_comparisons():
    basket, q = key_basket()
    result = compute_iip(basket, q, start="2024-01")
    with pytest.raises(ValueError, match="cumulative"):
        result.contributions(np.array([True, False, True]), comparison="yoy", method="B")
    with pytest.raises(ValueError, match="comparison"):
        result.contributions(np.array([True, False, True]), comparison="wow")


@pytest.mark.parametrize(
    ("groups", "names", "message"),
    [
        ([True, False], None, "one entry per product"),
        ([0.5, 1.0, 0.0], None, "boolean mask or integer"),
        ([0, -1, 1], None, "≥ 0"),
        ([0, 1, 1], ["only one"], "2 groups but 1 names"),
    ],
)
def test_invalid_groups_are_refused(groups, names, message):
    with pytest.raises(ValueError, match=message):
        group_labels(np.array(groups), 3, names)


def test_group_labels_names():
    labels, names = group_labels(np.array([2, 0, 0]), 3, ["x", "y", "z"])
    assert labels.tolist() == [2, 0, 0]
    assert names == ("x", "y", "z")
    assert group_labels(np.array([True, False, False]), 3)[1] == ("key", "rest")
