"""The industrial production index (IIP, chỉ số sản xuất công nghiệp) engine, iip.md §1–§3.

:func:`compute_iip` takes one base year's :class:`~chuluc.statistics.types.Basket` and the
monthly quantities (products × months, NaN for missing) and computes, vectorised, the
fixed-base index of every product, level-4 industry, level-2 division, section and the
total for every month; :class:`IIPResult` derives MoM, YoY, YTD/QTD (method A or B) and
percentage-point contributions from it. Formulas: :mod:`.hierarchy` (aggregation),
:mod:`.comparisons`, :mod:`.contributions`; choices and conventions: docs/iip.md.

Products (iip.md §2), each flagged (:class:`~chuluc.statistics.types.ProductFlag`):

- *missing* (NaN): relative imputed with the movement of its level-4 industry (dropped and
  the industry's product weights renormalised); never treated as zero output;
- *zero output* (0): a valid relative of 0;
- *discontinued* (``discontinued_from``): imputed like a missing value from that month on;
- *new* (no base-year quantity): left out until the next rebase (default), or linked in
  at its first positive month with the pseudo-base ``q0* = q_k / (I_L4,k / 100)``, the
  industry's index at k without it, so that the industry does not jump.

This is a volume index of physical output. It is not the growth of industrial value added
(the GRDP figure, quarterly, from the national accounts, iip.md §0), which is kept apart.
"""

from __future__ import annotations

from typing import Literal, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chuluc.statistics.comparisons import (
    PERIOD_MONTHS,
    Period,
    cumulative_yoy,
    month_on_month,
    months_from,
    period_sums,
    year_on_year,
)
from chuluc.statistics.contributions import (
    COMPARISONS,
    DEFAULT_SHARE_THRESHOLD_PP,
    contributions_a,
    contributions_b,
    group_labels,
)
from chuluc.statistics.hierarchy import Tree, aggregate, build_tree, complete_products, node_flags
from chuluc.statistics.products import (
    discontinued_months,
    link_new_products,
    product_flags,
    product_statuses,
)
from chuluc.statistics.types import (
    LEVELS,
    Basket,
    Contributions,
    IIPOptions,
    Level,
    LevelName,
    ProductFlag,
    ProductStatus,
)

__all__ = ["IIPResult", "compute_iip"]

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.intp]
Method = Literal["A", "B"]
Array = TypeVar("Array", bound=np.ndarray)


def _readonly(array: Array) -> Array:
    array.setflags(write=False)
    return array


