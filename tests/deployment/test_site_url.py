"""The site's public address (issue 17, point 1): QR codes and open-data links follow the
address served. ``PORT=8800 make run`` once printed QR codes for port 8000."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from chuluc.core.management.commands import serve
from chuluc.core.site_url import derived

BASE_ENV = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "DEBUG"}}


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**BASE_ENV, "DJANGO_SETTINGS_MODULE": "chuluc.config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "from chuluc.decisions.certificates import verify_url; "
    "print(settings.SITE_URL); print(verify_url('SPCNCL-2026-001'))"
)


def test_without_site_url_links_follow_the_port():
    done = _python(SHOW, PORT="8800")
    assert done.returncode == 0, done.stderr
    site, qr = done.stdout.split()
    assert site == "http://127.0.0.1:8800"
    assert qr.startswith("http://127.0.0.1:8800/")


def test_a_given_site_url_wins():
    done = _python(SHOW, PORT="8800", SITE_URL="https://chuluc.hanoi.gov.vn/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "https://chuluc.hanoi.gov.vn"


def test_production_server_without_site_url_refuses_to_start_and_says_why(tmp_path):
    done = _python("import chuluc.config.wsgi", DEBUG="false", DATA_DIR=str(tmp_path))
    assert done.returncode != 0
    assert "Chưa đặt SITE_URL" in done.stderr


def test_production_server_with_site_url_starts(tmp_path):
    done = _python(
        "import chuluc.config.wsgi",
        DEBUG="false",
        DATA_DIR=str(tmp_path),
        SITE_URL="https://chuluc.hanoi.gov.vn",
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("host", "port", "url"),
    [
        ("127.0.0.1", 8800, "http://127.0.0.1:8800"),
        ("0.0.0.0", 8000, "http://127.0.0.1:8000"),  # noqa: S104 - a bind address under test
        ("chuluc.local", 80, "http://chuluc.local:80"),
        ("::1", 8000, "http://[::1]:8000"),
    ],
)
def test_derived_address(host, port, url):
    assert derived(host, port) == url


class _Child:
    def __init__(self, args, **kwargs):
        self.args, self.site_url = args, os.environ.get("SITE_URL")

    def poll(self):
        return 0

    def wait(self, timeout=None):
        return 0

    def terminate(self):
        pass


def test_serve_gives_its_processes_the_address_it_binds(monkeypatch, settings):
    settings.SITE_URL_CONFIGURED = False
    monkeypatch.delenv("SITE_URL", raising=False)
    started: list[_Child] = []

    def popen(args, **kwargs):
        started.append(_Child(args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr("signal.signal", lambda *a: None)
    monkeypatch.setattr(serve, "write_serve_banners", lambda out: None)  # reads the database
    with pytest.raises(SystemExit):
        call_command("serve", port=8800, host="127.0.0.1", workers=1)
    monkeypatch.delenv("SITE_URL", raising=False)  # set by serve for its children
    assert [child.site_url for child in started] == ["http://127.0.0.1:8800"] * 2


def test_serve_keeps_a_configured_address(monkeypatch, settings):
    settings.SITE_URL_CONFIGURED = True
    monkeypatch.setenv("SITE_URL", "https://chuluc.hanoi.gov.vn")
    started: list[_Child] = []
    monkeypatch.setattr(
        subprocess, "Popen", lambda args, **kw: started.append(_Child(args)) or started[-1]
    )
    monkeypatch.setattr("signal.signal", lambda *a: None)
    monkeypatch.setattr(serve, "write_serve_banners", lambda out: None)  # reads the database
    with pytest.raises(SystemExit):
        call_command("serve", port=8800, host="127.0.0.1", workers=1)
    assert {child.site_url for child in started} == {"https://chuluc.hanoi.gov.vn"}
