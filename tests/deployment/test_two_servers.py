"""Two application servers, one PostgreSQL, one Redis, one S3 bucket (docs/deployment.md).

The test builds what a province runs: a throwaway PostgreSQL database (migrated), a Redis key
prefix of its own, an S3-compatible bucket (moto's server on a local port), then two
``chuluc serve`` processes on two ports, each with its own DATA_DIR, so nothing can be shared
through one server's disk or memory. Over real HTTP, with one cookie jar per person and
``TRUSTED_PROXIES=1`` so that each part of the test comes from its own visitor address (as
through a load balancer), it shows that a session opened on A is valid on B, a file uploaded
through A is served by B to those allowed and to no one else and lives in the bucket, the API
rate limit counts requests to both servers together, and failed logins spread over both lock
the account on both.

It needs PostgreSQL (``DATABASE_URL`` when it names one, else postgres@127.0.0.1:5432) and
Redis (``CHULUC_TEST_REDIS_URL``, else redis://127.0.0.1:6379/0; not ``REDIS_URL``, which
would put the rest of the suite's cache in Redis); without them it is skipped, saying which
is missing. Everything it creates (processes, database, bucket, Redis keys) is removed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import boto3
import psycopg
import pytest
import redis
from moto.server import ThreadedMotoServer

from tests.factories.files import PNG
from tests.factories.registry import valid_tax_code
from tests.ports import free_port

STARTUP_TIMEOUT = 60  # seconds for a server to answer /healthz
COMMAND_TIMEOUT = 300  # seconds for migrate, collectstatic or the set-up script
PASSWORD = "mat-khau-hai-may-chu-2026"
LOGIN = "/tai-khoan/dang-nhap/"
FAILURE_LIMIT = 3
API_RATE = 4  # requests a minute per address to the public API

# The people, created through the services by the set-up script (run against the new
# database with `chuluc shell`): an officer, the representative who uploads, an outsider
# who must be refused, and the account whose password is mistyped.
SETUP = """
import json
from chuluc.accounts import services as accounts
from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.registry import services as registry
from chuluc.registry.enums import Ownership
from chuluc.registry.models import IndustryGroup

