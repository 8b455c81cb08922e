"""The product rules of the IIP (iip.md §2): status, discontinuation, linking, flags.

Used by :func:`chuluc.statistics.iip.compute_iip`; rows are in the tree's sorted order
except where said. Each rule ends up as :class:`~chuluc.statistics.types.ProductFlag` bits
and a :class:`~chuluc.statistics.types.ProductStatus` per product.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chuluc.statistics.hierarchy import Tree, aggregate
from chuluc.statistics.types import Basket, IIPOptions, ProductFlag, ProductStatus

__all__ = ["discontinued_months", "link_new_products", "product_flags", "product_statuses"]

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.intp]


def product_statuses(basket: Basket, quantities: Floats, options: IIPOptions) -> NDArray[np.int8]:
    """Each product's :class:`ProductStatus` (basket order): in the basket, no weight, or new
    (no base-year quantity) and then excluded, linked, or never observed when linking."""
    has_base = basket.base_quantities > 0  # NaN compares false: no base
    status = np.where(
        has_base,
        np.where(basket.product_weights > 0, ProductStatus.BASKET, ProductStatus.NO_WEIGHT),
        ProductStatus.NEW_EXCLUDED,
    ).astype(np.int8)
    if options.new_products == "link":
        new = np.flatnonzero(~has_base & (basket.product_weights > 0))
        seen = (quantities[new] > 0).any(axis=1)
        status[new] = np.where(seen, ProductStatus.NEW_LINKED, ProductStatus.NEW_NEVER_OBSERVED)
    return status


def discontinued_months(discontinued_from: ArrayLike | None, size: int, months: int) -> Ints | None:
    """The first discontinued month of each product (``months`` if active), or None if no
    product is discontinued within the data."""
    if discontinued_from is None:
        return None
    first = np.asarray(discontinued_from)
    if first.shape != (size,) or not np.issubdtype(first.dtype, np.integer):
        raise ValueError("discontinued_from must be (n,) integer month positions (-1: active)")
    first = np.where(first < 0, months, first).astype(np.intp)
    return first if (first < months).any() else None


def link_new_products(
    *,
    tree: Tree,
    quantities: Floats,
    relatives: Floats,
    valid: Bools,
    observed: Bools,
    rows: Ints,
) -> Ints:
    """Link new products in (iip.md §2 (b)); returns each row's link month (T if never).

    Month by month (a loop over months, not products): at its first positive month k a
    product's relatives are rescaled so that its relative at k equals its industry's
    completed index at k computed without it (nor any product linking at k).
    """
    months = quantities.shape[1]
    positive = quantities[rows] > 0
    link = np.where(positive.any(axis=1), positive.argmax(axis=1), months).astype(np.intp)
    pending = link.copy()
    for k in range(months):
        todo = np.flatnonzero(pending == k)
        if todo.shape[0] == 0:
            continue
        column = aggregate(tree, relatives[:, k : k + 1], valid[:, k : k + 1])
        product = rows[todo]
        level = column.index[0][tree.level4_of_row[product], 0]
        ok = np.isfinite(level) & (level > 0)
        done, scale = product[ok], level[ok] / quantities[product[ok], k]
        relatives[done, k:] = quantities[done, k:] * scale[:, None]
        valid[done, k:] = observed[done, k:]
        link[todo[ok]] = k
        for position in todo[~ok]:  # no industry level to link to: the next positive month
            later = np.flatnonzero(positive[position, k + 1 :])
            pending[position] = k + 1 + later[0] if later.shape[0] else months
            link[position] = pending[position]
    return link


def product_flags(
    *,
    imputed: Bools,
    zero: Bools,
    stopped: Bools | None,
    link_rows: Ints,
    link: Ints | None,
    excluded: Bools,
    no_weight: Bools,
) -> NDArray[np.uint8]:
    """The :class:`ProductFlag` array (sorted rows) from the cell and row conditions."""
    flags = imputed.view(np.uint8).copy()  # ProductFlag.IMPUTED == 1
    flags |= zero.view(np.uint8) * np.uint8(ProductFlag.ZERO)
    if stopped is not None:
        flags[stopped & ~excluded[:, None]] |= np.uint8(ProductFlag.DISCONTINUED)
    if link is not None:
        after = np.arange(flags.shape[1])[None, :] >= link[:, None]
        bits = np.where(after, ProductFlag.LINKED | ProductFlag.NEW, ProductFlag.NEW)
        flags[link_rows] |= bits.astype(np.uint8)
    flags[excluded] = np.uint8(ProductFlag.NEW | ProductFlag.EXCLUDED)
    flags[no_weight] |= np.uint8(ProductFlag.NO_WEIGHT)
    return flags
