"""What the throughput, load, import and certificate benchmarks share: throwaway PostgreSQL
databases, the Django environment of a measuring process, the machine and its load, and the
statistics every result reports (median, spread, peak memory). Not application code."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import django
import psycopg

from chuluc.registry.validators import tax_code_check_digit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
DATA_DIR = RESULTS / "data"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
BIN = Path(sys.executable).parent
SECRET = "bench-only-not-a-secret"  # noqa: S105 - throwaway benchmark databases


# --------------------------------------------------------------------------- databases


def pg_admin(pg_url: str = PG_URL):
    return psycopg.connect(f"{pg_url}/postgres", autocommit=True)


def database_exists(name: str, pg_url: str = PG_URL) -> bool:
    with pg_admin(pg_url) as admin:
        return bool(
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )


def database_create(name: str, pg_url: str = PG_URL) -> str:
    """A new, empty database (an older one of that name is dropped); returns its URL."""
    database_drop(name, pg_url)
    with pg_admin(pg_url) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_url}/{name}"


def database_drop(name: str, pg_url: str = PG_URL) -> None:
    with pg_admin(pg_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_version(pg_url: str = PG_URL) -> str:
    with contextlib.suppress(Exception), pg_admin(pg_url) as admin:
        return admin.execute("SHOW server_version").fetchone()[0]
    return "?"


# --------------------------------------------------------------------------- Django


def django_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like process on the benchmark database."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "chuluc.config.settings",
        "DATABASE_URL": url,
        "DATA_DIR": str(DATA_DIR),
        "SECRET_KEY": SECRET,
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


def django_setup(url: str, **extra: str) -> None:
    os.environ.update(django_env(url, **extra))
    django.setup()


def run_child(argv: list[str], *, env: dict[str, str] | None = None) -> dict:
    """Run ``argv`` (a bench script in a child phase), echo its output, return the JSON of
    its ``RESULT`` line."""
    process = subprocess.Popen(  # noqa: S603 - our own scripts, fixed arguments
        [sys.executable, *argv], cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1, env=env
    )
    result = None
    for line in process.stdout or ():
        if line.startswith("RESULT "):
            result = json.loads(line.removeprefix("RESULT "))
        else:
            print(line, end="", flush=True)
    if process.wait() != 0 or result is None:
        raise SystemExit(f"bench: {' '.join(argv[:3])} failed (exit {process.returncode})")
    return result


def emit_measured(
    result: dict, *, seconds: float, cpu: float, setup_rss: float, load_before: float
):
    """A child's measurement, with its time, CPU, memory and the machine's load around it."""
    emit(
        {
            **result,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "maxrss_setup_mib": round(setup_rss, 1),
            "maxrss_mib": round(maxrss_mib(), 1),
            "load_before": load_before,
            "load_after": load(),
        }
    )


def emit(result: dict) -> None:
    print("RESULT " + json.dumps(result), flush=True)


# --------------------------------------------------------------------------- machine


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "kernel": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": server_version(),
    }


def load() -> float:
    """The 1-minute load average (other work on the machine while measuring)."""
    return round(os.getloadavg()[0], 2)


def calibration() -> float:
    """Seconds of a fixed CPU loop (about 0.15 s on an idle core of the reference machine)."""
    started = time.perf_counter()
    sum(range(10**7))
    return round(time.perf_counter() - started, 3)


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------- data


def tax_codes(count: int, *, prefix: str = "96") -> list[str]:
    """``count`` distinct valid 10-digit tax codes starting with ``prefix`` (serial numbers
    whose check digit does not exist are skipped, as the tax office skips them)."""
    codes: list[str] = []
    serial = 0
    width = 9 - len(prefix)
    while len(codes) < count:
        first_nine = f"{prefix}{serial:0{width}d}"
        check = tax_code_check_digit(first_nine)
        if check is not None:
            codes.append(f"{first_nine}{check}")
        serial += 1
    return codes


# --------------------------------------------------------------------------- statistics


def summary(values: list[float]) -> dict:
    """Median, min, max and the relative spread ((max − min) / median) of some runs."""
    median = statistics.median(values)
    return {
        "median": median,
        "min": min(values),
        "max": max(values),
        "spread": (max(values) - min(values)) / median if median else 0.0,
        "runs": values,
    }


# --------------------------------------------------------------------------- processes


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        tasks = Path(f"/proc/{pid}/task")
        found: list[int] = []
        for task in tasks.iterdir():
            text = (task / "children").read_text().split()
            found.extend(int(c) for c in text)
        return found
    return []


def tree(pid: int) -> Iterator[int]:
    """``pid`` and every process below it."""
    stack = [pid]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children(current))


def rss_mib(pid: int) -> float:
    """Resident memory of one process, MiB (0 when it is gone)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""
