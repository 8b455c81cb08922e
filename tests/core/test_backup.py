"""``chuluc backup`` / ``chuluc restore``: a round trip through real processes and real files
gives back every table row for row and every private file byte for byte; a damaged archive
or a database that already holds data is refused."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

CHULUC = [str(Path(sys.executable).parent / "chuluc")]


def _run(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "MEDIA_ROOT": "",
        "TASKS_BACKEND": "immediate",
        "SECRET_KEY": "backup-test-not-secret",
        "DJANGO_SETTINGS_MODULE": "chuluc.config.settings",
    }
    done = subprocess.run(
        [*CHULUC, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if check:
        assert done.returncode == 0, done.stderr[-2000:]
    return done


def _tables(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        query = 'SELECT * FROM "{}"'  # table names read from sqlite_master
        return {name: sorted(map(repr, conn.execute(query.format(name)))) for name in names}


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("source")
    _run(data, "migrate", "-v0")
    _run(data, "seed_demo", "--enterprises", "6", "--quiet-logins")
    return data


def test_round_trip_gives_back_every_row_and_file(source, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    out = _run(source, "backup", str(archive)).stdout
    assert "Đã sao lưu" in out
    target = tmp_path / "target"
    _run(target, "migrate", "-v0")
    restored = _run(target, "restore", str(archive)).stdout
    assert "số dòng từng bảng khớp" in restored
    assert _tables(target / "db.sqlite3") == _tables(source / "db.sqlite3")
    assert _files(source / "private")  # the demo stores private files: something to compare
    assert _files(target / "private") == _files(source / "private")


def test_restore_refuses_to_overwrite_data_without_force(source, tmp_path):
    archive = tmp_path / "a.tar.gz"
    _run(source, "backup", str(archive))
    done = _run(source, "restore", str(archive), check=False)
    assert done.returncode != 0
    assert "dùng --force" in done.stderr
    _run(source, "restore", str(archive), "--force")


def test_a_damaged_archive_is_refused_and_changes_nothing(source, tmp_path):
    archive = tmp_path / "a.tar.gz"
    _run(source, "backup", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read() if member.isfile() else b""
            if member.name == "db.sqlite3":
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            member.size = len(data)
            copy.addfile(member, __import__("io").BytesIO(data))
    target = tmp_path / "target"
    _run(target, "migrate", "-v0")
    before = _tables(target / "db.sqlite3")
    done = _run(target, "restore", str(damaged), check=False)
    assert done.returncode != 0 and "bị hỏng" in done.stderr
    assert _tables(target / "db.sqlite3") == before
    garbage = tmp_path / "rac.tar.gz"
    garbage.write_bytes(b"not an archive")
    done = _run(target, "restore", str(garbage), check=False)
    assert done.returncode != 0 and "không đọc được" in done.stderr
