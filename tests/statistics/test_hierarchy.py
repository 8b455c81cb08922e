"""The VSIC tree and the aggregation through it (chuluc.statistics.hierarchy).

"Flat equals hierarchical" (iip.md §1, §5) in its two forms: always, with the effective
weights w_n and the completed relatives; and with the raw product weights W_n when the node
weights are consistent (VA_node = c_level · Σ_{n∈node} W_n, complete data), which fails
when they are not.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuluc.statistics import Basket, compute_iip
from chuluc.statistics.hierarchy import build_tree, flat_index
from chuluc.statistics.vsic import section_of
from tests.statistics import oracle
from tests.statistics.strategies import PROPERTY, basket_of, cases, close, run


@PROPERTY
@given(cases())
def test_effective_weights_follow_the_formula_and_sum_to_one(case):
    result = run(case)
    exact = oracle.compute(case)
    weights = result.level("product").weight
    assert all(close(w, e) for w, e in zip(weights, exact.weights, strict=True))
    assert sum(exact.weights) == 1
    for name in ("product", "level4", "level2", "level1", "total"):
        assert result.level(name).weight.sum() == pytest.approx(1.0, abs=1e-12)


@PROPERTY
@given(cases())
def test_flat_with_effective_weights_equals_hierarchical(case):
    result = run(case)
    products = result.level("product")
    live = products.weight > 0
    flat = flat_index(products.weight[live], products.index[live])
    np.testing.assert_allclose(flat, result.index()[0], rtol=1e-12)


@st.composite
def consistent(draw: st.DrawFn) -> tuple[oracle.Case, list[int]]:
    """Complete data, every product in the index, node VA = c_level × Σ W below."""
    case = draw(cases(missing=False, new=False, zeros=False, discontinued=False, link=False))
    factors = [draw(st.integers(1, 9)) for _ in range(3)]
    mass4: dict[str, int] = {}
    for code, w in zip(case.codes, case.weights, strict=True):
        mass4[code] = mass4.get(code, 0) + w
    case.va4 = {c: factors[0] * m for c, m in mass4.items()}
    case.va2, case.va1 = {}, {}
    for code, m in mass4.items():
        case.va2[code[:2]] = case.va2.get(code[:2], 0) + factors[1] * m
    for division, m in list(case.va2.items()):
        section = section_of(division)
        case.va1[section] = case.va1.get(section, 0) + factors[2] * m // factors[1]
    return case, factors


@PROPERTY
@given(consistent())
def test_flat_with_product_weights_equals_hierarchical_when_node_weights_consistent(drawn):
    case, _ = drawn
    result = run(case)
    relatives = result.level("product").index
    flat = flat_index(np.array(case.weights, dtype=float), relatives)
    np.testing.assert_allclose(flat, result.index()[0], rtol=1e-12)
    exact = [
        sum(Fraction(w * q * 100, b) for w, q, b in zip(case.weights, col, case.base, strict=True))
        / sum(case.weights)
        for col in zip(*case.quantities, strict=True)
    ]
    assert all(close(v, e) for v, e in zip(result.index()[0], exact, strict=True))


def test_flat_with_product_weights_differs_when_node_weights_are_not_consistent():
    basket = Basket.build(
        base_year=2020,
        product_ids=[1, 2],
        level4=["1010", "3510"],
        product_weights=[1, 1],
        base_quantities=[10, 10],
        level4_weights={"1010": 1, "3510": 1},
        level2_weights={"10": 1, "35": 1},
        level1_weights={"C": 3, "D": 1},  # C is 3/4 of VA but half of output
    )
    result = compute_iip(basket, [[20.0], [10.0]], start="2024-01")
    assert result.index()[0, 0] == pytest.approx(175.0)
    assert flat_index([1, 1], [[200.0], [100.0]])[0] == pytest.approx(150.0)


def test_tree_is_sorted_by_code_and_blocks_are_contiguous():
    basket = basket_of(
        oracle.Case(
            codes=["3510", "1010", "0510", "1010", "1020"],
            weights=[1, 2, 3, 4, 5],
            base=[1, 1, 1, 1, 1],
            quantities=[[1]] * 5,
            va4={"3510": 1, "1010": 1, "0510": 1, "1020": 1},
            va2={"35": 1, "10": 1, "05": 1},
            va1={"B": 1, "C": 1, "D": 1},
        )
    )
    tree = build_tree(basket, np.ones(5, dtype=bool))
    assert tree.order.tolist() == [2, 1, 3, 4, 0]
    assert not tree.identity
    assert tree.level4.codes.tolist() == ["0510", "1010", "1020", "3510"]
    assert tree.level4.starts.tolist() == [0, 1, 3, 4]
    assert tree.level2.codes.tolist() == ["05", "10", "35"]
    assert tree.level2.starts.tolist() == [0, 1, 3]
    assert tree.level1.codes.tolist() == ["B", "C", "D"]
    assert tree.level4_of_row.tolist() == [0, 1, 1, 2, 3]
    np.testing.assert_allclose(
        tree.product_weight, [1 / 3, 1 / 6 * 2 / 6, 1 / 6 * 4 / 6, 1 / 6, 1 / 3]
    )
