"""Synthetic IIP data for ``bench/iip.py``: a basket, monthly quantities, key products.

Numpy only (no Django, no pandas), written to one ``.npz`` that the engine and the peers
(pandas, pyindexnum, in their own virtualenv) all read, so that they compute on the same
numbers. The peers import ``load`` from here (numpy is in both environments).

The shape: ``products`` products in about 250 VSIC level-4 industries spread over every
industrial division (sections B–E), ``months`` consecutive months. Product weights and
base quantities are log-normal (units differ by orders of magnitude, as kWh and tonnes
do); quantities follow a trend, a seasonal pattern with a Tết dip and noise. Value added
is a random 20–50 % of each industry's output, so node weights are *not* consistent with
the product weights (the flat raw-weight index differs from the hierarchy, as in life).

The *irregular* variant adds what iip.md §2 is about: missing cells, reported zeros, new
products (no base-year quantity, data from a random month), discontinued products. The
*clean* variant has none, so that pyindexnum (which rejects zeros and does no imputation)
can compute the same flat index.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

DIVISIONS = [f"{d:02d}" for d in (*range(5, 10), *range(10, 34), 35, *range(36, 40))]
SECTION_OF = {
    d: "B" if d < "10" else "C" if d < "35" else "D" if d == "35" else "E" for d in DIVISIONS
}


@dataclass(frozen=True)
class Shape:
    """What to generate; ``tag`` names the files."""

    products: int = 100_000
    months: int = 100
    start: str = "2017-01"
    seed: int = 7
    irregular: bool = True
    missing: float = 0.01  #: share of cells missing (NaN)
    zeros: float = 0.002  #: share of cells with a reported zero output
    new: float = 0.005  #: share of products with no base-year quantity
    discontinued: float = 0.005  #: share of products discontinued from a random month
    key: float = 0.02  #: share of products that are "key products"

    @property
    def tag(self) -> str:
        kind = "irregular" if self.irregular else "clean"
        return f"n{self.products}-t{self.months}-{kind}"


def generate(shape: Shape) -> dict[str, np.ndarray]:
    """The arrays of one data set (see the module docstring)."""
    rng = np.random.default_rng(shape.seed)
    n, months = shape.products, shape.months

    # ~250 level-4 codes over every division; products drawn with a skewed distribution.
    per_division = rng.integers(3, 14, size=len(DIVISIONS))
    codes = sorted(
        {
            f"{d}{x:02d}"
            for d, k in zip(DIVISIONS, per_division, strict=True)
            for x in rng.choice(100, k, replace=False)
        }
    )
    popularity = rng.pareto(1.2, size=len(codes)) + 0.2
    level4 = np.array(codes)[rng.choice(len(codes), size=n, p=popularity / popularity.sum())]
    weights = rng.lognormal(10.0, 1.5, size=n)
    base = rng.lognormal(5.0, 2.0, size=n)

    # q_t = q0 · trend^t · season(month) · noise, float64, C order (products × months).
    month_of_year = (np.datetime64(shape.start, "M").astype(int) + np.arange(months)) % 12
    season = 1.0 + 0.08 * np.cos(2 * np.pi * month_of_year / 12)
    season[month_of_year == 1] *= 0.8  # Tết
    trend = np.exp(rng.normal(0.002, 0.004, size=n)[:, None] * np.arange(months)[None, :])
    quantities = rng.lognormal(0.0, 0.08, size=(n, months))
    quantities *= trend
    quantities *= season[None, :]
    quantities *= base[:, None]
    del trend

    discontinued_from = np.full(n, -1, dtype=np.int64)
    if shape.irregular:
        cells = rng.random((n, months))
        quantities[cells < shape.missing] = np.nan
        quantities[(cells >= shape.missing) & (cells < shape.missing + shape.zeros)] = 0.0
        del cells
        new = rng.random(n) < shape.new
        first = rng.integers(0, months, size=n)
        before = np.arange(months)[None, :] < first[:, None]
        quantities[new[:, None] & before] = np.nan
        base[new] = 0.0
        stop = (rng.random(n) < shape.discontinued) & ~new
        discontinued_from[stop] = rng.integers(1, months, size=int(stop.sum()))
        after = np.arange(months)[None, :] >= np.where(stop, discontinued_from, months)[:, None]
        quantities[after] = np.nan

    # Value added: 20–50 % of each node's output, so node and product weights disagree.
    mass = np.bincount(np.searchsorted(codes, level4), weights=weights, minlength=len(codes))
    va4 = {c: float(m) * rng.uniform(0.2, 0.5) for c, m in zip(codes, mass, strict=True)}
    va2: dict[str, float] = {}
    for c, v in va4.items():
        va2[c[:2]] = va2.get(c[:2], 0.0) + v * rng.uniform(0.9, 1.1)
    va1: dict[str, float] = {}
    for d, v in va2.items():
        va1[SECTION_OF[d]] = va1.get(SECTION_OF[d], 0.0) + v * rng.uniform(0.9, 1.1)

    return {
        "product_ids": np.arange(n, dtype=np.int64) * 7 + 1000,
        "level4": level4,
        "product_weights": weights,
        "base_quantities": base,
        "quantities": quantities,
        "discontinued_from": discontinued_from,
        "key": rng.random(n) < shape.key,
        "va4_codes": np.array(list(va4)),
        "va4": np.array(list(va4.values())),
        "va2_codes": np.array(list(va2)),
        "va2": np.array(list(va2.values())),
        "va1_codes": np.array(list(va1)),
        "va1": np.array(list(va1.values())),
        "start": np.array(shape.start),
        "shape": np.array(repr(asdict(shape))),
    }


def write(shape: Shape, path: Path) -> None:
    """Generate and save (uncompressed: loading must not dominate the measurement)."""
    np.savez(path, **generate(shape))


def load(path: Path) -> dict[str, np.ndarray]:
    """All arrays of a data set, loaded into memory."""
    with np.load(path) as data:
        return {name: data[name] for name in data.files}


def node_weights(data: dict[str, np.ndarray]) -> tuple[dict[str, float], ...]:
    """The three value-added tables (level 4, 2, 1) as code → value."""
    return tuple(
        dict(zip(data[f"{name}_codes"].tolist(), data[name].tolist(), strict=True))
        for name in ("va4", "va2", "va1")
    )
