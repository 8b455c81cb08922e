"""The settings for several application servers (docs/deployment.md), without the servers:
what ``REDIS_URL`` and ``S3_BUCKET`` switch on, what they refuse, whose address the login
lockout counts behind a proxy, and that a backup walks a bucket as it walks a folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import boto3
import pytest
from axes.helpers import get_client_ip_address
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import RequestFactory
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from chuluc.core.backup import stored_names
from tests.ports import free_port

SHOW = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"],
    "session": settings.SESSION_ENGINE,
    "storage": settings.STORAGES["default"],
}, default=str))
"""


def _settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("S3_", "REDIS_URL", "CACHE_KEY_PREFIX", "SECRET_KEY"))
    }
    code = "import django; django.setup()\n" + SHOW
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "chuluc.config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _shown(**env: str) -> dict:
    done = _settings(**env)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_redis_or_s3_nothing_changes():
    shown = _shown(SECRET_KEY="k")
    assert (shown["cache"], shown["session"], shown["storage"]["BACKEND"]) == (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "django.contrib.sessions.backends.db",
        "django.core.files.storage.FileSystemStorage",
    )


def test_redis_url_shares_the_cache_and_the_sessions():
    shown = _shown(SECRET_KEY="k", REDIS_URL="redis://redis.internal:6379/2", CACHE_KEY_PREFIX="hn")
    cache = shown["cache"]
    assert (cache["BACKEND"], cache["LOCATION"], cache["KEY_PREFIX"], shown["session"]) == (
        "django.core.cache.backends.redis.RedisCache",
        "redis://redis.internal:6379/2",
        "hn",
        "django.contrib.sessions.backends.cached_db",
    )


def test_s3_bucket_keeps_files_private_in_the_bucket():
    shown = _shown(
        SECRET_KEY="k",
        S3_BUCKET="chuluc-hanoi",
        S3_ENDPOINT_URL="https://s3.internal:9000",
        S3_REGION="us-east-1",
        S3_ACCESS_KEY_ID="id",
        S3_SECRET_ACCESS_KEY="secret",
        S3_PREFIX="/hanoi/",
    )
    storage = shown["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "chuluc-hanoi",
        "endpoint_url": "https://s3.internal:9000",
        "region_name": "us-east-1",
        "access_key": "id",
        "secret_key": "secret",
        "location": "hanoi",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": "path",
    }


@pytest.mark.parametrize("shared", [{"REDIS_URL": "redis://r:6379/0"}, {"S3_BUCKET": "b"}])
def test_shared_services_refuse_a_generated_secret_key(shared):
    done = _settings(**shared)
    assert (done.returncode, "SECRET_KEY must be set" in done.stderr) == (1, True)


def test_a_redis_url_of_another_kind_is_refused():
    done = _settings(SECRET_KEY="k", REDIS_URL="http://redis.internal:6379")
    assert (done.returncode, "REDIS_URL must start with" in done.stderr) == (1, True)


@pytest.mark.parametrize(
    ("proxies", "expected"), [(0, "10.0.0.2"), (1, "203.0.113.7"), (2, "198.51.100.1")]
)
def test_login_lockout_counts_the_visitor_behind_trusted_proxies(settings, proxies, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().post(
        "/tai-khoan/dang-nhap/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    assert get_client_ip_address(request) == expected


def test_backup_walks_a_bucket_like_a_folder(tmp_path):
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        keys = {"aws_access_key_id": "t", "aws_secret_access_key": "t"}
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys).create_bucket(
            Bucket="walk"
        )
        bucket = S3Storage(
            bucket_name="walk",
            endpoint_url=endpoint,
            region_name="us-east-1",
            access_key="t",
            secret_key="t",
            location="tinh",
            file_overwrite=False,
            addressing_style="path",
        )
        folder = FileSystemStorage(location=tmp_path)
        names = ["a.pdf", "evidence/2026/11/b.png", "evidence/2026/12/c.xlsx", "z/d.csv"]
        for storage in (bucket, folder):
            for name in reversed(names):
                assert storage.save(name, ContentFile(name.encode())) == name
        assert (stored_names(bucket), stored_names(folder)) == (names, names)
        assert stored_names(FileSystemStorage(location=tmp_path / "none")) == []
    finally:
        server.stop()
