"""Hypothesis strategies and helpers shared by the IIP tests: small random hierarchies."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from chuluc.statistics import Basket, IIPOptions, IIPResult, compute_iip
from tests.statistics.oracle import Case

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Level-4 codes across the four sections, two divisions of C, two industries of 10.
CODES = ("0510", "0710", "1010", "1020", "1311", "2410", "3510", "3600", "3821")


def basket_of(case: Case) -> Basket:
    """The engine's basket for an oracle case (product ids 0..n−1)."""
    return Basket.build(
        base_year=2020,
        product_ids=np.arange(len(case.codes)),
        level4=case.codes,
        product_weights=case.weights,
        base_quantities=case.base,
        level4_weights=case.va4,
        level2_weights=case.va2,
        level1_weights=case.va1,
    )


def quantities_of(case: Case) -> np.ndarray:
    """The (n, T) quantity matrix, NaN for missing."""
    return np.array(
        [[np.nan if q is None else float(q) for q in row] for row in case.quantities],
        dtype=np.float64,
    ).reshape(len(case.codes), case.months)


def run(case: Case, start: str = "2021-01", **options: str) -> IIPResult:
    """The engine on an oracle case."""
    discontinued = np.array(case.discontinued, dtype=np.int64) if case.discontinued else None
    return compute_iip(
        basket_of(case),
        quantities_of(case),
        start=start,
        discontinued_from=discontinued,
        options=IIPOptions(new_products="link" if case.link else "exclude", **options),  # type: ignore[arg-type]
    )


def close(value: float, exact: Fraction | None, tol: float = 1e-9) -> bool:
    """A float equals an exact value within ``tol`` relative (NaN ⇔ None)."""
    if exact is None:
        return bool(np.isnan(value))
    return abs(value - float(exact)) <= tol * max(1.0, abs(float(exact)))


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    min_months: int = 1,
    max_months: int = 27,
    missing: bool = True,
    new: bool = True,
    zeros: bool = True,
    discontinued: bool = True,
    link: bool | None = None,
) -> Case:
    """A random basket: 1–12 products in up to 9 level-4 industries, 1–27 months."""
    n = draw(st.integers(1, 12))
    months = draw(st.integers(min_months, max_months))
    codes = draw(st.lists(st.sampled_from(CODES), min_size=n, max_size=n))
    # At least one product with a base and a weight, so that the basket is never empty.
    weights = [
        draw(st.integers(1, 50)),
        *draw(st.lists(st.integers(0 if zeros else 1, 50), min_size=n - 1, max_size=n - 1)),
    ]
    base = [
        draw(st.integers(1, 40)),
        *draw(st.lists(st.integers(0 if new else 1, 40), min_size=n - 1, max_size=n - 1)),
    ]
    low = 0 if zeros else 1
    cell = st.integers(low, 60)
    if missing:
        cell = st.one_of(cell, cell, cell, st.none())
    quantities = [draw(st.lists(cell, min_size=months, max_size=months)) for _ in range(n)]
    stops = draw(st.lists(st.integers(-1, months), min_size=n, max_size=n)) if discontinued else []
    positive = st.integers(1, 30)
    va4 = {c: draw(positive) for c in CODES}
    va2 = {c[:2]: draw(positive) for c in CODES}
    va1 = {s: draw(positive) for s in "BCDE"}
    return Case(
        codes=codes,
        weights=weights,
        base=base,
        quantities=quantities,
        va4=va4,
        va2=va2,
        va1=va1,
        discontinued=stops,
        link=draw(st.booleans()) if link is None else link,
    )
