"""Reporting units → product quantities (chuluc.statistics.units): summed or matched sample.

iip.md §2 "Sample changes": GSO sums the quantities of the sampled units, so a new plant
raises the index (``sample="summed"``, the default); a matched sample compares only units
present in the base and this month (``sample="matched"``).
"""

from __future__ import annotations

import numpy as np
import pytest

from chuluc.statistics.units import product_quantities

# Product 0: units A (base 10) and B (base 30); a new plant C (no base) from month 1.
# Product 1: unit D, which misses month 2. Product 2: no unit at all.
OWNER = [0, 1, 0, 0]
BASE = [10.0, 5.0, 30.0, 0.0]
UNITS = [
    [10.0, 12.0, 12.0],  # A
    [5.0, 6.0, np.nan],  # D
    [30.0, 30.0, np.nan],  # B did not report in month 2
    [0.0, 20.0, 20.0],  # C, new
]


def test_summed_sample_counts_the_new_plant_and_marks_missing_units():
    base, q = product_quantities(
        unit_product=OWNER, unit_base=BASE, unit_quantities=UNITS, products=3
    )
    assert base.tolist() == [40.0, 5.0, 0.0]
    np.testing.assert_array_equal(
        q, [[40.0, 62.0, np.nan], [5.0, 6.0, np.nan], [np.nan, np.nan, np.nan]]
    )


def test_matched_sample_ignores_the_new_plant_and_drops_missing_units():
    base, q = product_quantities(
        unit_product=OWNER, unit_base=BASE, unit_quantities=UNITS, products=3, sample="matched"
    )
    assert base.tolist() == [40.0, 5.0, 0.0]
    # Month 1: (12 + 30) / (10 + 30) of the base; month 2: only A reported, 12 / 10.
    np.testing.assert_allclose(
        q, [[40.0, 42.0, 48.0], [5.0, 6.0, np.nan], [np.nan, np.nan, np.nan]]
    )


def test_no_units_gives_new_missing_products():
    base, q = product_quantities(
        unit_product=[], unit_base=[], unit_quantities=np.empty((0, 2)), products=2
    )
    assert base.tolist() == [0.0, 0.0]
    assert np.isnan(q).all()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sample": "mixed"}, "sample"),
        ({"unit_product": [0, 1, 0, 3]}, "product rows"),
        ({"unit_base": [1.0, 1.0]}, "one row per unit"),
        ({"unit_quantities": [[-1.0]] * 4}, "≥ 0"),
    ],
)
def test_invalid_units_are_refused(change, message):
    fields = {"unit_product": OWNER, "unit_base": BASE, "unit_quantities": UNITS, "products": 3}
    with pytest.raises(ValueError, match=message):
        product_quantities(**(fields | change))
