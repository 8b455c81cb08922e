"""The VSIC hierarchy of a basket and the weighted aggregation through it (iip.md §1).

Products are sorted once by their level-4 code, so every node is a contiguous block of
rows at the level below and each aggregation is one ``np.add.reduceat`` per level: there is
no Python loop over products or months.

Aggregation, at every level (iip.md §1 steps 2–5)::

    I_L4 = Σ_n W_n·i_n / Σ_n W_n       over the products with a value this month
    I_L2 = Σ VA_L4·I_L4 / Σ VA_L4       over the level-4 industries with a value
    I_L1 = Σ VA_L2·I_L2 / Σ VA_L2, and I = Σ VA_L1·I_L1 / Σ VA_L1

Summing over the children *present* (with a value this month) is the imputation rule of
iip.md §2: a missing child takes the movement of its siblings, the same as dropping it and
renormalising their weights. :func:`aggregate` then *completes* every node (a node with no
value takes its parent's), so that the flat identity holds exactly every month::

    I_t = Σ_n w_n · î_n,t,   w_n = (W_n/ΣW_L4)·(VA_L4/ΣVA_L2)·(VA_L2/ΣVA_L1)·(VA_L1/ΣVA)

with ``î`` the completed relatives and ``w`` the static effective weights (Σ w_n = 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chuluc.statistics.types import Basket, NodeFlag
from chuluc.statistics.vsic import division_of, section_of

__all__ = ["Aggregate", "Tree", "aggregate", "build_tree", "flat_index", "node_flags"]

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Node:
    """One node level of the tree: codes, blocks of child rows, value added, weights."""

    codes: NDArray[np.str_]
    starts: Ints  #: first child row of each node (rows of the level below)
    parent: Ints  #: row of each node's parent one level up
    value_added: Floats  #: base-year VA, 0 for an empty node (no weighted product below)
    weight: Floats  #: effective weight: share of the total


@dataclass(frozen=True, slots=True)
class Tree:
    """The basket sorted by level-4 code, with the three node levels and the total.

    ``order[i]`` is the input row of sorted row ``i``; ``weights`` are the product weights
    in sorted order (0 for a product outside the index); ``product_weight`` the effective
    weights ``w_n`` in sorted order.
    """

    order: Ints
    identity: bool  #: the input was already sorted (no reordering copies needed)
    weights: Floats
    product_weight: Floats
    level4_of_row: Ints
    level4: Node
    level2: Node
    level1: Node

    @property
    def nodes(self) -> tuple[Node, Node, Node]:
        """The node levels, bottom up."""
        return (self.level4, self.level2, self.level1)


def _blocks(keys: list[str]) -> tuple[NDArray[np.str_], Ints, Ints]:
    """Unique sorted keys, the start of each key's block, and each row's block."""
    codes, starts, inverse = np.unique(np.asarray(keys), return_index=True, return_inverse=True)
    return codes, starts.astype(np.intp), inverse.astype(np.intp)


def _value_added(name: str, codes: NDArray[np.str_], mapping: Mapping[str, float]) -> Floats:
    missing = [str(c) for c in codes if str(c) not in mapping]
    if missing:
        raise ValueError(f"{name} has no value for {', '.join(missing[:10])}")
    return np.array([mapping[str(c)] for c in codes], dtype=np.float64)


def _share(value: Floats, starts: Ints, parent_weight: Floats, parent: Ints) -> Floats:
    """Each node's weight within its parent times the parent's effective weight."""
    total = np.add.reduceat(value, starts)[parent]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, value / total, 0.0)
    return share * parent_weight[parent]


def build_tree(basket: Basket, weighted: Bools) -> Tree:
    """The tree of ``basket``; ``weighted`` (n,) marks the products in the index.

    A product outside the index (a new product left out) gets weight 0. A node whose
    products all weigh 0 is *empty*: its value added is set to 0 so that it takes no share
    of its parent (normalisation over the children present, iip.md §1).
    """
    codes4, _, product_block = _blocks(list(basket.level4))
    order = np.argsort(product_block, kind="stable").astype(np.intp)
    identity = bool((order == np.arange(order.shape[0])).all())
    block = product_block[order]
    counts4 = np.bincount(block, minlength=codes4.shape[0])
    starts4 = np.concatenate([[0], np.cumsum(counts4)[:-1]]).astype(np.intp)
    weights = np.where(weighted, basket.product_weights, 0.0)[order]
    product_mass4 = np.add.reduceat(weights, starts4)

    divisions = [division_of(str(c)) for c in codes4]
    codes2, starts2, parent4 = _blocks(divisions)
    sections = [section_of(str(d)) for d in codes2]
    codes1, starts1, parent2 = _blocks(sections)

    va4 = _value_added("level4_weights", codes4, basket.level4_weights)
    va4 = np.where(product_mass4 > 0, va4, 0.0)
    va2 = _value_added("level2_weights", codes2, basket.level2_weights)
    va2 = np.where(np.add.reduceat(va4, starts2) > 0, va2, 0.0)
    va1 = _value_added("level1_weights", codes1, basket.level1_weights)
    va1 = np.where(np.add.reduceat(va2, starts1) > 0, va1, 0.0)
    if va1.sum() <= 0:
        raise ValueError("the basket has no weighted product (every weight is 0)")

    parent1 = np.zeros(codes1.shape[0], dtype=np.intp)
    w1 = _share(va1, np.zeros(1, dtype=np.intp), np.ones(1), parent1)
    w2 = _share(va2, starts1, w1, parent2)
    w4 = _share(va4, starts2, w2, parent4)
    product_weight = _share(weights, starts4, w4, block)
    return Tree(
        order=order,
        identity=identity,
        weights=weights,
        product_weight=product_weight,
        level4_of_row=block,
        level4=Node(codes4, starts4, parent4, va4, w4),
        level2=Node(codes2, starts2, parent2, va2, w2),
        level1=Node(codes1, starts1, parent1, va1, w1),
    )


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Completed indices of the node levels (bottom up: L4, L2, L1, total) and presence.

    ``index[j]`` is (k_j, m); ``present[j]`` marks the node-months computed from their own
    children (the others are imputed from the parent, or NaN for an empty node).
    """

    index: tuple[Floats, Floats, Floats, Floats]
    present: tuple[Bools, Bools, Bools, Bools]


