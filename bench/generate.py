"""Deterministic data-at-scale generator (issue 8, "Proof at scale").

    .venv/bin/python bench/generate.py --scale S|M|L [--database sqlite|postgres]
        [--pg-url postgres://postgres@127.0.0.1:5432] [--fresh] [--drop]

Fills a throwaway database through bulk paths with one scale of fictional, seeded data
(``bench/generate_scales.py`` says what each scale holds; ``bench/generate_data.py``
writes it): enterprises and products of the eight industry groups with VSIC codes and
districts from the reference data, one campaign a year with its criteria set, dossiers in
their final states, published lists, decisions, recognitions and certificates, the current
campaign's council with a closed round of every member's scores and the computed results,
and four quarterly plus one yearly firm report per reporting enterprise and year.

* SQLite: ``bench/results/generated-<scale>-v<version>.sqlite3``, kept and reused (the
  generator version is in the name: a changed generator rebuilds); ``--fresh`` rebuilds.
* PostgreSQL: database ``chuluc_bench_<scale>``, reused while its record is there;
  ``--drop`` drops it (``bench/pages.py`` drops it after measuring unless ``--keep``).
* The production observations are the numpy arrays of ``bench/iip.py``
  (``bench/results/iip-data-<tag>.npz``, which ``bench/iip.py`` then reuses at L).

The record of a generation (counts, digest, seconds, machine load) is written beside the
data as ``….data.json``. The same scale always gives the same digest.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import django
import psycopg
from django.core.management import call_command

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))

from generate_scales import SCALES, Scale  # noqa: E402 - after the bench path
from iip_data import Shape, write  # noqa: E402 - after the bench path


def _args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), default="S")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server (no database name); %(default)s",
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate the data set")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL database")
    parser.add_argument("--no-observations", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["generate"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def django_setup(url: str) -> None:
    """Production-like settings (DEBUG off) on the given database."""
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


def load_average() -> float:
    return os.getloadavg()[0]


def pg_database(scale: Scale) -> str:
    return f"chuluc_bench_{scale.name.lower()}"


def _pg_admin(pg_url: str):
    return psycopg.connect(f"{pg_url}/postgres", autocommit=True)


def record_path(scale: Scale, database: str) -> Path:
    return RESULTS / f"generated-{database}-{scale.tag}.data.json"


def database_url(scale: Scale, database: str, pg_url: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{RESULTS / f'generated-{scale.tag}.sqlite3'}"
    return f"{pg_url}/{pg_database(scale)}"


def drop(scale: Scale, database: str, pg_url: str) -> None:
    record_path(scale, database).unlink(missing_ok=True)
    if database == "postgres":
        with _pg_admin(pg_url) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {pg_database(scale)}")
    else:
        path = Path(database_url(scale, database, pg_url).removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _exists(scale: Scale, database: str, pg_url: str) -> bool:
    if not record_path(scale, database).exists():
        return False
    if database == "sqlite":
        return Path(database_url(scale, database, pg_url).removeprefix("sqlite:///")).exists()
    with _pg_admin(pg_url) as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [pg_database(scale)]
        ).fetchone()
    return bool(found)


def observations(scale: Scale, *, fresh: bool = False) -> dict:
    """The production observations as ``bench/iip.py`` reads them (same file, same record:
    at L, ``bench/iip.py`` reuses what is written here)."""
    shape = Shape(products=scale.iip_products, months=scale.iip_months)
    data = RESULTS / f"iip-data-{shape.tag}.npz"
    meta = data.with_suffix(".json")
    started = time.perf_counter()
    if (
        fresh
        or not data.exists()
        or not meta.exists()
        or json.loads(meta.read_text()) != asdict(shape)
    ):
        write(shape, data)
        meta.write_text(json.dumps(asdict(shape)))
        seconds = round(time.perf_counter() - started, 1)
    else:
        seconds = 0.0
    return {
        "file": str(data.relative_to(ROOT)),
        "products": shape.products,
        "months": shape.months,
        "observations": shape.products * shape.months,
        "seconds": seconds,
    }


def _run_child(scale: Scale, url: str) -> dict:
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", "generate", "--url", url]
    argv += ["--scale", scale.name]
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
        raise SystemExit(f"generate: the generation failed (exit {process.returncode})")
    return result


def _child(args: argparse.Namespace) -> None:
    django_setup(args.url)
    from generate_data import generate
    from generate_reports import fingerprint

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = round(time.perf_counter() - started, 1)
    print(f"  migrated in {migrated:.1f} s", flush=True)
    data = generate(SCALES[args.scale])
    data["migrate_seconds"] = migrated
    digest_started = time.perf_counter()
    data["digest"] = fingerprint()
    data["digest_seconds"] = round(time.perf_counter() - digest_started, 1)
    print("RESULT " + json.dumps(data), flush=True)


def ensure(
    scale: Scale, database: str, pg_url: str, *, fresh: bool = False, with_observations=True
) -> tuple[str, dict]:
    """The URL of the scale's database, generated unless already there; and its record."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    url = database_url(scale, database, pg_url)
    record = record_path(scale, database)
    if not fresh and _exists(scale, database, pg_url):
        print(f"reusing the {database} data set {scale.tag} (--fresh rebuilds it)", flush=True)
        return url, json.loads(record.read_text())
    drop(scale, database, pg_url)
    if database == "postgres":
        with _pg_admin(pg_url) as admin:
            admin.execute(f"CREATE DATABASE {pg_database(scale)}")
    print(f"generating {scale.tag} on {database} …", flush=True)
    load_before = load_average()
    started = time.perf_counter()
    data = _run_child(scale, url)
    data["total_seconds"] = round(time.perf_counter() - started, 1)
    # CPU time of the generating process: on a loaded machine, the better guide to the
    # time the generation takes on a quiet one (SQLite's work is in-process).
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    data["cpu_seconds"] = round(children.ru_utime + children.ru_stime, 1)
    data["load"] = {"before": load_before, "after": load_average()}
    data["date"] = time.strftime("%Y-%m-%d")
    data["shape"] = asdict(scale)
    if with_observations:
        data["observations"] = observations(scale)
    record.write_text(json.dumps(data, indent=2))
    return url, data


def main(argv: list[str] | None = None) -> None:
    args = _args(argv)
    if args.phase:
        _child(args)
        return
    scale = SCALES[args.scale]
    if args.drop:
        drop(scale, args.database, args.pg_url)
        print(f"dropped the {args.database} data set {scale.tag}")
        return
    _url, data = ensure(
        scale,
        args.database,
        args.pg_url,
        fresh=args.fresh,
        with_observations=not args.no_observations,
    )
    print(json.dumps(data, indent=2))


if __name__ == "__main__":
    main()