data = json.loads({data!r})
officer = accounts.user_create(
    actor=None, username="canbo", full_name="Cán bộ Sở", password=data["password"],
    roles=[Role.OFFICER],
)
rep = accounts.user_create(
    actor=officer, username="daidien", full_name="Đại diện DN", password=data["password"]
)
outsider = accounts.user_create(
    actor=officer, username="nguoingoai", full_name="Người ngoài", password=data["password"]
)
accounts.user_create(
    actor=officer, username="gosai", full_name="Gõ sai", password=data["password"]
)
enterprise = registry.enterprise_create(
    actor=officer, name="Công ty CP Hai Máy Chủ", tax_code=data["tax_code"],
    ownership=Ownership.PRIVATE,
)
product = registry.product_create(
    actor=officer, enterprise=enterprise, name="Khóa cửa hai máy chủ",
    industry_group=IndustryGroup.objects.order_by("position").first(),
)
membership = accounts.membership_request(actor=rep, user=rep, enterprise=enterprise)
accounts.membership_decide(actor=officer, membership=membership, status=MembershipStatus.VERIFIED)
print(json.dumps({{"product": product.pk}}))
"""


# Services the test needs --------------------------------------------------------------


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return "postgres://postgres@127.0.0.1:5432/postgres"


def _redis_url() -> str:
    return os.environ.get("CHULUC_TEST_REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0"


def _libpq(url: str, database: str | None = None) -> str:
    parts = urlsplit(url)
    path = f"/{database}" if database else parts.path
    return urlunsplit(("postgresql", parts.netloc, path, parts.query, ""))


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _pg_admin(url: str):
    last: Exception | None = None
    for database in (None, "postgres", "template1"):
        try:
            return psycopg.connect(_libpq(url, database), autocommit=True, connect_timeout=3)
        except psycopg.OperationalError as exc:
            last = exc
    raise ConnectionError(str(last))


def _redis_client(url: str):
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    client.ping()
    return client


def _chuluc() -> list[str]:
    script = Path(sys.executable).parent / "chuluc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "chuluc"]


def _die_with_pytest() -> None:
    """Before exec in a server: SIGTERM when pytest dies without tearing down (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _run(args: list[str], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        [*_chuluc(), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            f"`chuluc {args[0]}` failed ({done.returncode}):\n{done.stdout[-3000:]}\n"
            f"{done.stderr[-3000:]}",
            pytrace=False,
        )
    return done.stdout


def _tail(path: Path, lines: int = 40) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


def _stop(process: subprocess.Popen) -> None:
    """Stop one `chuluc serve` and everything it started (its own process group)."""
    try:
        pgid = os.getpgid(process.pid)
    except ProcessLookupError:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


# The cluster ---------------------------------------------------------------------------


@dataclass
class Cluster:
    a: str  # base URL of server A
    b: str  # base URL of server B
    data_dirs: list[Path]
    database_url: str
    product: int
    bucket: str
    s3: object  # a boto3 client of the bucket's store
    redis: object
    key_prefix: str
    logs: list[Path]
    env: dict[str, str]  # what every server runs with
    tmp: Path

    def rows(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(_libpq(self.database_url), connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()


def _wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url}: `chuluc serve` exited early:\n{_tail(log)}", pytrace=False)
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
    pytest.fail(f"{url}/healthz did not answer 200 (last: {last}):\n{_tail(log)}", pytrace=False)


# Several servers need PostgreSQL anyway: the suite's PostgreSQL run (CI's `make
# test-postgres`) is the one that starts them, once.
pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="runs with the PostgreSQL suite (DATABASE_URL=postgres://...)",
)


@pytest.fixture
def cluster(tmp_path) -> Iterator[Cluster]:
    pg_url, redis_url = _postgres_url(), _redis_url()
    try:
        admin = _pg_admin(pg_url)
    except (ConnectionError, ImportError) as exc:
        pytest.skip(f"PostgreSQL is not reachable at {urlsplit(pg_url).hostname}: {exc}")
    try:
        redis_client = _redis_client(redis_url)
    except Exception as exc:  # any failure to reach Redis means: skip, saying so
        admin.close()
        pytest.skip(f"Redis is not reachable at {redis_url}: {exc}")

    token = secrets.token_hex(5)
    database = f"chuluc_multi_{token}"
    bucket = f"chuluc-multi-{token}"
    key_prefix = f"chuluc-multi-{token}"
    s3_port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    s3_env = {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "chuluc-test",
        "S3_SECRET_ACCESS_KEY": secrets.token_hex(16),
    }
    processes: list[subprocess.Popen] = []
    created_database = moto_started = False
    try:
        admin.execute(f'CREATE DATABASE "{database}"')
        created_database = True
        moto.start()
        moto_started = True
        s3 = boto3.client(
            "s3",
            endpoint_url=s3_env["S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id=s3_env["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=s3_env["S3_SECRET_ACCESS_KEY"],
        )
        s3.create_bucket(Bucket=bucket)

        database_url = _with_database(pg_url, database)
        ports = [free_port(), free_port()]
        env = {
            **os.environ,
            **s3_env,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": key_prefix,
            "DEBUG": "false",
            "HTTPS": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{ports[0]}",
            "MEDIA_ROOT": "",
            "STATIC_ROOT": str(tmp_path / "static"),
            "TRUSTED_PROXIES": "1",
            "API_PUBLIC_RATE": f"{API_RATE}/m",
            "LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
            "TASKS_BACKEND": "database",
            "EMAIL_URL": "console:",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "chuluc.config.settings",
        }
        data_dirs = [tmp_path / "server-a", tmp_path / "server-b"]
        for folder in data_dirs:
            folder.mkdir()
        setup_env = {**env, "DATA_DIR": str(tmp_path)}
        # Static files are the build's, identical on every server; collect them while the
        # database migrates.
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            jobs = [
                pool.submit(_run, ["migrate", "--no-input", "-v0"], setup_env, tmp_path),
                pool.submit(_run, ["collectstatic", "--no-input", "-v0"], setup_env, tmp_path),
            ]
            for job in jobs:
                job.result()
        data = json.dumps({"password": PASSWORD, "tax_code": valid_tax_code(912_345)})
        out = _run(["shell", "-c", SETUP.format(data=data)], setup_env, tmp_path)
        product = json.loads(out.strip().splitlines()[-1])["product"]

        logs = [folder / "server.log" for folder in data_dirs]
        for port, folder, log in zip(ports, data_dirs, logs, strict=True):
            with log.open("wb") as sink:
                processes.append(
                    subprocess.Popen(
                        [*_chuluc(), "serve", "--port", str(port), "--workers", "1", "--no-worker"],
                        env={**env, "DATA_DIR": str(folder)},
                        cwd=folder,
                        stdout=sink,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                        preexec_fn=_die_with_pytest,  # noqa: PLW1509 - only calls prctl
                    )
                )
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process, log in zip(urls, processes, logs, strict=True):
            _wait_healthy(url, process, log)
        yield Cluster(
            a=urls[0],
            b=urls[1],
            data_dirs=data_dirs,
            database_url=database_url,
            product=product,
            bucket=bucket,
            s3=s3,
            redis=redis_client,
            key_prefix=key_prefix,
            logs=logs,
            env=setup_env,
            tmp=tmp_path,
        )
    finally:
        for process in processes:
            _stop(process)
        if moto_started:
            with contextlib.suppress(Exception):
                listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
                for item in listed:
                    s3.delete_object(Bucket=bucket, Key=item["Key"])
                s3.delete_bucket(Bucket=bucket)
            moto.stop()
        if created_database:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()
        for key in redis_client.scan_iter(match=f"{key_prefix}:*", count=500):
            redis_client.delete(key)
        redis_client.close()


# A person with a browser of their own ---------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the test looks at each 302 itself


class Person:
    """One cookie jar for both servers (cookies ignore the port, as a browser's do behind
    one site name), and one visitor address, told to the servers as their proxy would."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, url: str, *, data: bytes | None = None, headers=None) -> Reply:
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            url, data=data, headers={"X-Forwarded-For": self.address, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=20) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, url: str, fields: dict[str, str]) -> Reply:
        body = urlencode({"csrfmiddlewaretoken": self.csrf(), **fields}).encode()
        return self.request(
            url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_file(self, url: str, fields: dict[str, str], name: str, filename: str, content):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in {"csrfmiddlewaretoken": self.csrf(), **fields}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )

    def log_in(self, server: str, username: str, password: str = PASSWORD) -> Reply:
        self.request(server + LOGIN)  # the form sets the CSRF cookie
        return self.post(server + LOGIN, {"username": username, "password": password})


# The test --------------------------------------------------------------------------------


def _session_opened_on_a_is_valid_on_b(cluster: Cluster) -> None:
    officer = Person("203.0.113.1")
    assert officer.log_in(cluster.a, "canbo").status == 302
    on_b = officer.request(cluster.b + "/so-dang-ky/doanh-nghiep/")
    assert (on_b.status, "Công ty CP Hai Máy Chủ" in on_b.text) == (200, True)
    # Logging out on B ends the session on A too.
    assert officer.post(cluster.b + "/tai-khoan/dang-xuat/", {}).status == 302
    on_a = officer.request(cluster.a + "/so-dang-ky/doanh-nghiep/")
    assert (on_a.status, on_a.headers["Location"].split("?")[0]) == (302, LOGIN)


def _file_uploaded_on_a_is_served_by_b_only_to_those_allowed(cluster: Cluster) -> None:
    rep, officer, outsider = Person("203.0.113.2"), Person("203.0.113.3"), Person("203.0.113.4")
    assert rep.log_in(cluster.a, "daidien").status == 302
    added = rep.post_file(
        f"{cluster.a}/so-dang-ky/san-pham/{cluster.product}/anh/",
        {"caption": "Ảnh qua máy chủ A"},
        "image",
        "anh.png",
        PNG,
    )
    assert (added.status, added.headers["Location"]) == (
        302,
        f"/so-dang-ky/san-pham/{cluster.product}/",
    )
    [(image_id, name)] = cluster.rows(
        "SELECT id, image FROM registry_productimage WHERE product_id = %s", cluster.product
    )
    url = f"{cluster.b}/so-dang-ky/anh/{image_id}/"

    assert officer.log_in(cluster.b, "canbo").status == 302
    assert outsider.log_in(cluster.b, "nguoingoai").status == 302
    for person in (rep, officer):
        served = person.request(url)
        assert (served.status, served.headers["Content-Type"], served.body) == (
            200,
            "image/png",
            PNG,
        )
    assert outsider.request(url).status == 404
    assert Person("203.0.113.5").request(url).status == 302  # anonymous: to the login page

    stored = cluster.s3.get_object(Bucket=cluster.bucket, Key=name)
    assert stored["Body"].read() == PNG
    on_disk = [p for folder in cluster.data_dirs for p in folder.rglob("*") if p.suffix == ".png"]
    assert on_disk == []
    _backup_holds_the_bucket_files(cluster, name)


def _backup_holds_the_bucket_files(cluster: Cluster, name: str) -> None:
    if shutil.which("pg_dump") is None:
        return  # `chuluc backup` of PostgreSQL needs pg_dump; without it this part is left out
    archive = cluster.tmp / "sao-luu.tar.gz"
    _run(["backup", str(archive)], cluster.env, cluster.tmp)
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile(f"media/{name}")
        assert member is not None
        assert member.read() == PNG


def _api_rate_limit_counts_both_servers(cluster: Cluster) -> None:
    visitor = Person("203.0.113.6")
    servers = [cluster.a, cluster.b] * API_RATE
    statuses = [visitor.request(f"{server}/api/v1/products").status for server in servers]
    # API_RATE requests pass, alternating servers; every later one is refused on both.
    assert statuses == [200] * API_RATE + [429] * API_RATE
    assert Person("203.0.113.7").request(f"{cluster.b}/api/v1/products").status == 200


def _failed_logins_on_both_servers_lock_the_account_on_both(cluster: Cluster) -> None:
    typist = Person("203.0.113.8")
    wrong = [
        typist.log_in(server, "gosai", "khong-dung").status
        for server in [cluster.a, cluster.b, cluster.a][:FAILURE_LIMIT]
    ]
    # Two refusals with the form again (200), then the lockout page (429) at the limit.
    assert wrong == [200] * (FAILURE_LIMIT - 1) + [429]
    for server, address in ((cluster.b, "203.0.113.9"), (cluster.a, "203.0.113.10")):
        locked = Person(address).log_in(server, "gosai")  # the right password, another address
        assert (server, locked.status) == (server, 429)
    # The address that failed is locked out too, whichever account it tries next.
    assert typist.log_in(cluster.b, "canbo").status == 429
    # Someone else, elsewhere, still logs in.
    assert Person("203.0.113.11").log_in(cluster.b, "canbo").status == 302


def test_two_servers_share_sessions_files_rate_limits_and_lockouts(cluster):
    _session_opened_on_a_is_valid_on_b(cluster)
    _file_uploaded_on_a_is_served_by_b_only_to_those_allowed(cluster)
    _api_rate_limit_counts_both_servers(cluster)
    _failed_logins_on_both_servers_lock_the_account_on_both(cluster)

    # What made it hold is where the issue says: sessions and rate limits in Redis, attempts
    # in PostgreSQL.
    keys = [key.decode() for key in cluster.redis.scan_iter(match=f"{cluster.key_prefix}:*")]
    assert any("sessions.cached_db" in key for key in keys), keys
    assert any("throttle_api_public" in key for key in keys), keys
    assert cluster.rows(
        "SELECT failures_since_start FROM axes_accessattempt"
        " WHERE username = %s AND ip_address = %s",
        "gosai",
        "203.0.113.8",
    ) == [(FAILURE_LIMIT,)]
