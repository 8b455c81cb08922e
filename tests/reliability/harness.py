"""Databases and processes for the reliability tests (issue 8).

The tests never use pytest-django's test database: every scenario runs in separate
processes (``python -m tests.reliability.child``) against a real database: a SQLite file in
a temporary folder (WAL, ``BEGIN IMMEDIATE``, busy timeout, as configured in
``chuluc/config/settings.py``) or a throwaway PostgreSQL database named ``chuluc_conc_*``.

A *world* is a data folder (``DATA_DIR``: the SQLite file and the private files) plus, for
PostgreSQL, a database. A world is built once (migrated, then a scenario built through the
services) and cloned for every run: the SQLite file and the private files are copied,
PostgreSQL clones with ``CREATE DATABASE … TEMPLATE``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from tests.reliability.crash_points import STOP_MARKER

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
CHILD_TIMEOUT = 300  # seconds for one child process
RESULT_PREFIX = "RELIABILITY-RESULT "


def pg_server_url() -> str:
    """The PostgreSQL server to create databases on: DATABASE_URL when it names one (CI's
    PostgreSQL job), else the local server."""
    url = os.environ.get("DATABASE_URL", "").strip()
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_PG_URL


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def pg_admin():
    """An autocommit connection to the server's maintenance database."""
    parts = urlsplit(pg_server_url())
    conninfo = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    return psycopg.connect(conninfo, autocommit=True, connect_timeout=5)


def pg_unreachable_reason() -> str:
    """Empty when PostgreSQL answers; otherwise why not (the tests skip with it)."""
    try:
        with pg_admin() as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return f"PostgreSQL at {pg_server_url()} is not reachable: {exc}"
    return ""


