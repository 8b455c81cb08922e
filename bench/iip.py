"""Benchmark of the IIP engine (``chuluc.statistics``) at 10 million product-months.

    .venv/bin/python bench/iip.py [--products 100000] [--months 100] [--runs 3]
        [--variants irregular,clean] [--peers bench/results/.venv-peers/bin/python]
        [--no-peers] [--fresh]

1. Generates each data set (``bench/iip_data.py``: 100,000 products × 100 months =
   10,000,000 product-months by default) into ``bench/results/iip-data-<tag>.npz``, kept
   and reused while the shape is the same (``--fresh`` rebuilds). *irregular*: 1 % missing
   cells, 0.2 % zeros, 0.5 % new and 0.5 % discontinued products; *clean*: none of them.
2. In a fresh process (so that ``ru_maxrss`` is the engine's), loads the data and runs
   ``--runs`` times, after a warm-up: ``compute_iip`` (the fixed-base index of every
   product, level-4 industry, division, section and the total), MoM/YoY/YTD of every level
   including the products, and the key products' contribution (MoM, YoY, YTD); then once
   more under ``tracemalloc`` for the peak of Python-visible allocations.
3. Runs the peers on the same ``.npz`` under the peers' interpreter (``bench/iip_peers.py``):
   a straightforward pandas implementation of the whole method, and pyindexnum on the flat
   index (clean data only). They are not project dependencies; create their virtualenv
   once, inside the git-ignored results folder::

       python3 -m venv bench/results/.venv-peers
       bench/results/.venv-peers/bin/pip install "pandas<3" "pyindexnum==0.4.0"

   (pyindexnum 0.4 requires numpy < 2, which pandas 3 does not accept.)
4. Checks that every implementation gives the same indices (to 1e-9 index points), writes
   ``bench/results/iip-<tag>.json`` per data set and prints a summary table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import asdict
from pathlib import Path

import numpy as np
from iip_data import Shape, load, node_weights, write

from chuluc.statistics import Basket, compute_iip
from chuluc.statistics.hierarchy import flat_index

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PEERS = RESULTS / ".venv-peers" / "bin" / "python"
TARGET_SECONDS = 3.0
TOLERANCE = 1e-9  # index points
MIB = 2**20


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--variants", default="irregular,clean")
    parser.add_argument("--peers", type=Path, default=PEERS, help="the peers' python")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="regenerate the data sets")
    parser.add_argument("--phase", choices=["measure"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- engine (child)


def _maxrss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _engine_run(data: dict[str, np.ndarray], keep: bool = False) -> tuple[dict, dict]:
    """One full computation; seconds per phase, and the outputs when ``keep``."""
    va4, va2, va1 = node_weights(data)
    phases: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = now - clock
        clock = now

    basket = Basket.build(
        base_year=2016,
        product_ids=data["product_ids"],
        level4=data["level4"],
        product_weights=data["product_weights"],
        base_quantities=data["base_quantities"],
        level4_weights=va4,
        level2_weights=va2,
        level1_weights=va1,
    )
    lap("basket")
    result = compute_iip(
        basket,
        data["quantities"],
        start=str(data["start"]),
        discontinued_from=data["discontinued_from"],
    )
    lap("fixed_base")
    nodes = {
        name: (result.index(name), result.mom(name), result.yoy(name), result.ytd(name))
        for name in ("level4", "level2", "level1", "total")
    }
    lap("node_comparisons")
    products = result.level("product")
    derived = [result.mom("product"), result.yoy("product"), result.ytd("product")]
    lap("product_comparisons")
    key = {c: result.contributions(data["key"], comparison=c) for c in ("mom", "yoy", "ytd")}
    lap("key_contributions")
    ytd_b = result.ytd("total", method="B")
    lap("ytd_method_b")
    out: dict = {}
    if keep:
        live = products.weight > 0
        out = {"flat": flat_index(products.weight[live], products.index[live])}
        for name, (index, mom, yoy, ytd) in nodes.items():
            out |= {name: index, f"{name}_mom": mom, f"{name}_yoy": yoy, f"{name}_ytd": ytd}
        out |= {
            "key_yoy": key["yoy"].contribution[0],
            "key_mom": key["mom"].contribution[0],
            "key_ytd": key["ytd"].contribution[0],
            "ytd_b": ytd_b[0],
            "flags_imputed": np.count_nonzero(products.flags & 1),
        }
    del derived
    return phases, out


def _measure(args: argparse.Namespace) -> dict:
    data = load(args.data)
    loaded = _maxrss()
    first = sum(_engine_run(data)[0].values())  # warm-up: first touch of memory and code
    runs = [_engine_run(data)[0] for _ in range(args.runs)]
    tracemalloc.start()
    _, out = _engine_run(data, keep=True)
    peak = tracemalloc.get_traced_memory()[1] / MIB
    tracemalloc.stop()
    np.savez(args.out, **{k: v for k, v in out.items() if k != "flags_imputed"})
    totals = [sum(r.values()) for r in runs]
    return {
        "first_run": first,
        "runs": totals,
        "median": statistics.median(totals),
        "min": min(totals),
        "max": max(totals),
        "phases_median": {k: statistics.median(r[k] for r in runs) for k in runs[0]},
        "tracemalloc_peak_mib": peak,
        "maxrss_mib_after_load": loaded,
        "maxrss_mib": _maxrss(),
        "imputed_cells": int(out["flags_imputed"]),
        "numpy": np.__version__,
    }


# --------------------------------------------------------------------------- orchestration


def _child(argv: list[str], python: Path | str = sys.executable) -> dict:
    process = subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
        [str(python), *argv], cwd=BENCH, capture_output=True, text=True, check=False
    )
    lines = [line for line in process.stdout.splitlines() if line.startswith("RESULT ")]
    if process.returncode != 0 or not lines:
        raise SystemExit(f"bench: {argv[0]} failed ({process.returncode}):\n{process.stderr}")
    return json.loads(lines[-1].removeprefix("RESULT "))


def _load_state() -> dict:
    """1-minute load average and a calibration loop (as bench/ranking.py reports them)."""
    started = time.perf_counter()
    sum(range(10**7))
    return {"load_1min": os.getloadavg()[0], "calibration_s": time.perf_counter() - started}


def _machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory.split(":", 1)[1].strip(),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def _compare(engine: dict[str, np.ndarray], peer: dict[str, np.ndarray]) -> dict[str, float]:
    """Largest absolute difference per common series (NaN positions must agree)."""
    diffs: dict[str, float] = {}
    for name in sorted(set(engine) & set(peer)):
        a, b = np.asarray(engine[name], float), np.asarray(peer[name], float)
        if a.shape != b.shape or not (np.isnan(a) == np.isnan(b)).all():
            diffs[name] = float("inf")
            continue
        both = ~np.isnan(a)
        diffs[name] = float(np.abs(a[both] - b[both]).max()) if both.any() else 0.0
    return diffs


def _variant(args: argparse.Namespace, irregular: bool) -> dict:
    shape = Shape(products=args.products, months=args.months, irregular=irregular)
    data = RESULTS / f"iip-data-{shape.tag}.npz"
    meta = data.with_suffix(".json")
    if (
        args.fresh
        or not data.exists()
        or not meta.exists()
        or json.loads(meta.read_text()) != asdict(shape)
    ):
        print(f"generating {shape.tag} …", flush=True)
        write(shape, data)
        meta.write_text(json.dumps(asdict(shape)))
    record: dict = {
        "shape": asdict(shape),
        "tag": shape.tag,
        "cells": shape.products * shape.months,
    }
    record["load_before"] = _load_state()
    print(f"measuring the engine on {shape.tag} …", flush=True)
    engine_out = RESULTS / f"iip-out-engine-{shape.tag}.npz"
    argv = ["iip.py", "--phase", "measure", "--data", str(data), "--out", str(engine_out)]
    record["engine"] = _child([*argv, "--runs", str(args.runs)])
    with np.load(engine_out) as f:
        engine = {k: f[k] for k in f.files}
    record["peers"] = {}
    peers = [] if args.no_peers else ["pandas"] + ([] if irregular else ["pyindexnum"])
    for peer in peers:
        if not args.peers.exists():
            record["peers"][peer] = {"skipped": f"no peers' interpreter at {args.peers}"}
            continue
        print(f"running {peer} on {shape.tag} …", flush=True)
        out = RESULTS / f"iip-out-{peer}-{shape.tag}.npz"
        result = _child(["iip_peers.py", peer, str(data), str(out)], python=args.peers)
        with np.load(out) as f:
            result["max_abs_diff"] = _compare(engine, {k: f[k] for k in f.files})
        result["agrees"] = all(d <= TOLERANCE for d in result["max_abs_diff"].values())
        record["peers"][peer] = result
    record["load_after"] = _load_state()
    return record


def _summary(records: list[dict]) -> str:
    rows = [
        "| Data | Implementation | What | Time | tracemalloc peak | ru_maxrss (after load → end) | Same as engine (max diff) |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for record in records:
        e = record["engine"]
        data = f"{record['shape']['products']:,} × {record['shape']['months']} ({'irregular' if record['shape']['irregular'] else 'clean'})"
        rows.append(
            f"| {data} | engine (numpy) | full hierarchy, MoM/YoY/YTD of every level incl. products, key contributions, YTD method B "
            f"| **{e['median']:.2f} s** (min {e['min']:.2f}, max {e['max']:.2f}; first run in a fresh process {e['first_run']:.2f}) "
            f"| {e['tracemalloc_peak_mib']:,.0f} MiB "
            f"| {e['maxrss_mib_after_load']:,.0f} → {e['maxrss_mib']:,.0f} MiB | — |"
        )
        for peer, p in record["peers"].items():
            if "skipped" in p:
                rows.append(f"| {data} | {peer} | skipped: {p['skipped']} | | | | |")
                continue
            what = (
                "full method (long format)"
                if peer == "pandas"
                else "flat index only (one call per month)"
            )
            worst = max(p["max_abs_diff"].values())
            rows.append(
                f"| {data} | {peer} {p['versions'].get(peer, '')} | {what} | {p['seconds']:.2f} s "
                f"| {p['tracemalloc_peak_mib']:,.0f} MiB | {p['maxrss_mib_after_load']:,.0f} → {p['maxrss_mib']:,.0f} MiB "
                f"| {'yes' if p['agrees'] else 'NO'} ({worst:.1e}, {len(p['max_abs_diff'])} series) |"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(ROOT))
    if args.phase == "measure":
        print("RESULT " + json.dumps(_measure(args)), flush=True)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    records = []
    for variant in args.variants.split(","):
        record = _variant(args, irregular=variant == "irregular")
        record |= {
            "date": time.strftime("%Y-%m-%d"),
            "command": " ".join(["bench/iip.py", *(argv if argv is not None else sys.argv[1:])]),
            "machine": _machine(),
            "target_seconds": TARGET_SECONDS,
        }
        out = RESULTS / f"iip-{record['tag']}.json"
        out.write_text(json.dumps(record, indent=2))
        print(f"written {out.relative_to(ROOT)}")
        records.append(record)
    print()
    print(_summary(records))
    for record in records:
        e = record["engine"]
        print(
            f"\n{record['tag']}: engine median {e['median']:.2f} s, target {TARGET_SECONDS:.0f} s "
            f"{'met' if e['median'] < TARGET_SECONDS else 'NOT met'}; phases "
            + ", ".join(f"{k} {v:.2f}" for k, v in e["phases_median"].items())
            + f"; load {record['load_before']['load_1min']:.1f} → {record['load_after']['load_1min']:.1f} "
            f"(calibration loop {record['load_before']['calibration_s']:.2f} s)"
        )


if __name__ == "__main__":
    main()
