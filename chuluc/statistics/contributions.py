"""Percentage-point contributions of groups of products to the growth of the total IIP.

Method A (the default; iip.md §3, Fed G.17 "relative importance"). With the effective
product weights ``w_n`` (Σ w_n = 1) and the completed fixed-base relatives ``î_n,t``, a
group ``G`` of products has the *level* ``X_G,t = Σ_{n∈G} w_n î_n,t``; the total is
``B_t = Σ_G X_G,t`` for any partition (the flat identity of :mod:`.hierarchy`). Then, for
the comparison of month t with month s (s = t−1 for MoM, t−12 for YoY)::

    C_G = 100 · (X_G,t − X_G,s) / B_s                                    [pp]
        = s_G · g_G,   s_G = X_G,s / B_s,   g_G = 100 · (X_G,t / X_G,s − 1)

and Σ_G C_G = 100 · (B_t / B_s − 1), the total growth, exactly (in exact arithmetic;
within about 1e-12 in floating point). For the cumulative comparisons (YTD, QTD) every X
and B is replaced by its sum over the months of the period so far (iip.md §3 "Cumulative
(YTD) contribution"), which is additive for the same reason.

Method B (cumulative option, iip.md §1): the total is ``Σ_n w_n r_n`` with ``r_n`` the
product's direct cumulative relative; then ``C_G = Σ_{n∈G} w_n (r_n − 100)``, additive to
the total growth ``Σ_n w_n r_n − 100``, with the *base-year* share ``s_G = Σ_{n∈G} w_n``.

"Share of growth" (% đóng góp) is ``100 · C_G / g_total``, reported as NaN ("n/a") when
``|g_total|`` is below a threshold (0.05 pp by default, iip.md §3).

This is the IIP. Contributions to the growth of industrial value added (the GRDP figure,
``C_i = 100 (VA_i,t − VA_i,t−1) / VA_tot,t−1`` at constant prices) come from the national
accounts and are not computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from chuluc.statistics.comparisons import period_sums
from chuluc.statistics.types import Contributions

__all__ = [
    "COMPARISONS",
    "DEFAULT_SHARE_THRESHOLD_PP",
    "contributions_a",
    "contributions_b",
    "group_labels",
]

Floats = NDArray[np.float64]
#: Comparison → (lag in months, cumulation period or None).
COMPARISONS: dict[str, tuple[int, str | None]] = {
    "mom": (1, None),
    "yoy": (12, None),
    "ytd": (12, "year"),
    "qtd": (12, "quarter"),
}
#: Below this absolute total growth (pp) the share of growth is "n/a" (iip.md §3).
DEFAULT_SHARE_THRESHOLD_PP = 0.05


def group_labels(
    groups: ArrayLike, size: int, names: Sequence[str] | None = None
) -> tuple[NDArray[np.intp], tuple[str, ...]]:
    """Integer group labels (n,) and the groups' names.

    ``groups`` is either a boolean mask (key products → group 0 ``"key"``, the rest →
    group 1 ``"rest"``) or integer labels 0..g−1 that partition the products.
    """
    array = np.asarray(groups)
    if array.shape != (size,):
        raise ValueError(f"groups must have one entry per product ({size}), got {array.shape}")
    if array.dtype == np.bool_:
        labels = np.where(array, 0, 1).astype(np.intp)
        default: tuple[str, ...] = ("key", "rest")
    elif np.issubdtype(array.dtype, np.integer):
        if size and array.min() < 0:
            raise ValueError("group labels must be ≥ 0")
        labels = array.astype(np.intp)
        default = tuple(str(i) for i in range(int(labels.max()) + 1 if size else 0))
    else:
        raise ValueError("groups must be a boolean mask or integer labels")
    if names is None:
        return labels, default
    if len(names) != len(default):
        raise ValueError(f"{len(default)} groups but {len(names)} names")
    return labels, tuple(names)


def _shift(values: Floats, lag: int) -> Floats:
    out = np.full(values.shape, np.nan)
    if lag < values.shape[-1]:
        out[..., lag:] = values[..., :-lag]
    return out


def _share_of_growth(contribution: Floats, total_growth: Floats, threshold: float) -> Floats:
    with np.errstate(invalid="ignore", divide="ignore"):
        share = 100.0 * contribution / total_growth
    return np.where(np.abs(total_growth) >= threshold, share, np.nan)


def contributions_a(
    levels: Floats,
    total: Floats,
    *,
    start: np.datetime64,
    comparison: str,
    labels: tuple[str, ...],
    threshold: float = DEFAULT_SHARE_THRESHOLD_PP,
) -> Contributions:
    """Method-A contributions from the groups' levels ``X_G`` (g, T) and the total ``B`` (T,).

    The groups' levels must add up to the total (a partition of the weighted products).
    """
    lag, period = COMPARISONS[comparison]
    if period is not None:
        levels = period_sums(levels, start, period)  # type: ignore[arg-type]
        total = period_sums(total, start, period)  # type: ignore[arg-type]
    before, total_before = _shift(levels, lag), _shift(total, lag)
    total_before[total_before == 0] = np.nan  # growth from nothing is undefined
    defined = np.isfinite(total) & np.isfinite(total_before)
    with np.errstate(invalid="ignore", divide="ignore"):
        contribution = np.where(defined, 100.0 * (levels - before) / total_before, np.nan)
        share = before / total_before
        growth = np.where(before != 0, 100.0 * (levels / before - 1.0), np.nan)
        total_growth = 100.0 * (total / total_before - 1.0)
    return Contributions(
        comparison=comparison,
        method="A",
        labels=labels,
        contribution=contribution,
        share=share,
        growth=growth,
        share_of_growth=_share_of_growth(contribution, total_growth, threshold),
        total_growth=total_growth,
    )


def contributions_b(
    levels: Floats,
    shares: Floats,
    total: Floats,
    *,
    comparison: str,
    labels: tuple[str, ...],
    threshold: float = DEFAULT_SHARE_THRESHOLD_PP,
) -> Contributions:
    """Method-B contributions: ``levels`` (g, T) = Σ_{n∈G} w_n r_n, ``shares`` (g,) = Σ_{n∈G}
    w_n, ``total`` (T,) = the method-B cumulative index of the total."""
    defined = np.isfinite(total)  # months whose period (and the year before) is in the data
    contribution = np.where(defined, levels - 100.0 * shares[:, None], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        growth = np.where(shares[:, None] > 0, levels / shares[:, None] - 100.0, np.nan)
    total_growth = total - 100.0
    return Contributions(
        comparison=comparison,
        method="B",
        labels=labels,
        contribution=contribution,
        share=np.broadcast_to(shares[:, None], levels.shape).copy(),
        growth=growth,
        share_of_growth=_share_of_growth(contribution, total_growth, threshold),
        total_growth=total_growth,
    )