def _up(values: Floats, present: Bools, weight: Floats, starts: Ints) -> tuple[Floats, Bools]:
    """Weighted mean of the present children of each block of rows."""
    numerator = np.add.reduceat(np.where(present, values * weight[:, None], 0.0), starts, axis=0)
    denominator = np.add.reduceat(np.where(present, weight[:, None], 0.0), starts, axis=0)
    has = denominator > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(has, numerator / denominator, np.nan)
    return index, has


def aggregate(tree: Tree, values: Floats, valid: Bools) -> Aggregate:
    """Aggregate product relatives ``values`` (n, m), sorted rows, up the tree.

    Cells where ``valid`` is false are ignored (their content may be NaN). Returns the
    completed node indices and where each node had a value of its own.
    """
    weighted = np.where(valid, values, 0.0)
    weighted *= tree.weights[:, None]
    starts4 = tree.level4.starts
    numerator = np.add.reduceat(weighted, starts4, axis=0)
    del weighted
    denominator = np.add.reduceat(np.where(valid, tree.weights[:, None], 0.0), starts4, axis=0)
    present4 = denominator > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        raw4 = np.where(present4, numerator / denominator, np.nan)
    raw2, present2 = _up(raw4, present4, tree.level4.value_added, tree.level2.starts)
    raw1, present1 = _up(raw2, present2, tree.level2.value_added, tree.level1.starts)
    total, present0 = _up(raw1, present1, tree.level1.value_added, np.zeros(1, dtype=np.intp))

    # Complete top down: a node with no value of its own takes its parent's movement.
    raws = (raw4, raw2, raw1)
    presents = (present4, present2, present1)
    completed: list[Floats] = [total]
    parent_index = total
    for j in (2, 1, 0):
        node = tree.nodes[j]
        index = np.where(presents[j], raws[j], parent_index[node.parent])
        index[node.value_added <= 0] = np.nan
        completed.insert(0, index)
        parent_index = index
    return Aggregate(
        index=(completed[0], completed[1], completed[2], completed[3]),
        present=(present4, present2, present1, present0),
    )


def complete_products(tree: Tree, values: Floats, valid: Bools, level4_index: Floats) -> None:
    """Write the completed level-4 index into the invalid cells of ``values``, in place."""
    rows, cols = np.nonzero(~valid)
    values[rows, cols] = level4_index[tree.level4_of_row[rows], cols]


def node_flags(tree: Tree, result: Aggregate, imputed_weighted: Bools) -> list[NDArray[np.uint8]]:
    """:class:`NodeFlag` arrays of the node levels (L4, L2, L1, total).

    ``imputed_weighted`` (n, m) marks product cells with a weight whose value was imputed.
    """
    partial = np.maximum.reduceat(imputed_weighted.view(np.uint8), tree.level4.starts, axis=0)
    out: list[NDArray[np.uint8]] = []
    nodes = (*tree.nodes, None)
    for j, node in enumerate(nodes):
        if j > 0:
            starts = tree.nodes[j].starts if node is not None else np.zeros(1, dtype=np.intp)
            partial = np.maximum.reduceat(partial, starts, axis=0)
        static = node.value_added > 0 if node is not None else np.ones(1, dtype=bool)
        flags = np.where(partial > 0, np.uint8(NodeFlag.PARTIAL), np.uint8(0))
        flags |= (static[:, None] & ~result.present[j]).view(np.uint8) * np.uint8(NodeFlag.IMPUTED)
        flags[~static] = np.uint8(NodeFlag.EMPTY)
        out.append(flags)
    return out


def flat_index(weights: ArrayLike, relatives: ArrayLike) -> Floats:
    """The flat Laspeyres ``Σ_n w_n i_n,t / Σ_n w_n`` (T,) of relatives (n, T).

    With the effective weights and the completed relatives of a result, this is the total
    of the hierarchy exactly (the identity of this module's docstring). With the raw product
    weights ``W_n`` and complete data it equals the hierarchical total when the node weights
    are *consistent*: every node's value added is the same multiple, per level, of the
    sum of the product weights below it (``VA_node = c_level · Σ_{n∈node} W_n``).
    """
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(w @ np.asarray(relatives, dtype=np.float64) / w.sum(), dtype=np.float64)
