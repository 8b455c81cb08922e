"""Inputs, options, flags and outputs of the IIP engine (``chuluc.statistics``).

Arrays are numpy arrays; ``n`` is the number of products, ``T`` the number of months and
``k`` the number of nodes of a level. Weights are data, one :class:`Basket` per base year
(iip.md §1 "Base year", §6), never code.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "LEVELS",
    "Basket",
    "Contributions",
    "IIPOptions",
    "Level",
    "LevelName",
    "NodeFlag",
    "ProductFlag",
    "ProductStatus",
]

LevelName = Literal["product", "level4", "level2", "level1", "total"]
#: The levels of the hierarchy, bottom up.
LEVELS: tuple[LevelName, ...] = ("product", "level4", "level2", "level1", "total")

Floats = NDArray[np.float64]


class ProductFlag(enum.IntFlag):
    """Bits of the product × month ``flags`` array (uint8): why a cell is what it is.

    A cell with no bit set is an observed, positive quantity of a basket product.
    """

    #: No usable quantity this month (missing, discontinued, or a new product not yet
    #: linked): the relative is imputed with the movement of its level-4 industry, which is
    #: the same as dropping it and renormalising the weights inside the industry (iip.md §2).
    IMPUTED = 1
    #: A reported zero output (plant stopped): a valid relative of 0, never imputed.
    ZERO = 2
    #: Discontinued from this month on (``discontinued_from``): always with ``IMPUTED``.
    DISCONTINUED = 4
    #: No base-year quantity (``q0`` is 0 or NaN): a new product.
    NEW = 8
    #: A new product linked in with the pseudo-base ``q0* = q_k / (I_L4,k / 100)``.
    LINKED = 16
    #: Not in the index: a new product left out until the next rebase; its index is NaN.
    EXCLUDED = 32
    #: In the basket with a product weight of 0: its relative is shown but weighs nothing.
    NO_WEIGHT = 64


class NodeFlag(enum.IntFlag):
    """Bits of a node level's ``flags`` array (uint8)."""

    #: No product of the node has data this month: the node's index is imputed with the
    #: movement of its parent (its weight renormalised away among its siblings).
    IMPUTED = 1
    #: Some weighted product below the node was imputed this month.
    PARTIAL = 2
    #: The node has no weighted product at all in this basket: its index is NaN and its
    #: value added does not enter its parent's normalisation.
    EMPTY = 4


class ProductStatus(enum.IntEnum):
    """What the engine did with a product over the whole run (``IIPResult.product_status``)."""

    BASKET = 0  #: base-year quantity and weight: in the index
    NO_WEIGHT = 1  #: base-year quantity but product weight 0: shown, weighs nothing
    NEW_EXCLUDED = 2  #: no base-year quantity: left out until the next rebase
    NEW_LINKED = 3  #: no base-year quantity: linked in at its first positive month
    NEW_NEVER_OBSERVED = 4  #: linking asked for, but the product never had a positive output


@dataclass(frozen=True, slots=True)
class IIPOptions:
    """The choices iip.md leaves open (VERIFY there); the defaults are documented in docs/iip.md.

    ``cumulative``
        ``"A"`` (default, iip.md §1 "Cumulative"): the ratio of the sums of the fixed-base
        index over the months of the two periods. ``"B"``: product relatives of the summed
        quantities of the two periods, aggregated with the fixed base-year weights.
    ``new_products``
        ``"exclude"`` (default, iip.md §2 option (a)): a product with no base-year quantity
        stays out until the next rebase. ``"link"`` (option (b)): it enters at its first
        positive month with a pseudo-base chosen so that its level-4 industry does not jump,
        and takes its own product weight within the industry.
    """

    cumulative: Literal["A", "B"] = "A"
    new_products: Literal["exclude", "link"] = "exclude"

    def __post_init__(self) -> None:
        if self.cumulative not in ("A", "B"):
            raise ValueError(f"cumulative must be 'A' or 'B', got {self.cumulative!r}")
        if self.new_products not in ("exclude", "link"):
            raise ValueError(f"new_products must be 'exclude' or 'link', got {self.new_products!r}")


def _weights(name: str, weights: Mapping[str, float]) -> Mapping[str, float]:
    out: dict[str, float] = {}
    for code, value in weights.items():
        number = float(value)
        if not np.isfinite(number) or number < 0:
            raise ValueError(f"{name}[{code!r}] must be a finite number ≥ 0, got {value!r}")
        out[str(code)] = number
    return MappingProxyType(out)


