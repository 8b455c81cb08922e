"""The IIP engine (chuluc.statistics.iip): textbook examples, properties, method B.

The textbook examples of iip.md §5(a) pin the published decimals (the product rules of
iip.md §2 are pinned in test_products.py); Hypothesis checks the engine against the exact oracle (tests/statistics/oracle.py) and the
invariants of iip.md §5: an unchanged basket is 100, units and product order do not matter.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuluc.statistics import (
    Basket,
    IIPOptions,
    compute_iip,
    round_half_up,
)
from tests.statistics import oracle
from tests.statistics.strategies import PROPERTY, basket_of, cases, close, quantities_of, run


def single_level(q0: list[int], q1: list[int], weights: list[int]) -> float:
    """``Σ(q1/q0·100)W / ΣW`` through the engine: every product in one level-4 industry."""
    basket = Basket.build(
        base_year=2005,
        product_ids=np.arange(len(q0)),
        level4=["1010"] * len(q0),
        product_weights=weights,
        base_quantities=q0,
        level4_weights={"1010": 1},
        level2_weights={"10": 1},
        level1_weights={"C": 1},
    )
    return float(compute_iip(basket, np.array(q1, float)[:, None], start="2018-01").index()[0, 0])


def consistent_hierarchy(q0: list[int], q1: list[int], weights: list[int]) -> float:
    """The same data, each industry its own level-4 node in a different division, with node
    value added equal to the sums of the product weights below (the consistency condition)."""
    codes = ["0510", "0810", "1010", "2410", "3510", "3600"][: len(q0)]
    va4 = dict(zip(codes, weights, strict=True))
    va2: dict[str, int] = {}
    va1: dict[str, int] = {}
    for code, w in va4.items():
        va2[code[:2]] = va2.get(code[:2], 0) + w
    for division, w in va2.items():
        section = {"05": "B", "08": "B", "10": "C", "24": "C", "35": "D", "36": "E"}[division]
        va1[section] = va1.get(section, 0) + w
    basket = Basket.build(
        base_year=2005,
        product_ids=np.arange(len(q0)),
        level4=codes,
        product_weights=[1] * len(q0),
        base_quantities=q0,
        level4_weights=va4,
        level2_weights=va2,
        level1_weights=va1,
    )
    return float(compute_iip(basket, np.array(q1, float)[:, None], start="2018-01").index()[0, 0])


BYJUS_2018 = (  # electrical, metallurgical, mechanical, mining, textiles, misc: q0, q1, W
    [12, 22, 72, 100, 60, 123],
    [70, 37, 105, 123, 130, 270],
    [36, 12, 10, 22, 8, 12],
)
BYJUS_3 = ([35, 413, 10], [107, 1225, 27], [10, 85, 5])  # mining, manufacturing, electricity


@pytest.mark.parametrize("compute", [single_level, consistent_hierarchy])
def test_textbook_2005_2018_published_decimals(compute):
    value = compute(*BYJUS_2018)
    exact = sum(Fraction(q1, q0) * 100 * w for q0, q1, w in zip(*BYJUS_2018, strict=True)) / sum(
        BYJUS_2018[2]
    )
    assert round_half_up(value, 2) == 315.50
    assert round_half_up(value, 5) == 315.49995
    assert abs(value - float(exact)) < 1e-10


@pytest.mark.parametrize("compute", [single_level, consistent_hierarchy])
def test_textbook_three_sectors_published_decimals(compute):
    value = compute(*BYJUS_3)
    assert round_half_up(value, 2) == 296.19
    assert round_half_up(value, 5) == 296.19007


# ---------------------------------------------------------------------- properties


@PROPERTY
@given(cases())
def test_engine_equals_exact_oracle(case):
    exact = oracle.compute(case)
    result = run(case)
    assert all(close(v, e) for v, e in zip(result.index()[0], exact.total, strict=True))
    for name, table in (
        ("level4", exact.level4),
        ("level2", exact.level2),
        ("level1", exact.level1),
    ):
        level = result.level(name)
        assert [str(c) for c in level.codes] == sorted(table)
        for row, code in enumerate(level.codes):
            assert all(close(v, e) for v, e in zip(level.index[row], table[str(code)], strict=True))
    products = result.level("product")
    for row, values in enumerate(exact.products):
        assert all(close(v, e) for v, e in zip(products.index[row], values, strict=True))
        assert close(products.weight[row], exact.weights[row])


@PROPERTY
@given(cases(new=False, zeros=False, discontinued=False))
def test_unchanged_basket_is_100_everywhere(case):
    for row, q0 in enumerate(case.base):  # every quantity equals the base, some missing
        case.quantities[row] = [None if q is None else q0 for q in case.quantities[row]]
    case.quantities[0] = [case.base[0]] * case.months  # some data every month
    result = run(case)
    for name in ("level4", "level2", "level1", "total"):
        level = result.level(name)
        live = level.weight > 0
        np.testing.assert_allclose(level.index[live], 100.0, rtol=1e-12)
    products = result.level("product")
    np.testing.assert_allclose(products.index, 100.0, rtol=1e-12)


@PROPERTY
@given(cases(), st.data())
def test_scaling_a_products_unit_changes_nothing(case, data):
    row = data.draw(st.integers(0, len(case.codes) - 1))
    factor = data.draw(st.sampled_from([1e-3, 0.37, 7.0, 1000.0, 2.5e5]))
    before = run(case)
    basket, q = basket_of(case), quantities_of(case)
    base = basket.base_quantities.copy()
    base[row] *= factor
    q[row] *= factor
    scaled = Basket.build(
        base_year=2020,
        product_ids=basket.product_ids,
        level4=basket.level4,
        product_weights=basket.product_weights,
        base_quantities=base,
        level4_weights=case.va4,
        level2_weights=case.va2,
        level1_weights=case.va1,
    )
    stop = np.array(case.discontinued) if case.discontinued else None
    options = IIPOptions(new_products="link" if case.link else "exclude")
    after = compute_iip(scaled, q, start="2021-01", discontinued_from=stop, options=options)
    for name in ("product", "level4", "level2", "level1", "total"):
        np.testing.assert_allclose(after.index(name), before.index(name), rtol=1e-9, atol=1e-9)
        assert (after.level(name).flags == before.level(name).flags).all()


@PROPERTY
@given(cases(), st.permutations(range(12)))
def test_permuting_products_changes_nothing(case, permutation):
    order = [i for i in permutation if i < len(case.codes)]
    before = run(case)
    shuffled = oracle.Case(
        codes=[case.codes[i] for i in order],
        weights=[case.weights[i] for i in order],
        base=[case.base[i] for i in order],
        quantities=[case.quantities[i] for i in order],
        va4=case.va4,
        va2=case.va2,
        va1=case.va1,
        discontinued=[case.discontinued[i] for i in order] if case.discontinued else [],
        link=case.link,
    )
    after = run(shuffled)
    for name in ("level4", "level2", "level1", "total"):
        np.testing.assert_allclose(after.index(name), before.index(name), rtol=1e-12, atol=1e-12)
        assert (after.level(name).flags == before.level(name).flags).all()
    products_before, products_after = before.level("product"), after.level("product")
    np.testing.assert_allclose(
        products_after.index, products_before.index[order], rtol=1e-12, atol=1e-12
    )
    assert (products_after.flags == products_before.flags[order]).all()
    assert (after.product_status == before.product_status[order]).all()


# ---------------------------------------------------------------------- cumulative method B


def two_products(q: list[list[float]]) -> tuple[Basket, np.ndarray]:
    basket = Basket.build(
        base_year=2020,
        product_ids=[1, 2],
        level4=["1010", "1010"],
        product_weights=[1, 1],
        base_quantities=[10, 10],
        level4_weights={"1010": 1},
        level2_weights={"10": 1},
        level1_weights={"C": 1},
    )
    return basket, np.array(q, dtype=np.float64)


def test_cumulative_methods_a_and_b_differ_as_iip_md_says():
    # Jan–Feb of 2023 and 2024: product 1 doubles from a small level, product 2 falls.
    basket, q = two_products([[1, 1] + [10] * 10 + [2, 2], [20, 20] + [10] * 10 + [10, 10]])
    result = compute_iip(basket, q, start="2023-01")
    # A: Σ B over Jan–Feb 2024 / Σ over Jan–Feb 2023 = (2·(10+50)) / (2·(5+100)) × 100.
    assert result.ytd()[0, 13] == pytest.approx(100 * 60 / 105)
    # B: the products' own cumulative relatives (4/2 and 20/40), base-weighted: (200 + 50) / 2.
    assert result.ytd(method="B")[0, 13] == pytest.approx(125.0)
    b = compute_iip(basket, q, start="2023-01", options=IIPOptions(cumulative="B"))
    assert b.ytd()[0, 13] == pytest.approx(125.0)
    # For a single product, both are the ratio of its summed quantities.
    products = result.level("product").index
    np.testing.assert_allclose(result.ytd("product")[:, 13], [200.0, 50.0])
    np.testing.assert_allclose(result.ytd("product", method="B")[:, 13], [200.0, 50.0])
    assert np.isnan(result.ytd(method="B")[0, :12]).all()
    assert products.shape == (2, 14)


def test_method_b_imputes_a_product_with_nothing_last_year():
    basket, q = two_products([[0] * 12 + [5], [10] * 12 + [15]])
    result = compute_iip(basket, q, start="2023-01")
    # Product 1 made nothing in Jan 2023: no relative; it takes product 2's, 150.
    assert result.ytd(method="B")[0, 12] == pytest.approx(150.0)
    assert np.isnan(result.ytd("product")[0, 12])


# ---------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"product_ids": [1, 1]}, "unique"),
        ({"level4": ["101", "1010"]}, "4 digits"),
        ({"level4": ["4510", "1010"]}, "not in an industrial section"),
        ({"product_weights": [-1, 1]}, "product_weights"),
        ({"base_quantities": [-1, 1]}, "base_quantities"),
        ({"base_quantities": [[1, np.nan], [1, 1]]}, "impute"),
        (
            {"level4_weights": {"1010": 1}, "level4": ["1010", "1020"]},
            "level4_weights has no value for 1020",
        ),
        ({"level2_weights": {"10": -2}}, "level2_weights"),
        ({"product_weights": [0, 0]}, "no weighted product"),
    ],
)
def test_invalid_basket_is_refused(change, message):
    fields = {
        "base_year": 2020,
        "product_ids": [1, 2],
        "level4": ["1010", "1010"],
        "product_weights": [1, 1],
        "base_quantities": [10, 10],
        "level4_weights": {"1010": 1},
        "level2_weights": {"10": 1},
        "level1_weights": {"C": 1},
    } | change
    with pytest.raises(ValueError, match=message):
        compute_iip(Basket.build(**fields), np.ones((2, 1)), start="2024-01")


def test_base_year_months_are_averaged():
    basket = Basket.build(
        base_year=2020,
        product_ids=[1],
        level4=["1010"],
        product_weights=[1],
        base_quantities=[[8.0, 12.0, 10.0, 10.0]],
        level4_weights={"1010": 1},
        level2_weights={"10": 1},
        level1_weights={"C": 1},
    )
    assert basket.base_quantities.tolist() == [10.0]
    assert compute_iip(basket, [[15.0]], start="2024-01").index()[0, 0] == 150.0


@pytest.mark.parametrize(
    ("quantities", "kwargs", "message"),
    [
        (np.ones((2, 1, 1)), {}, "quantities must be"),
        (np.ones((3, 2)), {}, "quantities must be"),
        (np.array([[1.0], [-1.0]]), {}, "≥ 0"),
        (np.array([[1.0], [np.inf]]), {}, "≥ 0"),
        (np.ones((2, 2)), {"discontinued_from": [0.5, 1]}, "discontinued_from"),
        (np.ones((2, 2)), {"options": "link"}, "new_products"),
    ],
)
def test_invalid_quantities_are_refused(quantities, kwargs, message):
    basket, _ = two_products([[1], [1]])
    if kwargs.get("options") == "link":
        with pytest.raises(ValueError, match=message):
            IIPOptions(new_products="linked")  # type: ignore[arg-type]
        return
    with pytest.raises(ValueError, match=message):
        compute_iip(basket, quantities, start="2024-01", **kwargs)