class IIPResult:
    """The fixed-base indices of every level, and what derives from them.

    Levels are named ``"product"``, ``"level4"``, ``"level2"``, ``"level1"``, ``"total"``.
    Product rows follow the basket's order. Arrays returned are read-only.
    """

    def __init__(
        self,
        *,
        basket: Basket,
        options: IIPOptions,
        months: NDArray[np.datetime64],
        tree: Tree,
        relatives: Floats,
        flags: NDArray[np.uint8],
        status: NDArray[np.int8],
        nodes: dict[str, Level],
    ) -> None:
        self.basket = basket
        self.options = options
        self.months = _readonly(months)
        self.product_status = _readonly(status)
        self._tree = tree
        self._relatives = _readonly(relatives)  # sorted rows, completed
        self._flags = _readonly(flags)  # sorted rows
        self._levels: dict[str, Level] = dict(nodes)
        self._method_b: dict[str, tuple[tuple[Floats, ...], Floats]] = {}
        self._weighted: Floats | None = None

    # ------------------------------------------------------------------ levels

    def _unsort(self, sorted_rows: Array) -> Array:
        if self._tree.identity:
            return sorted_rows
        out = np.empty_like(sorted_rows)
        out[self._tree.order] = sorted_rows
        return _readonly(out)

    def level(self, name: LevelName) -> Level:
        """The codes, parents, effective weights, fixed-base index and flags of a level."""
        if name not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {name!r}")
        if name not in self._levels:  # the products, built on first use (T × n copies)
            tree = self._tree
            self._levels[name] = Level(
                name="product",
                codes=self.basket.product_ids,
                parent=_readonly(self._unsort(tree.level4_of_row)),
                weight=_readonly(self._unsort(tree.product_weight)),
                index=self._unsort(self._relatives),
                flags=self._unsort(self._flags),
            )
        return self._levels[name]

    def index(self, name: LevelName = "total") -> Floats:
        """Fixed-base index (k, T): base-year monthly average = 100."""
        return self.level(name).index

    def mom(self, name: LevelName = "total") -> Floats:
        """Month t as % of month t−1, from the fixed-base index."""
        return month_on_month(self.index(name))

    def yoy(self, name: LevelName = "total") -> Floats:
        """Month t as % of the same month a year earlier, from the fixed-base index."""
        return year_on_year(self.index(name))

    def ytd(self, name: LevelName = "total", method: Method | None = None) -> Floats:
        """Year-to-date as % of the same months a year earlier (method A or B)."""
        return self.cumulative(name, "year", method)

    def qtd(self, name: LevelName = "total", method: Method | None = None) -> Floats:
        """Quarter-to-date yoy (in a quarter's last month: the quarter's yoy)."""
        return self.cumulative(name, "quarter", method)

    def cumulative(self, name: LevelName, period: Period, method: Method | None = None) -> Floats:
        """Cumulative yoy over the year or quarter to date; ``method`` defaults to the options'."""
        if period not in PERIOD_MONTHS:
            raise ValueError(f"period must be 'year' or 'quarter', got {period!r}")
        method = method or self.options.cumulative
        if method == "A":
            return cumulative_yoy(self.index(name), self.months[0], period)
        if method != "B":
            raise ValueError(f"method must be 'A' or 'B', got {method!r}")
        nodes, products = self._cumulative_b(period)
        if name == "product":
            return self._unsort(products)
        return nodes[LEVELS.index(name) - 1]

    def _cumulative_b(self, period: Period) -> tuple[tuple[Floats, ...], Floats]:
        """Method B: each product's summed quantities over the period to date in year y over
        the same months of y−1 (its completed relatives summed: q0 cancels), aggregated with
        the base-year weights. A product with nothing in the earlier period has no relative
        and is imputed with its industry's, like a missing value."""
        if period not in self._method_b:
            sums = period_sums(self._relatives, self.months[0], period)
            before = np.full(sums.shape, np.nan)
            before[:, 12:] = sums[:, :-12]
            valid = np.isfinite(sums) & (before > 0)
            with np.errstate(invalid="ignore", divide="ignore"):
                relatives = 100.0 * sums / before
            del sums, before
            result = aggregate(self._tree, relatives, valid)
            complete_products(self._tree, relatives, valid, result.index[0])
            relatives[self._excluded_rows()] = np.nan
            self._method_b[period] = (result.index, _readonly(relatives))
        return self._method_b[period]

    def _excluded_rows(self) -> Bools:
        return (self._flags[:, 0] & np.uint8(ProductFlag.EXCLUDED)) > 0

    # ------------------------------------------------------------------ contributions

    def contributions(
        self,
        groups: ArrayLike,
        *,
        comparison: str = "yoy",
        method: Method | None = None,
        names: list[str] | None = None,
        share_threshold_pp: float = DEFAULT_SHARE_THRESHOLD_PP,
    ) -> Contributions:
        """Contributions (pp) of groups of products to the total's growth (iip.md §3).

        ``groups``: a boolean mask (n,) of key products (groups ``"key"`` and ``"rest"``),
        or integer labels (n,) partitioning the products. ``comparison``: ``"mom"``,
        ``"yoy"``, ``"ytd"`` or ``"qtd"``; ``method`` (cumulative comparisons only)
        defaults to the options'. The groups' contributions sum to the total growth.
        """
        method = self._method(comparison, method)
        tree = self._tree
        labels, label_names = group_labels(groups, self.basket.size, names)
        rows = self._weighted_rows()
        labels = labels[tree.order][rows]
        matrix = np.zeros((len(label_names), rows.shape[0]))
        matrix[labels, np.arange(rows.shape[0])] = tree.product_weight[rows]
        if method == "B":
            period: Period = "year" if comparison == "ytd" else "quarter"
            nodes, relatives = self._cumulative_b(period)
            values = relatives if rows.shape[0] == relatives.shape[0] else relatives[rows]
            return contributions_b(
                _group_levels(matrix, values),
                matrix.sum(axis=1),
                nodes[-1][0],
                comparison=comparison,
                labels=label_names,
                threshold=share_threshold_pp,
            )
        return contributions_a(
            _group_levels(matrix, self._weighted_values()),
            self.index("total")[0],
            start=self.months[0],
            comparison=comparison,
            labels=label_names,
            threshold=share_threshold_pp,
        )

    def _weighted_rows(self) -> Ints:
        return np.flatnonzero(self._tree.product_weight > 0)

    def _weighted_values(self) -> Floats:
        """The completed relatives of the weighted products (sorted rows). Rows without a
        weight may hold NaN (0 × NaN is NaN), so they are left out: a copy, kept for the
        next call, when there are such rows."""
        if self._weighted is None:
            rows = self._weighted_rows()
            every = rows.shape[0] == self._relatives.shape[0]
            self._weighted = self._relatives if every else _readonly(self._relatives[rows])
        return self._weighted

    def node_contributions(
        self,
        name: LevelName,
        *,
        comparison: str = "yoy",
        method: Method | None = None,
        share_threshold_pp: float = DEFAULT_SHARE_THRESHOLD_PP,
    ) -> Contributions:
        """Contributions of every node of a level (e.g. the sections) from the nodes' own
        indices and effective weights; equal to the sums of their products' contributions."""
        method = self._method(comparison, method)
        level = self.level(name)
        weight = level.weight
        names = tuple(str(code) for code in level.codes)
        if method == "B":
            period: Period = "year" if comparison == "ytd" else "quarter"
            nodes, products = self._cumulative_b(period)
            values = self._unsort(products) if name == "product" else nodes[LEVELS.index(name) - 1]
            levels = np.where(weight[:, None] > 0, weight[:, None] * values, 0.0)
            return contributions_b(
                levels,
                weight,
                nodes[-1][0],
                comparison=comparison,
                labels=names,
                threshold=share_threshold_pp,
            )
        levels = np.where(weight[:, None] > 0, weight[:, None] * level.index, 0.0)
        return contributions_a(
            levels,
            self.index("total")[0],
            start=self.months[0],
            comparison=comparison,
            labels=names,
            threshold=share_threshold_pp,
        )

    def _method(self, comparison: str, method: Method | None) -> Method:
        if comparison not in COMPARISONS:
            raise ValueError(f"comparison must be one of {tuple(COMPARISONS)}, got {comparison!r}")
        if COMPARISONS[comparison][1] is None:
            if method not in (None, "A"):
                raise ValueError("method B applies to cumulative comparisons (ytd, qtd) only")
            return "A"
        chosen = method or self.options.cumulative
        if chosen not in ("A", "B"):
            raise ValueError(f"method must be 'A' or 'B', got {chosen!r}")
        return chosen


