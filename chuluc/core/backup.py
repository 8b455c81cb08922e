"""Backup and restore of a whole installation: the database and the private uploads, in one
tar archive with a manifest (format version, database vendor, applied migrations, rows per
table, a checksum of every member).

The uploads are read and written through the default storage, so the archive holds them
whether they live in MEDIA_ROOT or in the S3 bucket shared by several servers (S3_BUCKET).

SQLite is copied with its online backup API (a consistent snapshot while the site runs);
PostgreSQL with ``pg_dump --format=custom`` and restored with ``pg_restore`` (both must be
on the PATH; see docs/deployment.md). A restore refuses an
archive whose checksums or migrations do not match, and refuses to overwrite a database that
already holds data unless told to.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
DB_SQLITE, DB_PG, MEDIA, MANIFEST = "db.sqlite3", "db.pgdump", "media", "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


def table_counts() -> dict[str, int]:
    """Rows per table of the project's database (every table Django knows)."""
    tables = sorted(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - known names
            counts[table] = cursor.fetchone()[0]
    return counts


def _migrations() -> list[str]:
    return sorted(
        f"{app}.{name}"
        for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256_of(handle)


def _sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def stored_names(storage: Storage, folder: str = "") -> list[str]:
    """Every file of the private storage (a local folder or a bucket), sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names.extend(stored_names(storage, f"{folder}{sub}/"))
    return sorted(names)


def _dump_database(folder: Path) -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        target = folder / DB_SQLITE
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return DB_SQLITE
    if vendor == "postgresql":
        target = folder / DB_PG
        _pg("pg_dump", "--format=custom", "--no-owner", f"--file={target}")
        return DB_PG
    raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")


def _pg(program: str, *args: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(f"Không tìm thấy chương trình {program} (gói postgresql-client).")
    db = connections["default"].settings_dict
    env = {"PGPASSWORD": str(db.get("PASSWORD") or "")}
    conninfo = [
        f"--host={db.get('HOST') or '127.0.0.1'}",
        f"--port={db.get('PORT') or 5432}",
        f"--username={db.get('USER') or 'postgres'}",
        f"--dbname={db['NAME']}",
    ]
    done = subprocess.run(  # noqa: S603 - fixed program, our own arguments
        [program, *conninfo, *args],
        env={**_safe_env(), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{program} thất bại: {done.stderr.strip()[-500:]}")


def _safe_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k in {"PATH", "LANG", "LC_ALL", "HOME"}}


def backup(path: Path) -> dict:
    """Write the archive to ``path``; returns the manifest."""
    storage = storages["default"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = _dump_database(folder)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "database": database,
            "migrations": _migrations(),
            "tables": table_counts(),
            "files": {database: _sha256(folder / database)},
        }
        media_files = stored_names(storage)
        for name in media_files:
            with storage.open(name, "rb") as handle:
                manifest["files"][f"{MEDIA}/{name}"] = _sha256_of(handle)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(folder / database, arcname=database)
            for name in media_files:
                info = tarfile.TarInfo(f"{MEDIA}/{name}")
                info.size, info.mode = storage.size(name), 0o600
                try:
                    info.mtime = int(storage.get_modified_time(name).timestamp())
                except NotImplementedError:
                    info.mtime = int(timezone.now().timestamp())
                with storage.open(name, "rb") as handle:
                    archive.addfile(info, handle)
        partial.replace(path)  # a crash never leaves a half-written archive under the name
    return manifest


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"Tệp sao lưu không đọc được: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Tệp sao lưu thuộc định dạng khác; không khôi phục.")
    return manifest


def restore(path: Path, *, force: bool = False) -> dict:
    """Replace the database and the private uploads with the archive's; returns the
    manifest. Checks every checksum before touching anything, and the row counts after."""
    manifest = read_manifest(path)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu là cơ sở dữ liệu {manifest['vendor']}, hệ thống đang dùng "
            f"{connection.vendor}."
        )
    if not force and _holds_data():
        raise BackupError("Cơ sở dữ liệu hiện có dữ liệu; dùng --force để ghi đè bằng bản sao lưu.")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(folder, filter="data")  # no absolute paths, no links out
        for name, digest in manifest["files"].items():
            member = folder / name
            if not member.is_file() or _sha256(member) != digest:
                raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng hoặc thiếu.")
        _load_database(folder / manifest["database"])
        if (folder / MEDIA).exists():
            _replace_stored_files(folder / MEDIA)
    if _migrations() != manifest["migrations"]:
        raise BackupError("Đã khôi phục nhưng danh sách migration khác bản sao lưu.")
    counts = table_counts()
    if counts != manifest["tables"]:
        different = sorted(t for t in manifest["tables"] if counts.get(t) != manifest["tables"][t])
        raise BackupError(f"Số dòng sau khi khôi phục khác bản sao lưu: {', '.join(different)}")
    return manifest


def _replace_stored_files(media: Path) -> None:
    """The storage ends up holding exactly the archive's files, under the same names."""
    storage = storages["default"]
    for name in stored_names(storage):
        storage.delete(name)
    for path in sorted(p for p in media.rglob("*") if p.is_file()):
        name = path.relative_to(media).as_posix()
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"Không khôi phục được tệp {name} đúng tên (lưu thành {saved}).")


def _holds_data() -> bool:
    tables = set(connection.introspection.table_names())
    if "accounts_user" not in tables:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM accounts_user")
        return cursor.fetchone()[0] > 0


def _load_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    _pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(dump))