@dataclass
class World:
    backend: str  # "sqlite" or "postgres"
    data_dir: Path
    pg_name: str = ""

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "db.sqlite3"

    @property
    def media(self) -> Path:
        return self.data_dir / "private"

    def env(self, *, tasks: str = "immediate", **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "chuluc.config.settings",
            "DATA_DIR": str(self.data_dir),
            "MEDIA_ROOT": "",
            "STATIC_ROOT": str(self.data_dir / "static"),
            "SECRET_KEY": "reliability-tests-not-secret",
            "DEBUG": "false",
            "HTTPS": "false",
            "TASKS_BACKEND": tasks,
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "locmem:",
            "DATABASE_CONN_MAX_AGE": "0",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(REPO_ROOT),
            "DATABASE_URL": _with_database(pg_server_url(), self.pg_name)
            if self.backend == "postgres"
            else "",
        }
        env.update(extra)
        return env

    # creation and cloning -------------------------------------------------------------

    @classmethod
    def empty(cls, backend: str, data_dir: Path) -> World:
        data_dir.mkdir(parents=True, exist_ok=True)
        world = cls(backend, data_dir)
        if backend == "postgres":
            world.pg_name = f"chuluc_conc_{os.getpid()}_{secrets.token_hex(4)}"
            with pg_admin() as conn:
                conn.execute(f'CREATE DATABASE "{world.pg_name}"')
        return world

    def clone(self, data_dir: Path) -> World:
        """A copy of this world (no process may have it open)."""
        if data_dir.exists():
            shutil.rmtree(data_dir)
        shutil.copytree(self.data_dir, data_dir, ignore=shutil.ignore_patterns("phase*.log"))
        world = World(self.backend, data_dir)
        if self.backend == "postgres":
            world.pg_name = f"chuluc_conc_{os.getpid()}_{secrets.token_hex(4)}"
            with pg_admin() as conn:
                conn.execute(f'CREATE DATABASE "{world.pg_name}" TEMPLATE "{self.pg_name}"')
        return world

    def drop(self) -> None:
        if self.backend == "postgres" and self.pg_name:
            with pg_admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.data_dir, ignore_errors=True)

    # processes --------------------------------------------------------------------------

    def command(self, action: str, **args) -> list[str]:
        return [sys.executable, "-m", "tests.reliability.child", action, json.dumps(args)]

    def run(self, action: str, *, tasks: str = "immediate", timeout: float = CHILD_TIMEOUT, **args):
        """Run one action in a child process and return its JSON result (and its output,
        which the caller searches for errors a user would have seen)."""
        done = subprocess.run(
            self.command(action, **args),
            env=self.env(tasks=tasks),
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        output = done.stdout + done.stderr
        if done.returncode != 0:
            raise AssertionError(f"child `{action}` failed ({done.returncode}):\n{output[-6000:]}")
        return parse_result(done.stdout), output


def parse_result(stdout: str):
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    raise AssertionError(f"the child printed no result:\n{stdout[-4000:]}")


def kill_at_point(
    world: World, action: str, stop_at: tuple[str, int], *, tasks: str, **args
) -> str:
    """Run ``action`` in a child told to stop at the crash point ``stop_at`` (phase, n; see
    ``crash_points``), wait until it says it has stopped there, SIGKILL it; return what it
    printed. The child blocks at the point until killed, so where the kill lands does not
    depend on timing; the timeout only ends a child that hangs for another reason."""
    process = subprocess.Popen(
        world.command(action, stop_at=list(stop_at), **args),
        env=world.env(tasks=tasks),
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,  # never written: the child blocks reading it at the point
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    marker = f"{STOP_MARKER} {stop_at[0]} {stop_at[1]}"
    lines: list[str] = []
    stopped = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if line.strip() == marker:
                stopped.set()
        stopped.set()  # the end of its output: the child ended (or was killed)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    stopped.wait(CHILD_TIMEOUT)
    reached = any(line.strip() == marker for line in lines)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    reader.join(timeout=30)
    process.stdin.close()
    output = "".join(lines)
    if not reached:
        raise AssertionError(
            f"the child never stopped at {stop_at} (exit {process.returncode}):\n{output[-6000:]}"
        )
    return output


def read_points(phase_file: Path) -> list[tuple[str, int, str]]:
    """The crash points a child passed, in order: (phase, n, step)."""
    if not phase_file.exists():
        return []
    points = []
    for line in phase_file.read_text(encoding="utf-8").splitlines():
        phase, n, rest = line.split(" ", 2)
        points.append((phase, int(n), rest.rsplit(" ", 1)[0]))
    return points


# integrity ------------------------------------------------------------------------------


def integrity_problems(world: World) -> tuple[list[str], int]:
    """The database's own consistency checks after a crash: (problems, checks run); no
    problem means it passed.

    SQLite: ``PRAGMA integrity_check`` (pages, indexes, constraints) and
    ``PRAGMA foreign_key_check``. PostgreSQL: ``amcheck`` on every B-tree index of the
    public schema (heap and index agree) and, for every foreign key, the rows whose
    referenced row does not exist."""
    if world.backend == "sqlite":
        conn = sqlite3.connect(world.sqlite_path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else [f"integrity_check: {r}" for r in rows]
            problems += [
                f"foreign_key_check: {r}" for r in conn.execute("PRAGMA foreign_key_check")
            ]
        finally:
            conn.close()
        return problems, 2

    url = _with_database(pg_server_url(), world.pg_name)
    parts = urlsplit(url)
    problems: list[str] = []
    with psycopg.connect(urlunsplit(("postgresql", *parts[1:])), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = conn.execute(
            "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = 'public' AND i.indisvalid"
        ).fetchall()
        try:  # one statement for every index; index by index only to name a failure
            conn.execute(
                "SELECT count(bt_index_check(i::regclass, true)) FROM unnest(%s::text[]) i",
                [[index for (index,) in indexes]],
            )
        except psycopg.Error:
            for (index,) in indexes:
                try:
                    conn.execute("SELECT bt_index_check(%s::regclass, true)", [index])
                except psycopg.Error as exc:
                    problems.append(f"amcheck {index}: {exc}")
        foreign_keys = conn.execute(
            "SELECT con.conrelid::regclass::text, a.attname, con.confrelid::regclass::text, "
            "af.attname FROM pg_constraint con "
            "JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1] "
            "JOIN pg_attribute af ON af.attrelid = con.confrelid AND af.attnum = con.confkey[1] "
            "JOIN pg_namespace n ON n.oid = con.connamespace "
            "WHERE con.contype = 'f' AND n.nspname = 'public' AND array_length(con.conkey, 1) = 1"
        ).fetchall()
        counts = " UNION ALL ".join(  # names read from the catalogue, not from input
            f'SELECT {n}, count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '  # noqa: S608
            f'(SELECT 1 FROM {target} r WHERE r."{target_column}" = t."{column}")'
            for n, (table, column, target, target_column) in enumerate(foreign_keys)
        )
        for n, orphans in conn.execute(counts).fetchall():  # catalogue names only
            if orphans:
                table, column, target, _target_column = foreign_keys[n]
                problems.append(f"{table}.{column} → {target}: {orphans} orphan rows")
    return problems, len(indexes) + len(foreign_keys)