# ---------------------------------------------------------------------- computation


def _group_levels(matrix: Floats, values: Floats) -> Floats:
    """``X_G,t = Σ_{n∈G} w_n î_n,t``: (g, rows) @ (rows, T), computed as ``(Vᵀ Mᵀ)ᵀ``, which
    BLAS runs faster and steadier for a few groups and many products than ``M V``."""
    return np.ascontiguousarray((values.T @ matrix.T).T)


def compute_iip(
    basket: Basket,
    quantities: ArrayLike,
    *,
    start: str | np.datetime64,
    discontinued_from: ArrayLike | None = None,
    options: IIPOptions | None = None,
) -> IIPResult:
    """Compute the fixed-base IIP of every product, node and month.

    ``quantities`` (n, T): monthly physical quantities in the basket's product order, NaN
    for missing, 0 for a reported zero output. ``start``: the first month (``"2024-01"``).
    ``discontinued_from`` (n,): month position from which a product is discontinued (-1:
    active); those months are imputed whatever they hold. ``options``: the VERIFY choices.
    """
    options = options or IIPOptions()
    q = np.asarray(quantities, dtype=np.float64)
    n = basket.size
    if q.ndim != 2 or q.shape[0] != n or q.shape[1] < 1:  # noqa: PLR2004 - products × months
        raise ValueError(f"quantities must be (products={n}, months ≥ 1), got {q.shape}")
    if np.isinf(q).any() or (q < 0).any():
        raise ValueError("quantities must be ≥ 0 (NaN for missing)")
    months = q.shape[1]
    status = product_statuses(basket, q, options)
    in_index = (status == ProductStatus.BASKET) | (status == ProductStatus.NO_WEIGHT)
    linked = status == ProductStatus.NEW_LINKED
    tree = build_tree(basket, in_index | linked)
    order = tree.order

    qs = q if tree.identity else q[order]
    in_index_s, linked_s = in_index[order], linked[order]
    with np.errstate(divide="ignore"):
        scale = np.where(basket.base_quantities > 0, 100.0 / basket.base_quantities, 0.0)[order]
    relatives = qs * scale[:, None]
    observed = np.isfinite(qs)
    valid = observed & in_index_s[:, None] if not in_index_s.all() else observed.copy()
    stop = discontinued_months(discontinued_from, n, months)
    stopped = None
    if stop is not None:
        stopped = np.arange(months)[None, :] >= stop[order][:, None]
        observed &= ~stopped
        valid &= ~stopped
    link_rows = np.flatnonzero(linked_s)
    link = (
        link_new_products(
            tree=tree,
            quantities=qs,
            relatives=relatives,
            valid=valid,
            observed=observed,
            rows=link_rows,
        )
        if link_rows.size
        else None
    )

    result = aggregate(tree, relatives, valid)
    complete_products(tree, relatives, valid, result.index[0])
    excluded = ~(in_index_s | linked_s)
    relatives[excluded] = np.nan

    imputed = ~valid
    imputed[excluded] = False
    flags = product_flags(
        imputed=imputed,
        zero=(qs == 0) & valid,
        stopped=stopped,
        link_rows=link_rows,
        link=link,
        excluded=excluded,
        no_weight=in_index_s & (tree.weights == 0),
    )
    imputed &= tree.weights[:, None] > 0
    nodes: dict[str, Level] = {}
    node_bits = node_flags(tree, result, imputed)
    for j, name in enumerate(LEVELS[1:]):
        if j < len(tree.nodes):
            node = tree.nodes[j]
            codes, parent, weight = node.codes, node.parent, node.weight
        else:
            codes, parent, weight = np.array(["total"]), np.array([-1], np.intp), np.ones(1)
        nodes[name] = Level(
            name=name,
            codes=_readonly(codes),
            parent=_readonly(parent),
            weight=_readonly(weight),
            index=_readonly(result.index[j]),
            flags=_readonly(node_bits[j]),
        )
    return IIPResult(
        basket=basket,
        options=options,
        months=months_from(start, months),
        tree=tree,
        relatives=relatives,
        flags=flags,
        status=status,
        nodes=nodes,
    )
