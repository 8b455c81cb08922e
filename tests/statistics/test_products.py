"""The product rules of iip.md §2 (chuluc.statistics.products, through compute_iip).

One small basket holds one product of each kind (observed, missing then zero, discontinued,
new, new without a base quantity, alone in its industry, without weight); the flags, the
statuses and every value are pinned by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from chuluc.statistics import (
    Basket,
    IIPOptions,
    NodeFlag,
    ProductFlag,
    ProductStatus,
    compute_iip,
)

IMP, ZER, DIS, NEW, LNK, EXC, NOW = (
    ProductFlag.IMPUTED,
    ProductFlag.ZERO,
    ProductFlag.DISCONTINUED,
    ProductFlag.NEW,
    ProductFlag.LINKED,
    ProductFlag.EXCLUDED,
    ProductFlag.NO_WEIGHT,
)


def rules_basket() -> Basket:
    """Seven products in 1010 (a–e, g) and 1020 (f): one of each kind."""
    return Basket.build(
        base_year=2020,
        product_ids=np.array(["a", "b", "c", "d", "e", "f", "g"]),
        level4=["1010", "1010", "1010", "1010", "1010", "1020", "1010"],
        product_weights=[10, 30, 20, 5, 7, 40, 0],
        base_quantities=[100, 50, 10, 0, np.nan, 8, 4],
        level4_weights={"1010": 3, "1020": 1},
        level2_weights={"10": 1},
        level1_weights={"C": 1},
    )


RULES_Q = np.array(
    [
        [100.0, 110.0, 120.0, 130.0],  # a: observed
        [50.0, np.nan, 60.0, 0.0],  # b: missing in month 1, zero output in month 3
        [10.0, 12.0, 14.0, 16.0],  # c: discontinued from month 2 (values ignored)
        [np.nan, 0.0, 9.0, 18.0],  # d: new (q0 = 0), first positive in month 2
        [5.0, 5.0, 5.0, 5.0],  # e: new (q0 NaN)
        [8.0, 4.0, np.nan, 2.0],  # f: the only product of 1020
        [4.0, np.nan, 8.0, 4.0],  # g: no weight
    ]
)
RULES_STOP = np.array([-1, -1, 2, -1, -1, -1, -1])


def test_product_rules_exclude_new_flags_and_values():
    result = compute_iip(rules_basket(), RULES_Q, start="2024-01", discontinued_from=RULES_STOP)
    products = result.level("product")
    assert list(result.product_status) == [
        ProductStatus.BASKET,
        ProductStatus.BASKET,
        ProductStatus.BASKET,
        ProductStatus.NEW_EXCLUDED,
        ProductStatus.NEW_EXCLUDED,
        ProductStatus.BASKET,
        ProductStatus.NO_WEIGHT,
    ]
    assert products.flags.tolist() == [
        [0, 0, 0, 0],
        [0, IMP, 0, ZER],
        [0, 0, IMP | DIS, IMP | DIS],
        [NEW | EXC] * 4,
        [NEW | EXC] * 4,
        [0, 0, IMP, 0],
        [NOW, IMP | NOW, NOW, NOW],
    ]
    # 1010 from a, b, c with weights 10, 30, 20 (the others weigh nothing here).
    month1 = (10 * 110 + 20 * 120) / 30  # b missing: dropped, weights renormalised
    month2 = (10 * 120 + 30 * 120) / 40  # c discontinued
    month3 = (10 * 130 + 30 * 0) / 40  # b's zero output is a real 0
    l4 = result.level("level4")
    np.testing.assert_allclose(l4.index[0], [100.0, month1, month2, month3], rtol=1e-12)
    # 1020 (only f) has no value in month 2: it takes its division's movement, i.e. 1010's.
    np.testing.assert_allclose(l4.index[1], [100.0, 50.0, month2, 25.0], rtol=1e-12)
    assert l4.flags.tolist() == [
        [0, NodeFlag.PARTIAL] + [NodeFlag.PARTIAL] * 2,
        [0, 0, NodeFlag.IMPUTED | NodeFlag.PARTIAL, 0],
    ]
    total = [100.0, 0.75 * month1 + 0.25 * 50.0, month2, 0.75 * month3 + 0.25 * 25.0]
    np.testing.assert_allclose(result.index("total")[0], total, rtol=1e-12)
    np.testing.assert_allclose(result.index("level2")[0], total, rtol=1e-12)
    nan = np.nan
    np.testing.assert_allclose(
        products.index,
        [
            [100, 110, 120, 130],
            [100, month1, 120, 0],
            [100, 120, month2, month3],
            [nan] * 4,
            [nan] * 4,
            [100, 50, month2, 25],
            [100, month1, 200, 100],
        ],
        rtol=1e-12,
    )
    np.testing.assert_allclose(products.weight, [0.125, 0.375, 0.25, 0, 0, 0.25, 0], rtol=1e-12)
    assert products.parent.tolist() == [0, 0, 0, 0, 0, 1, 0]


def test_product_rules_link_new_products_without_a_jump():
    options = IIPOptions(new_products="link")
    result = compute_iip(
        rules_basket(), RULES_Q, start="2024-01", discontinued_from=RULES_STOP, options=options
    )
    products = result.level("product")
    assert result.product_status[3] == ProductStatus.NEW_LINKED
    assert result.product_status[4] == ProductStatus.NEW_LINKED
    assert products.flags[3].tolist() == [NEW | IMP, NEW | IMP, NEW | LNK, NEW | LNK]
    assert products.flags[4].tolist() == [NEW | LNK] * 4
    # e (weight 7) links in month 0 at 1010's level, 100, and stays flat: relative 100.
    np.testing.assert_allclose(products.index[4], [100.0] * 4, rtol=1e-12)
    month1 = (10 * 110 + 20 * 120 + 7 * 100) / 37
    # d (weight 5) links in month 2 at 1010's level without it, so 1010 does not jump ...
    month2 = (10 * 120 + 30 * 120 + 7 * 100) / 47
    # ... then it moves with its own quantity (18 = 2 × 9).
    month3 = (10 * 130 + 30 * 0 + 5 * 2 * month2 + 7 * 100) / 52
    l4 = result.level("level4")
    np.testing.assert_allclose(l4.index[0], [100.0, month1, month2, month3], rtol=1e-12)
    np.testing.assert_allclose(products.index[3], [100.0, month1, month2, 2 * month2], rtol=1e-12)
    assert products.weight[3] == pytest.approx(5 / 72 * 0.75)
    assert products.weight[4] == pytest.approx(7 / 72 * 0.75)


def test_node_with_only_new_products_is_empty_and_takes_no_weight():
    basket = Basket.build(
        base_year=2020,
        product_ids=[1, 2, 3],
        level4=["1010", "1020", "3510"],
        product_weights=[1, 1, 1],
        base_quantities=[10, 0, 5],
        level4_weights={"1010": 1, "1020": 5, "3510": 1},
        level2_weights={"10": 1, "35": 1},
        level1_weights={"C": 2, "D": 1},
    )
    result = compute_iip(basket, [[20.0, 30.0], [7.0, 8.0], [5.0, 10.0]], start="2024-01")
    l4 = result.level("level4")
    assert l4.flags[1].tolist() == [NodeFlag.EMPTY] * 2
    assert np.isnan(l4.index[1]).all()
    assert l4.weight.tolist() == pytest.approx([2 / 3, 0, 1 / 3])
    np.testing.assert_allclose(result.index()[0], [(2 * 200 + 100) / 3, (2 * 300 + 200) / 3])
