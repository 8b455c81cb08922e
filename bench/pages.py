"""Page latency at scale: server time, queries and peak memory of the main pages.

    .venv/bin/python bench/pages.py --scale L [--database sqlite|postgres] [--requests 40]
        [--pg-url …] [--keep] [--fresh]

1. Gets the scale's database from ``bench/generate.py`` (generated once and reused).
2. In a fresh process, with the production-like settings (``DEBUG=false``), drives the
   pages through Django's test client (in-process: server time, no network), each over
   varied parameters (search terms, products, certificate numbers, pages, members, years):
   ``--warmup`` requests, then ``--requests`` timed ones (``time.perf_counter`` around
   ``client.get``; queries counted by a ``connection.execute_wrapper``); then a few more
   under ``tracemalloc`` for the peak of Python allocations. Every response must be 200.
3. The floor, measured in the same run: a trivial view through the same client and the
   whole middleware stack (``/bench/trivial``: no template, no query).
4. Writes ``bench/results/pages-<database>-<scale>.json``; ``bench/pages_report.py``
   rewrites the pages section of ``docs/performance.md`` from every such file.

The scoring page is a member's sheet while the round is open: it is measured with the
closed round reopened inside a transaction that is rolled back afterwards (the state of
the last day of scoring: every score entered); every other page sees the data as generated.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import django
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from chuluc.core.http import PAGE_SIZE
from chuluc.council.enums import MemberRole, RoundStatus

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

from generate import (  # noqa: E402 - after the bench path
    RESULTS as GENERATED,
)
from generate import (  # noqa: E402
    database_url,
    django_setup,
    drop,
    ensure,
    load_average,
)
from generate_scales import LAST_YEAR, SCALES  # noqa: E402

TARGET_MS = 100.0
CACHED = "_cached"  # a page measured with the cache kept between requests
MIB = 2**20
SEARCH_TERMS = [
    "van cong nghiep",
    "Gạch ốp lát",
    "kinh cuong luc",
    "Hồng Hà",
    "sua chua",
    "phan mem",
    "tràng an",
    "ong nhua hdpe",
    "bong den led",
    "may dong goi",
    "giay the thao",
    "son mai",
]


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), default="L")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--memory", type=int, default=3, help="requests under tracemalloc")
    parser.add_argument(
        "--pages", default="", help="comma-separated keys of the pages to re-measure (default: all)"
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate the data set")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--phase", choices=["measure"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- the pages


def _pages(rng: random.Random, n: int) -> list[tuple[str, str, str, list[str]]]:
    """(key, label, who, [paths]) of every page, ``n`` varied paths each."""
    from chuluc.campaigns.models import Campaign
    from chuluc.council.models import Council
    from chuluc.council.selectors import SHEET_PAGE
    from chuluc.decisions.models import Certificate, Recognition
    from chuluc.monitoring.models import ReportingPeriod

    def cycle(items: list, k: int = n) -> list:
        return [items[i % len(items)] for i in range(k)]

    campaign = Campaign.objects.get(year=LAST_YEAR, name__contains="đo hiệu năng")
    council = Council.objects.get(campaign=campaign)
    n_results = council.results.count()
    products = list(Recognition.objects.values_list("product_id", flat=True).distinct())
    certificates = list(Certificate.objects.values_list("number", flat=True))
    years = sorted(set(ReportingPeriod.objects.values_list("year", flat=True)))
    recognition_years = sorted(set(Recognition.objects.values_list("year", flat=True)))
    directory = reverse("portal:products")
    dossiers = reverse("campaigns:campaign_dossiers", args=[campaign.pk])
    statuses = ["", "status=passed", "status=failed", "q=cong+ty", "q=van+cong+nghiep"]
    last_page = max(1, (n_results + PAGE_SIZE - 1) // PAGE_SIZE)
    last_sheet = max(1, (n_results + SHEET_PAGE - 1) // SHEET_PAGE)
    pages = [
        (
            "trivial",
            "Floor: trivial view (`/bench/trivial`)",
            "anonymous",
            cycle(["/bench/trivial"]),
        ),
        (
            "directory",
            "Public directory search (`portal:products?q=`)",
            "anonymous",
            [f"{directory}?q={t}" for t in cycle(SEARCH_TERMS)],
        ),
        (
            "product",
            "Product page (`portal:product`)",
            "anonymous",
            [
                reverse("portal:product", args=[p])
                for p in cycle(rng.sample(products, min(n, len(products))))
            ],
        ),
        (
            "verify",
            "Certificate verification (`portal:verify_number`)",
            "anonymous",
            [
                reverse("portal:verify_number", args=[c])
                for c in cycle(rng.sample(certificates, min(n, len(certificates))))
            ],
        ),
        (
            "dossiers",
            "Dossier list of the current campaign (`campaigns:campaign_dossiers`)",
            "officer",
            [
                f"{dossiers}?{s}&page={p}"
                for s, p in zip(cycle(statuses), [rng.randint(1, 5) for _ in range(n)], strict=True)
            ],
        ),
        (
            "scoring",
            "Member's scoring page, open round (`council:scoring`)",
            "members",
            [
                f"{reverse('council:scoring', args=[council.pk])}?page={rng.randint(1, last_sheet)}"
                for _ in range(n)
            ],
        ),
        (
            "ranking",
            "Ranking, closed round (`council:results`)",
            "chair",
            [
                f"{reverse('council:results', args=[council.pk])}?page={rng.randint(1, last_page)}"
                for _ in range(n)
            ],
        ),
        (
            "dashboard",
            "Dashboard (`monitoring:dashboard?nam=`)",
            "officer",
            [f"{reverse('monitoring:dashboard')}?nam={y}" for y in cycle(recognition_years)],
        ),
        (
            "annual_report",
            "Annual report, XLSX (`monitoring:annual_report`)",
            "officer",
            [
                reverse("monitoring:annual_report", args=[y, "xlsx"])
                for y in cycle([y for y in years if y in recognition_years] or years)
            ],
        ),
    ]
    # The dashboard and the annual report keep their figures in the cache until the next
    # write (core.figures_cache): measured above as computed (the first view after a write),
    # here as served while nothing was written.
    for key, label, who, paths in list(pages[-2:]):
        pages.append((f"{key}{CACHED}", f"{label}, figures from the cache", who, paths))
    return pages


def _clients() -> dict:
    from chuluc.accounts.models import User
    from chuluc.council.models import Member

    officer = User.objects.get(username="bench_officer")
    clients = {"anonymous": Client(), "officer": Client(), "chair": Client()}
    clients["officer"].force_login(officer)
    chair = Member.objects.filter(role=MemberRole.CHAIR, user__username__startswith="bench_")
    clients["chair"].force_login(chair.order_by("-id").first().user)
    members = []
    for member in Member.objects.filter(
        user__username__startswith="bench_", council__campaign__year=LAST_YEAR
    ).order_by("id"):
        client = Client()
        client.force_login(member.user)
        members.append(client)
    clients["members"] = members
    # Each test client builds its own handler, and with it the middleware, on its first
    # request: WhiteNoise then indexes every static file (docs/performance.md). A server
    # does that once per process at start-up, not on a page: done here before measuring.
    for client in [clients["anonymous"], clients["officer"], clients["chair"], *members]:
        client.get("/bench/trivial")
    return clients


def _client_for(clients: dict, who: str, i: int):
    found = clients[who]
    return found[i % len(found)] if isinstance(found, list) else found


def _p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(0.95 * len(ordered)) - 1))]


def _measure_page(
    clients, who: str, paths: list[str], warmup: int, memory: int, *, keep_cache: bool = False
) -> dict:
    """Every request a cache miss (the cache emptied before it: the costly case), unless
    ``keep_cache``: then the warm-up goes over every distinct path once to fill it."""
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    def get(i: int, path: str):
        if not keep_cache:
            cache.clear()
        response = _client_for(clients, who, i).get(path)
        if response.status_code != 200:
            raise SystemExit(f"pages: {path} answered {response.status_code}")
        return response

    cache.clear()
    for i, path in enumerate(list(dict.fromkeys(paths)) if keep_cache else paths[:warmup]):
        get(i, path)
    times, cpu, counts, sizes = [], [], [], []
    gc.collect()
    with connection.execute_wrapper(count):
        for i, path in enumerate(paths):
            queries = 0
            started, started_cpu = time.perf_counter(), time.process_time()
            response = get(i, path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            counts.append(queries)
            sizes.append(len(response.content))
    peaks = []
    for i, path in enumerate(paths[:memory]):
        tracemalloc.start()
        tracemalloc.reset_peak()
        get(i, path)
        peaks.append(tracemalloc.get_traced_memory()[1] / MIB)
        tracemalloc.stop()
    ordered = sorted(times)
    return {
        "requests": len(times),
        "median_ms": statistics.median(times),
        "p95_ms": _p95(times),
        "cpu_median_ms": statistics.median(cpu),
        "cpu_p95_ms": _p95(cpu),
        "min_ms": ordered[0],
        "max_ms": ordered[-1],
        "stdev_ms": statistics.stdev(times) if len(times) > 1 else 0.0,
        "queries_min": min(counts),
        "queries_max": max(counts),
        "bytes_median": statistics.median(sizes),
        "tracemalloc_peak_mib": max(peaks) if peaks else None,
    }


def _measure(args: argparse.Namespace) -> dict:
    from chuluc.council.models import Round

    call_command("migrate", verbosity=0, interactive=False)  # a reused data set may be older
    rng = random.Random(8)
    pages = _pages(rng, args.requests)
    clients = _clients()
    load_before = load_average()
    started = time.perf_counter()
    calibration, calibration_cpu = time.perf_counter(), time.process_time()
    sum(range(10**7))
    calibration = time.perf_counter() - calibration
    calibration_cpu = time.process_time() - calibration_cpu
    out = {}
    wanted = {k for k in args.pages.split(",") if k} | {"trivial"}
    for key, label, who, paths in pages:
        if args.pages and key not in wanted:
            continue
        print(f"  {key} …", flush=True)
        if key == "scoring":
            with transaction.atomic():
                Round.objects.filter(
                    council__campaign__year=LAST_YEAR, council__name__contains="đo hiệu năng"
                ).update(status=RoundStatus.OPEN)
                result = _measure_page(clients, who, paths, args.warmup, args.memory)
                transaction.set_rollback(True)
        else:
            result = _measure_page(
                clients, who, paths, args.warmup, args.memory, keep_cache=key.endswith(CACHED)
            )
        result["label"] = label
        result["load"] = load_average()  # the 1-minute load average when the page was done
        result["calibration_seconds"] = round(calibration, 3)
        out[key] = result
        print(
            f"    median {result['median_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms "
            f"(CPU {result['cpu_median_ms']:.1f} / {result['cpu_p95_ms']:.1f} ms), "
            f"{result['queries_min']}–{result['queries_max']} queries, "
            f"peak {result['tracemalloc_peak_mib']:.1f} MiB",
            flush=True,
        )
    return {
        "pages": out,
        "seconds": round(time.perf_counter() - started, 1),
        "load": {"before": load_before, "after": load_average()},
        "calibration_seconds": round(calibration, 3),
        "calibration_cpu_seconds": round(calibration_cpu, 3),
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(args: argparse.Namespace) -> None:
    os.environ.update(ALLOWED_HOSTS="testserver", HTTPS="false", BENCH_TRIVIAL_VIEW="true")
    django_setup(args.url)

    # the pages link their static files through the manifest (DEBUG off): a fresh checkout
    # has none under bench/results/data yet
    call_command("collectstatic", verbosity=0, interactive=False)
    print("RESULT " + json.dumps(_measure(args)), flush=True)


def _run_child(args: argparse.Namespace, url: str) -> dict:
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", "measure", "--url", url]
    argv += ["--scale", args.scale, "--requests", str(args.requests)]
    argv += ["--warmup", str(args.warmup), "--memory", str(args.memory), "--pages", args.pages]
    process = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
        argv, cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    result = None
    for line in process.stdout or ():
        if line.startswith("RESULT "):
            result = json.loads(line.removeprefix("RESULT "))
        else:
            print(line, end="", flush=True)
    if process.wait() != 0 or result is None:
        raise SystemExit(f"pages: the measuring phase failed (exit {process.returncode})")
    return result


def _versions(args: argparse.Namespace) -> dict:
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "database": args.database,
    }


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    if args.phase:
        _child(args)
        return
    scale = SCALES[args.scale]
    url, data = ensure(scale, args.database, args.pg_url, fresh=args.fresh)
    try:
        print(f"measuring pages on {args.database} {scale.tag} …", flush=True)
        measured = _run_child(args, url)
    finally:
        if args.database == "postgres" and not args.keep:
            drop(scale, args.database, args.pg_url)
    record = {
        "database": args.database,
        "scale": scale.name,
        "tag": scale.tag,
        "date": time.strftime("%Y-%m-%d"),
        "command": " ".join(["bench/pages.py", *(argv or sys.argv[1:])]),
        "versions": _versions(args),
        "data": {k: v for k, v in data.items() if k not in {"shape"}},
        "target_ms": TARGET_MS,
        **measured,
    }
    GENERATED.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"pages-{args.database}-{scale.name}.json"
    if args.pages and out.exists():  # a partial re-measure replaces those pages only
        kept = json.loads(out.read_text())
        kept["pages"].update(record["pages"])
        record["pages"] = kept["pages"]
    out.write_text(json.dumps(record, indent=2))
    print(f"written {out.relative_to(ROOT)} ({database_url(scale, args.database, args.pg_url)})")


if __name__ == "__main__":
    main()
