"""From reporting units (enterprise × product) to product quantities for the IIP (iip.md §2).

The monthly survey reports quantities per enterprise and product; the engine takes one
quantity per product. How units that enter or leave the sample count is open (iip.md §2
"Sample changes", VERIFY with the statistics office), so it is a parameter:

``sample="summed"`` (default: what GSO does)
    ``q_n,t = Σ_u q_u,t`` and ``q_n,0 = Σ_u q_u,0``. A new plant raises the index, which is
    intended; a unit that has not reported makes the product-month missing (NaN), so that
    the engine imputes the product rather than count the unit as zero output.
``sample="matched"``
    Matched-sample relatives: only units with a base-year quantity that reported this
    month, ``q_n,t = q_n,0 · Σ_{u∈M_t} q_u,t / Σ_{u∈M_t} q_u,0``. A new plant changes
    nothing until the next rebase; a unit that has not reported drops out of both sums.

Vectorised: units are sorted by product once and summed with ``np.add.reduceat``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["product_quantities"]

Floats = NDArray[np.float64]


def _sums(values: Floats, starts: NDArray[np.intp]) -> Floats:
    return np.add.reduceat(values, starts, axis=0)


def product_quantities(
    *,
    unit_product: ArrayLike,
    unit_base: ArrayLike,
    unit_quantities: ArrayLike,
    products: int,
    sample: Literal["summed", "matched"] = "summed",
) -> tuple[Floats, Floats]:
    """Product base quantities (n,) and monthly quantities (n, T) from reporting units.

    ``unit_product`` (u,): the product row (0..n−1) of each unit; ``unit_base`` (u,): the
    unit's base-year monthly average (0 or NaN: not in the base-year frame);
    ``unit_quantities`` (u, T): monthly quantities, NaN where the unit did not report.
    A product without any unit gets base 0 and NaN quantities (a new product, missing).
    """
    if sample not in ("summed", "matched"):
        raise ValueError(f"sample must be 'summed' or 'matched', got {sample!r}")
    owner = np.asarray(unit_product, dtype=np.intp)
    base = np.nan_to_num(np.asarray(unit_base, dtype=np.float64), nan=0.0)
    q = np.asarray(unit_quantities, dtype=np.float64)
    if q.ndim != 2 or owner.shape != (q.shape[0],) or base.shape != owner.shape:  # noqa: PLR2004 - units × months
        raise ValueError("unit_product, unit_base and unit_quantities need one row per unit")
    if owner.size and (owner.min() < 0 or owner.max() >= products):
        raise ValueError(f"unit_product must be product rows 0..{products - 1}")
    if (base < 0).any() or np.isinf(base).any() or np.isinf(q).any() or (q < 0).any():
        raise ValueError("quantities must be finite and ≥ 0 (NaN for not reported)")

    product_base = np.zeros(products)
    product_q = np.full((products, q.shape[1]), np.nan)
    if owner.size == 0:
        return product_base, product_q
    order = np.argsort(owner, kind="stable")
    owner, base, q = owner[order], base[order], q[order]
    rows, starts = np.unique(owner, return_index=True)
    product_base[rows] = _sums(base, starts)
    reported = np.isfinite(q)
    if sample == "summed":
        totals = _sums(np.where(reported, q, 0.0), starts)
        complete = np.maximum.reduceat((~reported).view(np.uint8), starts, axis=0) == 0
        product_q[rows] = np.where(complete, totals, np.nan)
        return product_base, product_q
    matched = reported & (base > 0)[:, None]
    current = _sums(np.where(matched, q, 0.0), starts)
    before = _sums(np.where(matched, base[:, None], 0.0), starts)
    with np.errstate(invalid="ignore", divide="ignore"):
        product_q[rows] = np.where(
            before > 0, product_base[rows][:, None] * current / before, np.nan
        )
    return product_base, product_q
