"""Peer implementations of the IIP for ``bench/iip.py``: pandas, and pyindexnum (flat).

Runs under the peers' own interpreter (pandas and pyindexnum are not dependencies of the
project; see ``bench/iip.py``), one peer per process so that ``ru_maxrss`` is its own:

    PEERS/bin/python bench/iip_peers.py pandas DATA.npz OUT.npz
    PEERS/bin/python bench/iip_peers.py pyindexnum DATA.npz OUT.npz

Prints one ``RESULT {json}`` line (seconds per phase, peak memory, versions) and writes the
computed series to ``OUT.npz`` for the comparison with the engine.

*pandas* is the straightforward long-format implementation of the whole method of iip.md
(§1 hierarchy, §2 rules as the engine applies them: missing and discontinued cells dropped
and renormalised inside the level-4 industry, nodes without data completed from their
parent, new products left out), with MoM/YoY/YTD and the key-products contribution.

*pyindexnum* (0.4) computes bilateral price indices, two periods per call. The flat
quantity Laspeyres is obtained with the pseudo-price trick of iip.md §4: quantities as
``price_col`` and ``p0_n = w_n / q_n,0`` as ``quantity_col``, so that ``Σ q_t p0 / Σ q0 p0
= Σ w_n i_n,t``, one call per month against the base. It rejects zeros and does no
imputation, so it runs on the clean data set only, with the effective weights ``w_n``
computed beforehand (timed apart).
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from iip_data import SECTION_OF, load, node_weights


def _mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pandas(data: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], dict[str, float]]:  # noqa: PLR0915 - one straightforward script
    import pandas as pd  # noqa: PLC0415 - one peer per process: the other peer is not loaded into its memory

    phases: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = now - clock
        clock = now

    q = data["quantities"]
    n, months = q.shape
    va4, va2, va1 = (pd.Series(t) for t in node_weights(data))
    stop = np.where(data["discontinued_from"] < 0, months, data["discontinued_from"])
    products = pd.DataFrame(
        {
            "product": np.arange(n),
            "l4": data["level4"],
            "W": data["product_weights"],
            "q0": data["base_quantities"],
            "stop": stop,
            "key": data["key"],
        }
    )
    products["basket"] = products["q0"] > 0
    long = pd.DataFrame(
        {
            "product": np.repeat(np.arange(n), months),
            "month": np.tile(np.arange(months), n),
            "q": q.ravel(),
        }
    )
    long = long.merge(products, on="product", how="left")
    lap("frame")

    # §1 step 1–2: relatives, and the level-4 index over the products with a value.
    long["rel"] = 100.0 * long["q"] / long["q0"]
    long["valid"] = long["basket"] & long["q"].notna() & (long["month"] < long["stop"])
    valid = long[long["valid"]]
    level4 = (
        (valid["W"] * valid["rel"]).groupby([valid["l4"], valid["month"]]).sum()
        / valid.groupby(["l4", "month"])["W"].sum()
    ).unstack("month")
    lap("level4")

    # Node weights: value added of the nodes that have a weighted product (§1).
    mass4 = products[products["basket"]].groupby("l4")["W"].sum()
    codes4 = sorted(products["l4"].unique())
    level4 = level4.reindex(index=codes4, columns=range(months))
    va4 = va4.reindex(codes4).where(mass4.reindex(codes4).fillna(0) > 0, 0.0)
    l2_of_l4 = pd.Series([c[:2] for c in codes4], index=codes4)
    codes2 = sorted(l2_of_l4.unique())
    va2 = va2.reindex(codes2).where(va4.groupby(l2_of_l4).sum().reindex(codes2) > 0, 0.0)
    l1_of_l2 = pd.Series([SECTION_OF[d] for d in codes2], index=codes2)
    codes1 = sorted(l1_of_l2.unique())
    va1 = va1.reindex(codes1).where(va2.groupby(l1_of_l2).sum().reindex(codes1) > 0, 0.0)

    def up(child: pd.DataFrame, va: pd.Series, parent: pd.Series) -> pd.DataFrame:
        present = child.notna().where(va > 0, False, axis=0)
        num = child.where(present, 0.0).mul(va, axis=0).groupby(parent).sum()
        den = present.mul(va, axis=0).groupby(parent).sum()
        return (num / den).where(den > 0)

    level2 = up(level4, va4, l2_of_l4)
    level1 = up(level2, va2, l1_of_l2)
    total = up(level1, va1, pd.Series("total", index=codes1))
    # Completion top down: a node without a value takes its parent's.
    level1 = level1.fillna(pd.DataFrame(np.repeat(total.to_numpy(), len(codes1), 0), index=codes1))
    level2 = level2.fillna(pd.DataFrame(level1.loc[l1_of_l2].to_numpy(), index=codes2))
    level4 = level4.fillna(pd.DataFrame(level2.loc[l2_of_l4].to_numpy(), index=codes4))
    level4 = level4.where(va4 > 0, axis=0)  # empty nodes have no index
    level2 = level2.where(va2 > 0, axis=0)
    level1 = level1.where(va1 > 0, axis=0)
    lap("hierarchy")

    # Completed product relatives and effective weights: the flat index and contributions.
    filled = level4.stack().reset_index()
    filled.columns = ["l4", "month", "fill"]
    long = long[long["basket"]].merge(filled, on=["l4", "month"], how="left")
    long["rc"] = long["rel"].where(long["valid"], long["fill"])
    share4 = va4 / va4.groupby(l2_of_l4).transform("sum")
    share2 = va2 / va2.groupby(l1_of_l2).transform("sum")
    share1 = va1 / va1.sum()
    node_w = (
        share4
        * share2.reindex(l2_of_l4).to_numpy()
        * share1.reindex(l1_of_l2.reindex(l2_of_l4)).to_numpy()
    )
    long["w"] = long["W"] / long["l4"].map(mass4) * long["l4"].map(node_w)
    long["wr"] = long["w"] * long["rc"]
    flat = long.groupby("month")["wr"].sum().reindex(range(months))
    key = long[long["key"]].groupby("month")["wr"].sum().reindex(range(months), fill_value=0.0)
    lap("flat")

    # Comparisons on the node levels, and the key products' contribution (iip.md §3).
    year = (np.datetime64(str(data["start"]), "M").astype(int) + np.arange(months)) // 12
    first_year_complete = np.datetime64(str(data["start"]), "M").astype(int) % 12 == 0
    out: dict[str, np.ndarray] = {}
    for name, frame in (
        ("level4", level4),
        ("level2", level2),
        ("level1", level1),
        ("total", total),
    ):
        out[name] = frame.to_numpy()
        out[f"{name}_mom"] = (100 * frame / frame.shift(1, axis=1)).to_numpy()
        out[f"{name}_yoy"] = (100 * frame / frame.shift(12, axis=1)).to_numpy()
        sums = frame.T.groupby(year).cumsum().T
        if not first_year_complete:
            sums.loc[:, year == year[0]] = np.nan
        out[f"{name}_ytd"] = (100 * sums / sums.shift(12, axis=1)).to_numpy()
    base = total.iloc[0]
    out["flat"] = flat.to_numpy()
    out["key_yoy"] = (100 * (key - key.shift(12)) / base.shift(12)).to_numpy()
    out["key_mom"] = (100 * (key - key.shift(1)) / base.shift(1)).to_numpy()
    lap("comparisons")
    return out, phases


def _effective_weights(data: dict[str, np.ndarray]) -> np.ndarray:
    """w_n of iip.md §1 (every product has a base in the clean data set)."""
    va4, va2, va1 = node_weights(data)
    level4 = data["level4"].astype(str)
    codes4, block = np.unique(level4, return_inverse=True)
    mass4 = np.bincount(block, weights=data["product_weights"])
    v4 = np.array([va4[c] for c in codes4])
    d2 = np.array([c[:2] for c in codes4])
    codes2, b2 = np.unique(d2, return_inverse=True)
    v2 = np.array([va2[d] for d in codes2])
    s1 = np.array([SECTION_OF[d] for d in codes2])
    codes1, b1 = np.unique(s1, return_inverse=True)
    v1 = np.array([va1[s] for s in codes1])
    w1 = v1 / v1.sum()
    w2 = v2 / np.bincount(b1, weights=v2)[b1] * w1[b1]
    w4 = v4 / np.bincount(b2, weights=v4)[b2] * w2[b2]
    return data["product_weights"] / mass4[block] * w4[block]


def _pyindexnum(data: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    import polars as pl  # noqa: PLC0415 - one peer per process: the other peer is not loaded into its memory
    from pyindexnum import laspeyres  # noqa: PLC0415 - as above

    q, q0 = data["quantities"], data["base_quantities"]
    if not (np.isfinite(q).all() and (q > 0).all() and (q0 > 0).all()):
        raise SystemExit("pyindexnum needs the clean data set (no missing, zero or new product)")
    started = time.perf_counter()
    weights = _effective_weights(data)
    phases = {"weights": time.perf_counter() - started}
    started = time.perf_counter()
    ids = data["product_ids"]
    pseudo_price = weights / q0
    zeros, ones = np.zeros(ids.shape[0], np.int64), np.ones(ids.shape[0], np.int64)
    base = pl.DataFrame({"period": zeros, "product_id": ids, "price": q0, "quantity": pseudo_price})
    flat = np.empty(q.shape[1])
    for month in range(q.shape[1]):  # two periods per call: each month against the base
        current = pl.DataFrame(
            {"period": ones, "product_id": ids, "price": q[:, month], "quantity": pseudo_price}
        )
        frame = pl.concat([base, current])
        flat[month] = 100.0 * laspeyres(frame, price_col="price", quantity_col="quantity")
    phases["laspeyres"] = time.perf_counter() - started
    return {"flat": flat}, phases


def main() -> None:
    peer, data_path, out_path = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    data = load(data_path)
    loaded = _mib()
    tracemalloc.start()
    started = time.perf_counter()
    out, phases = (_pandas if peer == "pandas" else _pyindexnum)(data)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    np.savez(out_path, **out)
    versions = {"python": sys.version.split()[0], "numpy": np.__version__}
    for module in ("pandas", "polars", "pyindexnum"):
        try:
            versions[module] = __import__(module).__version__
        except ImportError:
            continue
    result = {
        "peer": peer,
        "seconds": seconds,
        "phases": phases,
        "tracemalloc_peak_mib": peak,
        "maxrss_mib_after_load": loaded,
        "maxrss_mib": _mib(),
        "versions": versions,
    }
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