@dataclass(frozen=True, slots=True)
class Basket:
    """One base year's basket: the products, their industry and every weight (iip.md §1).

    ``product_ids`` (n,)
        Unique identifiers (any dtype).
    ``level4`` (n,)
        Each product's VSIC 2018 level-4 code (4 digits); its division and section follow
        from the code (:mod:`chuluc.statistics.vsic`).
    ``product_weights`` (n,)
        ``W_n``: gross output value of the product in the base year (≥ 0).
    ``base_quantities`` (n,) or (n, m)
        ``q_n,0``: the base year's monthly average quantity; given the base year's ``m``
        monthly quantities instead, the engine takes their mean (every month must be
        finite). 0 or NaN: no base-year output, i.e. a new product.
    ``level4_weights``, ``level2_weights``, ``level1_weights``
        Value added of each level-4 industry, level-2 division and section (letter) in the
        base year, at current prices (≥ 0). Every code that has a product must have one;
        a parent's value need not equal the sum of its children's (normalisation uses the
        children present, iip.md §1).
    """

    base_year: int
    product_ids: NDArray[np.generic]
    level4: NDArray[np.str_]
    product_weights: Floats
    base_quantities: Floats
    level4_weights: Mapping[str, float] = field(default_factory=dict)
    level2_weights: Mapping[str, float] = field(default_factory=dict)
    level1_weights: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        base_year: int,
        product_ids: ArrayLike,
        level4: ArrayLike,
        product_weights: ArrayLike,
        base_quantities: ArrayLike,
        level4_weights: Mapping[str, float],
        level2_weights: Mapping[str, float],
        level1_weights: Mapping[str, float],
    ) -> Basket:
        """Validate and convert the inputs; raises ``ValueError`` on inconsistent data."""
        ids = np.asarray(product_ids)
        codes = np.asarray(level4).astype(str)
        weights = np.asarray(product_weights, dtype=np.float64)
        base = np.asarray(base_quantities, dtype=np.float64)
        n = ids.shape[0] if ids.ndim == 1 else -1
        if ids.ndim != 1 or codes.shape != (n,) or weights.shape != (n,) or base.shape[:1] != (n,):
            raise ValueError("product_ids, level4, product_weights, base_quantities: one row each")
        if np.unique(ids).shape[0] != n:
            raise ValueError("product_ids must be unique")
        if not (np.isfinite(weights).all() and (weights >= 0).all()):
            raise ValueError("product_weights must be finite and ≥ 0")
        if base.ndim == 2:  # noqa: PLR2004 - the base year's monthly quantities
            if not np.isfinite(base).all():
                raise ValueError("base-year monthly quantities must all be given (impute first)")
            base = base.mean(axis=1)
        elif base.ndim != 1:
            raise ValueError("base_quantities must be (n,) or (n, months)")
        if (base < 0).any() or np.isinf(base).any():
            raise ValueError("base_quantities must be ≥ 0 (0 or NaN: new product)")
        return cls(
            base_year=int(base_year),
            product_ids=ids,
            level4=codes,
            product_weights=weights,
            base_quantities=base,
            level4_weights=_weights("level4_weights", level4_weights),
            level2_weights=_weights("level2_weights", level2_weights),
            level1_weights=_weights("level1_weights", level1_weights),
        )

    @property
    def size(self) -> int:
        """The number of products ``n``."""
        return int(self.product_ids.shape[0])


@dataclass(frozen=True, slots=True)
class Level:
    """One level of the result: products, level-4 industries, divisions, sections or total.

    ``codes`` (k,): product ids, VSIC codes, section letters, or ``["total"]``.
    ``parent`` (k,): the row of each node's parent in the next level up (-1 for the total).
    ``weight`` (k,): effective weight, the node's share of the total (iip.md §1); a level's
    weights sum to 1, and are 0 for excluded products and empty nodes.
    ``index`` (k, T): fixed-base index, base-year monthly average = 100. Imputed cells hold
    the imputed value (see ``flags``); excluded products and empty nodes are NaN.
    ``flags`` (k, T): :class:`ProductFlag` bits for products, :class:`NodeFlag` for nodes.
    """

    name: LevelName
    codes: NDArray[np.generic]
    parent: NDArray[np.intp]
    weight: Floats
    index: Floats
    flags: NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Contributions:
    """Percentage-point contributions of groups to the total growth (iip.md §3).

    ``comparison``: ``"mom"``, ``"yoy"``, ``"ytd"`` or ``"qtd"``; ``method``: ``"A"``/``"B"``.
    ``labels`` (g,): the groups' names. Arrays are (g, T) or (T,), NaN where the
    comparison period is not in the data.

    ``contribution``: ``C_G`` in percentage points; a partition sums to ``total_growth``.
    ``share``: the group's relative importance in the comparison period (``s_G``, a
    fraction: updated share for method A, base-year share for method B).
    ``growth``: the group's own growth in % (``g_G``; ``C_G = s_G · g_G``).
    ``share_of_growth``: ``100 · C_G / total_growth`` in %, NaN ("n/a") where
    ``|total_growth|`` is below the threshold.
    ``total_growth``: the total index's growth in % (= its index − 100).
    """

    comparison: str
    method: str
    labels: tuple[str, ...]
    contribution: Floats
    share: Floats
    growth: Floats
    share_of_growth: Floats
    total_growth: Floats
