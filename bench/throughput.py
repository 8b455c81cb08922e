"""Throughput of the public directory and of certificate verification on the production
server, as a ratio to a trivial Django view on the same server (the framework's floor).

    .venv/bin/python bench/throughput.py [--years 5] [--per-year 2000] [--runs 3] \\
        [--seconds 10] [--connections 32] [--keep]

1. Builds decided campaigns (``bench/public_data.py``: ``years × per_year`` recognised
   products, their certificates) in a throwaway PostgreSQL database ``chuluc_tp_public``
   after ``migrate`` and ``collectstatic``.
2. Starts ``chuluc serve`` (gunicorn with its default worker count, the task worker beside
   it) with production settings (``DEBUG=false``, ``HTTPS=false``, ``BENCH_TRIVIAL_VIEW=true``).
3. Checks every kind of page answers 200 with the expected content, warms each up, then
   runs wrk with ``--connections`` clients for ``--seconds`` on each of: the trivial view
   (``/bench/trivial``), the directory (``/san-pham/`` over its pages and filters), the
   verification page of the 100 certificates scanned most (``/xac-minh/<number>/``) and of
   every certificate in turn (the worst case for the page cache), interleaved, ``--runs``
   times; records requests per second, latency percentiles, errors, the web processes' peak
   resident memory and the machine's load around each run.
4. Writes ``bench/results/throughput.json`` (``bench/scale_report.py`` puts it in
   ``docs/performance.md``) and drops the database unless ``--keep``.

Target (issue 8): directory and verification at least half the trivial view's throughput.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from django.core.management import call_command

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from http_bench import Server, measured  # noqa: E402 - bench/ on the path first
from scale_env import (  # noqa: E402 - bench/ on the path first
    PG_URL,
    RESULTS,
    calibration,
    database_create,
    database_drop,
    django_setup,
    emit,
    load,
    machine,
    run_child,
    summary,
)

DATABASE = "chuluc_tp_public"
TARGET_RATIO = 0.5
ENDPOINTS = ("trivial", "directory", "verification", "verification_all")
HOT_CERTIFICATES = 100  # scanned again and again: fits the default per-process cache (300 pages)


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--per-year", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=0, help="default: WEB_CONCURRENCY")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database")
    parser.add_argument("--phase", choices=["generate"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- data (child)


def generate_public(url: str, args: argparse.Namespace) -> dict:
    """Migrate, collect the static files and build the data set; returns the data and the
    paths the clients request."""
    django_setup(url)
    from public_data import Shape, generate

    shape = Shape(years=args.years, per_year=args.per_year)

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    print(f"  migrated and collected static files in {time.perf_counter() - started:.1f} s")
    data = generate(shape)
    data["paths"] = _paths(shape)
    return data


def _paths(shape) -> dict[str, list[str]]:
    """What the clients ask for: the directory's pages and filters as visitors use them,
    every certificate's verification page."""
    from chuluc.decisions.models import Certificate
    from chuluc.registry.models import District, IndustryGroup, Product

    rng = random.Random(shape.seed)
    pages = max(1, shape.products // 30)
    years = list(range(shape.last_year - shape.years + 1, shape.last_year + 1))
    groups = list(IndustryGroup.objects.values_list("code", flat=True))
    districts = list(District.objects.values_list("code", flat=True))
    directory = ["/san-pham/"] * 20
    directory += [f"/san-pham/?page={rng.randint(2, min(pages, 50))}" for _ in range(20)]
    directory += [f"/san-pham/?nam={y}" for y in years]
    directory += [f"/san-pham/?nganh={g}" for g in groups]
    directory += [f"/san-pham/?quan={d}" for d in districts[:10]]
    directory += ["/san-pham/?top=on", "/san-pham/?q=gom+su", "/san-pham/?q=bong+den+led"]
    numbers = list(Certificate.objects.values_list("number", flat=True))
    rng.shuffle(numbers)
    products = list(Product.objects.order_by("?").values_list("pk", "enterprise_id")[:5_000])
    return {
        "trivial": ["/bench/trivial"],
        "directory": directory,
        "verification": [f"/xac-minh/{n}/" for n in numbers[:HOT_CERTIFICATES]],
        "verification_all": [f"/xac-minh/{n}/" for n in numbers],
        # the rest of the public pages, for the soak test (bench/load.py)
        "home": ["/"],
        "product": [f"/san-pham/{pk}/" for pk, _e in products],
        "enterprise": [f"/doanh-nghiep/{e}/" for _pk, e in products],
        "results": ["/ket-qua/", *(f"/ket-qua/{y}/" for y in years)],
    }


# --------------------------------------------------------------------------- checks


def _check(server, paths: dict[str, list[str]]) -> None:
    """Every page answers 200 with what it must show (a benchmark of error pages would
    measure nothing)."""
    for name in ENDPOINTS:
        sample = paths[name]
        for path in sample[:3] + sample[-3:]:
            status, body = server.get(path)
            expected = {
                "trivial": b"ok",
                "directory": "mẫu 0".encode(),  # a generated product's name
                "verification": path.split("/")[-2].encode(),  # the certificate's number
                "verification_all": path.split("/")[-2].encode(),
            }[name]
            if status != 200 or expected not in body:
                raise SystemExit(f"bench: {path} answered {status}; see {server.log_path}")


# --------------------------------------------------------------------------- measure


def _warm(server, paths: list[str], args: argparse.Namespace, *, limit: float = 90) -> None:
    """Load until every worker has likely seen every address (each three times over), so
    that the runs measure the steady state: code loaded, pages in the cache."""
    done, started = 0, time.monotonic()
    while done < 3 * len(paths) and time.monotonic() - started < limit:
        result = measured(
            server, paths, connections=args.connections, seconds=args.warmup, required=False
        )
        done += result["requests"]


def measure(url: str, paths: dict[str, list[str]], args: argparse.Namespace) -> dict:
    runs: dict[str, list[dict]] = {name: [] for name in ENDPOINTS}
    with Server(url, log=RESULTS / "throughput-server.log", workers=args.workers) as server:
        _check(server, paths)
        workers = server.worker_count()
        for name in ENDPOINTS[:-1]:
            _warm(server, paths[name], args)
        # Every certificate's page in turn goes last: its thousands of pages would push the
        # others' out of the default per-process cache (300 pages) and measure that instead.
        order = [(run, name) for run in range(args.runs) for name in ENDPOINTS[:-1]]
        order += [(run, ENDPOINTS[-1]) for run in range(args.runs)]
        for run, name in order:
            result = measured(
                server, paths[name], connections=args.connections, seconds=args.seconds
            )
            runs[name].append(result)
            print(
                f"  run {run + 1} {name:<12} {result['rps']:8.1f} req/s  p50 "
                f"{result['p50_us'] / 1000:6.1f} ms  p99 {result['p99_us'] / 1000:7.1f} ms  "
                f"errors {result['errors']}  web RSS {result['peak_rss_mib']:.0f} MiB  "
                f"load {result['load_before']:.1f}→{result['load_after']:.1f}",
                flush=True,
            )
    endpoints = {}
    for name, results in runs.items():
        endpoints[name] = {
            "rps": summary([r["rps"] for r in results]),
            "p50_ms": summary([r["p50_us"] / 1000 for r in results]),
            "p99_ms": summary([r["p99_us"] / 1000 for r in results]),
            "errors": sum(r["errors"] for r in results),
            "requests": sum(r["requests"] for r in results),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in results),
            "load": [[r["load_before"], r["load_after"]] for r in results],
            "paths": len(paths[name]),
        }
    floor = endpoints["trivial"]["rps"]["median"]
    for name in ENDPOINTS[1:]:
        ratios = [
            page["rps"] / trivial["rps"]
            for page, trivial in zip(runs[name], runs["trivial"], strict=True)
        ]
        endpoints[name]["ratio"] = endpoints[name]["rps"]["median"] / floor
        endpoints[name]["ratio_runs"] = summary(ratios)
        endpoints[name]["met"] = endpoints[name]["ratio"] >= TARGET_RATIO
    return {"workers": workers, "endpoints": endpoints}


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    if args.phase == "generate":
        emit(generate_public(args.url, args))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    label = f"y{args.years}-p{args.per_year}"
    meta = RESULTS / f"throughput-{label}.data.json"
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    context = {"load_start": load(), "calibration_s": calibration()}
    url = f"{PG_URL}/{DATABASE}"
    try:
        if args.reuse and meta.exists():
            data = json.loads(meta.read_text())
            print(f"reusing {DATABASE} ({label})", flush=True)
        else:
            url = database_create(DATABASE)
            print(f"generating {label} in {DATABASE} …", flush=True)
            data = run_child([__file__, "--phase", "generate", "--url", url, *_shape_argv(args)])
            meta.write_text(json.dumps(data))
        print(f"measuring ({args.runs} runs × {args.seconds:.0f} s per page) …", flush=True)
        measure_result = measure(url, data["paths"], args)
    finally:
        if not args.keep:
            database_drop(DATABASE)
            meta.unlink(missing_ok=True)
    record = {
        "benchmark": "throughput",
        "date": started,
        "command": " ".join(["bench/throughput.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "context": {**context, "load_end": load()},
        "settings": {
            "connections": args.connections,
            "seconds": args.seconds,
            "runs": args.runs,
            "workers": measure_result["workers"],
        },
        "data": {k: v for k, v in data.items() if k != "paths"},
        "target_ratio": TARGET_RATIO,
        **measure_result,
    }
    out = RESULTS / "throughput.json"
    out.write_text(json.dumps(record, indent=2))
    for name, e in record["endpoints"].items():
        ratio = f"  ratio {e['ratio']:.2f}" if "ratio" in e else ""
        print(
            f"{name:<12} median {e['rps']['median']:8.1f} req/s (spread "
            f"{e['rps']['spread']:.0%}), p99 {e['p99_ms']['median']:.0f} ms, errors "
            f"{e['errors']}, peak web RSS {e['peak_rss_mib']:.0f} MiB{ratio}"
        )
    print(f"written {out}")


def _shape_argv(args: argparse.Namespace) -> list[str]:
    return ["--years", str(args.years), "--per-year", str(args.per_year)]


if __name__ == "__main__":
    main()
