"""Browser tests against a real server, set up the way production runs it.

One server per test session: a fresh database (SQLite in a temporary folder, or a new
PostgreSQL database when DATABASE_URL names a server), ``migrate``, ``collectstatic``,
``seed_demo`` and then ``chuluc serve`` (gunicorn and the background-task worker) as a
subprocess. The tests talk to it over HTTP only, through Debian's headless Chromium; they
never use pytest-django's test database.

``CHULUC_SKIP_BROWSER=1`` skips them; otherwise a missing Chromium is a failure.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from playwright.sync_api import sync_playwright

from chuluc.core.clock import travel
from tests.ports import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_ROOT / "test-results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT = 60  # seconds for the server to answer /healthz
COMMAND_TIMEOUT = 600  # seconds for one set-up command (migrate, collectstatic, seed_demo)


def _skip_requested() -> bool:
    return os.environ.get("CHULUC_SKIP_BROWSER", "") == "1"


def pytest_collection_modifyitems(config, items):
    if not _skip_requested():
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="CHULUC_SKIP_BROWSER=1: browser tests skipped on request")
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test so fixtures can see whether it failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# The server -------------------------------------------------------------------------


def _chuluc_command() -> list[str]:
    """The project's manage.py, taken from the environment that runs pytest."""
    script = Path(sys.executable).parent / "chuluc"
    if script.exists():
        return [str(script)]
    found = shutil.which("chuluc", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "chuluc"]


