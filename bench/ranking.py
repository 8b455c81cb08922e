"""Benchmark of the council ranking (``chuluc.council.ranking``) at full scale.

    .venv/bin/python bench/ranking.py --dossiers 10000 --members 15 --criteria 20 \\
        [--computed 0] [--database sqlite|postgres] [--runs 5] [--warmup 1]

1. Builds the data (``bench/ranking_data.py``, bulk inserts) in a throwaway database: a file
   under ``bench/results/`` for SQLite (kept and reused while the shape is the same, unless
   ``--fresh``), or a ``chuluc_bench`` PostgreSQL database created here and dropped at the
   end (unless ``--keep``).
2. In a fresh process (so ``ru_maxrss`` is the ranking's and not the generator's), runs
   the council's operations inside a transaction, as the services do
   (``bench/ranking_measure.py``): the round close, ``--runs`` re-rankings and approved
   corrections, and the ranking from every raw score; times each phase and the peak memory.
3. Writes ``bench/results/ranking-<database>-<shape>.json``; ``bench/report.py`` turns the
   result files into ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import django
import psycopg
from django.core.management import call_command

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PG_DATABASE = "chuluc_bench"
TARGET_SECONDS = 1.0


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--criteria", type=int, default=20)
    parser.add_argument(
        "--computed",
        type=int,
        default=0,
        help="how many of the criteria are computed (no member scores); default 0: all judged",
    )
    parser.add_argument("--enterprises", type=int, default=0, help="default: dossiers / 5")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name); %(default)s",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="regenerate the data set")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--phase", choices=["generate", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 0 <= args.computed < args.criteria:
        parser.error("--computed must leave at least one judged criterion")
    return args


def _tag(args: argparse.Namespace) -> str:
    return f"d{args.dossiers}-m{args.members}-c{args.criteria}-k{args.computed}"


def _shape(args: argparse.Namespace):
    from ranking_data import Shape

    return Shape(
        dossiers=args.dossiers,
        members=args.members,
        criteria=args.criteria,
        computed=args.computed,
        enterprises=args.enterprises,
    )


# --------------------------------------------------------------------------- child phases


def _django(url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="chuluc.config.settings",
        DATABASE_URL=url,
        DATABASE_CONN_MAX_AGE="0",
        DATA_DIR=str(RESULTS / "data"),
        SECRET_KEY="bench-only-not-a-secret",  # noqa: S106 - throwaway benchmark database
        DEBUG="false",
        LOG_LEVEL="WARNING",
        TASKS_BACKEND="immediate",
    )
    django.setup()


def _generate(args: argparse.Namespace) -> dict:
    from ranking_data import generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"  migrated in {time.perf_counter() - started:.1f} s", flush=True)
    return generate(_shape(args))


def _measure(args: argparse.Namespace) -> dict:
    from ranking_measure import measure

    call_command("migrate", verbosity=0, interactive=False)  # a reused data set may be older

    return measure(runs=args.runs, warmup=args.warmup)


def _child(args: argparse.Namespace) -> None:
    sys.setrecursionlimit(10_000)
    _django(args.url)
    result = _generate(args) if args.phase == "generate" else _measure(args)
    print("RESULT " + json.dumps(result), flush=True)


def _run_child(phase: str, args: argparse.Namespace, url: str) -> dict:
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--url", url]
    for name in ("dossiers", "members", "criteria", "computed", "enterprises", "runs", "warmup"):
        argv += [f"--{name}", str(getattr(args, name))]
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
        raise SystemExit(f"bench: the {phase} phase failed (exit {process.returncode})")
    return result


# --------------------------------------------------------------------------- databases


def _pg_admin(args: argparse.Namespace):
    return psycopg.connect(f"{args.pg_url}/postgres", autocommit=True)


def _prepare(args: argparse.Namespace) -> tuple[str, bool]:
    """The database URL and whether the data set must be generated."""
    meta = RESULTS / f"ranking-{args.database}-{_tag(args)}.data.json"
    if args.database == "sqlite":
        path = RESULTS / f"ranking-{_tag(args)}.sqlite3"
        reuse = path.exists() and meta.exists() and not args.fresh
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
        return f"sqlite:///{path}", not reuse
    with _pg_admin(args) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
        ).fetchone()
        reuse = bool(exists) and meta.exists() and not args.fresh
        if not reuse:
            meta.unlink(missing_ok=True)
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{args.pg_url}/{PG_DATABASE}", not reuse


def _cleanup(args: argparse.Namespace) -> None:
    if args.database == "postgres" and not args.keep:
        (RESULTS / f"ranking-postgres-{_tag(args)}.data.json").unlink(missing_ok=True)
        with _pg_admin(args) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


# --------------------------------------------------------------------------- versions


def _versions(args: argparse.Namespace) -> dict:
    versions = {
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    with contextlib.suppress(Exception), _pg_admin(args) as admin:
        versions["postgresql"] = admin.execute("SHOW server_version").fetchone()[0]
    return versions


def _summary(record: dict) -> None:
    m = record["measure"]
    print(
        f"\n{record['database']}: {record['data']['scores']:,} scores, "
        f"{record['data']['dossiers']:,} dossiers, {m['combined']:,} combined scores"
    )
    for key, op in m["operations"].items():
        phases = ", ".join(f"{k} {v:.3f}" for k, v in op["phases_median"].items() if v >= 0.0005)
        print(
            f"  {key:<10} median {op['median']:.3f} s (min {op['min']:.3f}, max {op['max']:.3f}; "
            f"{op['queries']} queries) [{phases}]"
        )
    print(f"  target for re-rank and correction: {TARGET_SECONDS:.1f} s")
    print("  memory: " + ", ".join(f"{k} {v:,.0f}" for k, v in m["memory"].items()))


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    sys.path.insert(0, str(BENCH))
    if args.phase:
        _child(args)
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = RESULTS / f"ranking-{args.database}-{_tag(args)}.data.json"
    url, generate = _prepare(args)
    try:
        if generate:
            print(f"generating {_tag(args)} on {args.database} …", flush=True)
            data = _run_child("generate", args, url)
            meta.write_text(json.dumps(data, indent=2))
        else:
            data = json.loads(meta.read_text())
            print(f"reusing the {args.database} data set {_tag(args)} (--fresh rebuilds it)")
        print("measuring …", flush=True)
        measured = _run_child("measure", args, url)
    finally:
        _cleanup(args)
    record = {
        "database": args.database,
        "shape": _tag(args),
        "date": time.strftime("%Y-%m-%d"),
        "command": " ".join(["bench/ranking.py", *(argv or sys.argv[1:])]),
        "versions": _versions(args),
        "data": data,
        "measure": measured,
        "target_seconds": TARGET_SECONDS,
    }
    out = RESULTS / f"ranking-{args.database}-{_tag(args)}.json"
    out.write_text(json.dumps(record, indent=2))
    _summary(record)
    print(f"\nwritten {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