def _die_with_pytest() -> None:
    """In the server process before exec: get SIGTERM if pytest dies without tearing down
    (killed by a CI timeout), so no server outlives the run (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def _tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _pg_admin_connect(url: str):
    """An autocommit connection to the PostgreSQL server that ``url`` names.

    The database in the URL need not exist (it is only a way to name the server): try it,
    then the usual maintenance databases.
    """
    conninfo = _libpq_url(url)
    last_error: Exception | None = None
    for dbname in (None, "postgres", "template1"):
        kwargs = {"dbname": dbname} if dbname else {}
        try:
            return psycopg.connect(conninfo, autocommit=True, connect_timeout=10, **kwargs)
        except psycopg.OperationalError as exc:
            last_error = exc
    raise RuntimeError(f"Cannot connect to the PostgreSQL server of DATABASE_URL: {last_error}")


def _libpq_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", *parts[1:]))


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@dataclass
class Server:
    url: str
    data_dir: Path
    database: str  # "sqlite" or the PostgreSQL database name
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    clock: Path | None = None  # the TEST_CLOCK_FILE of a server whose time the test moves

    def travel(self, to: dt.datetime) -> None:
        """Move the server's clock to ``to`` (an aware datetime): web and task workers."""
        assert self.clock is not None, "this server keeps real time"
        travel(self.clock, to)

    def manage(self, *args: str) -> str:
        """Run a ``chuluc`` command against the server's database (e.g. to let time pass)."""
        done = subprocess.run(
            [*_chuluc_command(), *args],
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"`chuluc {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout


@pytest.fixture(scope="session")
def chuluc_server(tmp_path_factory) -> Iterator[Server]:
    if _skip_requested():
        pytest.skip("CHULUC_SKIP_BROWSER=1")
    with _served(tmp_path_factory.mktemp("chuluc-e2e")) as server:
        yield server


@pytest.fixture(scope="module")
def year_server(tmp_path_factory) -> Iterator[Server]:
    """A server of its own whose clock the test moves (``Server.travel``): the whole-year
    journey changes dates that the other journeys, sharing ``chuluc_server``, rely on."""
    if _skip_requested():
        pytest.skip("CHULUC_SKIP_BROWSER=1")
    data_dir = tmp_path_factory.mktemp("chuluc-year")
    clock = data_dir / "clock"
    clock.write_text("0\n")
    with _served(data_dir, TEST_CLOCK_FILE=str(clock)) as server:
        server.clock = clock
        yield server


@pytest.fixture(scope="module")
def own_server(tmp_path_factory) -> Iterator[Server]:
    """A server of the module's own, for journeys that take demo records other browser
    tests read (the first firm without a dossier, the first submitted dossier)."""
    if _skip_requested():
        pytest.skip("CHULUC_SKIP_BROWSER=1")
    with _served(tmp_path_factory.mktemp("chuluc-own")) as server:
        yield server


@contextlib.contextmanager
def _served(data_dir: Path, **extra_env: str) -> Iterator[Server]:
    """A fresh database, migrated and seeded with the demo, served by ``chuluc serve``."""
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "MEDIA_ROOT": "",
        "STATIC_ROOT": "",
        "HTTPS": "false",
        "DEBUG": "false",
        "TASKS_BACKEND": "database",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORT": str(port),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "COMMENT_MIN_SECONDS": "1",
        "WEB_CONCURRENCY": "2",
        "EMAIL_URL": "console:",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "chuluc.config.settings",
        **extra_env,
    }
    base_url = os.environ.get("DATABASE_URL", "").strip()
    pg_name = ""
    if base_url:
        pg_name = f"chuluc_e2e_{secrets.token_hex(6)}"
        with _pg_admin_connect(base_url) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = _with_database(base_url, pg_name)
    else:
        env["DATABASE_URL"] = ""

    log = data_dir / "server.log"
    process: subprocess.Popen | None = None
    try:
        chuluc = _chuluc_command()
        for args in (
            ["migrate", "--no-input", "-v0"],
            ["collectstatic", "--no-input", "-v0"],
            ["seed_demo", "--enterprises", "20", "--quiet-logins"],
        ):
            done = subprocess.run(
                [*chuluc, *args],
                env=env,
                cwd=data_dir,
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
            if done.returncode != 0:
                pytest.fail(
                    f"`chuluc {' '.join(args)}` failed ({done.returncode}):\n"
                    f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}",
                    pytrace=False,
                )
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*chuluc, "serve", "--port", str(port), "--workers", "2"],
                env=env,
                cwd=data_dir,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_pytest,  # noqa: PLW1509 - only calls prctl
            )
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, process, log)
        yield Server(url=url, data_dir=data_dir, database=pg_name or "sqlite", log=log, env=env)
    finally:
        if process is not None:
            _stop(process)
        if pg_name:
            _drop_database(base_url, pg_name)


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"`chuluc serve` exited with {process.returncode} before answering:\n{_tail(log)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            last = str(exc)
        time.sleep(0.25)
    pytest.fail(
        f"{url}/healthz did not answer 200 within {STARTUP_TIMEOUT} s "
        f"(last: {last}):\n{_tail(log)}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen) -> None:
    """Stop `chuluc serve` and everything it started (its own process group)."""
    try:
        pgid = os.getpgid(process.pid)
    except ProcessLookupError:
        return
    try:
        os.killpg(pgid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    # Whatever is left in the group (a slow worker) is killed outright.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    process.wait(timeout=10)


def _drop_database(base_url: str, name: str) -> None:
    with _pg_admin_connect(base_url) as conn:
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.errors.SyntaxError:  # PostgreSQL before 13
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


# The browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_browser():
    if _skip_requested():
        pytest.skip("CHULUC_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium), "
            "or set CHULUC_SKIP_BROWSER=1 to skip the browser tests.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def results_dir() -> Path:
    """Where screenshots go for a human to look at (git-ignored)."""
    RESULTS_DIR.mkdir(exist_ok=True)
    return RESULTS_DIR


@pytest.fixture
def browser_page(request, chromium_browser, chuluc_server):
    """A fresh browser (own cookies) whose user prefers Vietnamese, at the server's address.

    A failing test leaves a screenshot of the page in test-results/.
    """
    failure_shot = RESULTS_DIR / f"{request.node.name}-failure.png"
    failure_shot.unlink(missing_ok=True)  # not from this run
    context = chromium_browser.new_context(
        base_url=chuluc_server.url,
        locale="vi-VN",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # the tests check that no script failed
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            RESULTS_DIR.mkdir(exist_ok=True)
            try:
                page.screenshot(path=failure_shot, full_page=True)
            except Exception as exc:  # a failed screenshot must not hide the failure
                print(f"could not take a failure screenshot: {exc}")  # noqa: T201
            server_log = _tail(chuluc_server.log)
            print(f"Last lines of the server log ({chuluc_server.log}):\n{server_log}")  # noqa: T201
        context.close()
