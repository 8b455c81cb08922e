"""Uploaded files: the type is read from the content, never from the name, and the
stored name is chosen by us, never taken from the client."""

from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chuluc.core.errors import ApplicationError
from chuluc.core.formatting import format_filesize
from chuluc.core.spreadsheets import MAX_UNCOMPRESSED


@dataclass(frozen=True)
class FileKind:
    code: str
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "pdf", "application/pdf", "PDF")
PNG = FileKind("png", "png", "image/png", "PNG")
JPEG = FileKind("jpeg", "jpg", "image/jpeg", "JPEG")
WEBP = FileKind("webp", "webp", "image/webp", "WebP")
XLSX = FileKind(
    "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
)
DOCX = FileKind(
    "docx",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
)
CSV = FileKind("csv", "csv", "text/csv", "CSV")
IMAGES = (PNG, JPEG, WEBP)


def _head(upload, size: int = 4096) -> bytes:
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


def _zip_names(upload) -> set[str]:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    finally:
        upload.seek(0)


def _zip_inflated_size(upload) -> int:
    """What the archive says its members inflate to (zipfile stops reading a member at its
    declared size, so an archive cannot lie its way past this)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0
    finally:
        upload.seek(0)


def sniff(upload) -> FileKind | None:  # noqa: PLR0911 - one return per file signature
    """What the bytes say the file is, or None."""
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(upload)
        if "[Content_Types].xml" in names:
            if any(n.startswith("xl/") for n in names):
                return XLSX
            if any(n.startswith("word/") for n in names):
                return DOCX
        return None
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the 4 KiB window is still text
        if exc.start < len(head) - 4:
            return None
    return CSV


def _legacy_text(head: bytes) -> bool:
    """Text in an 8-bit code page (Windows-1258, TCVN3), not UTF-8."""
    if b"\x00" in head or head.startswith(b"PK"):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def check_upload(upload, *, allowed: tuple[FileKind, ...], max_bytes: int) -> FileKind:
    """Refuse what is too large or not of an allowed kind; return the kind."""
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        raise ApplicationError(_("Tệp tải lên bị trống."))
    if size > max_bytes:
        raise ApplicationError(
            _("Tệp quá lớn: %(size)s, tối đa %(max)s.")
            % {"size": format_filesize(size), "max": format_filesize(max_bytes)}
        )
    kind = sniff(upload)
    if kind is None and CSV in allowed and _legacy_text(_head(upload)):
        raise ApplicationError(
            _("Tệp văn bản không ở mã hóa UTF-8. Hãy lưu lại bằng “CSV UTF-8” rồi tải lên lại.")
        )
    if kind not in allowed:
        raise ApplicationError(
            _(
                "Nội dung tệp không phải là %(kinds)s (hệ thống kiểm tra nội dung, không dựa vào tên tệp)."
            )
            % {"kinds": ", ".join(k.label for k in allowed)}
        )
    if kind in (XLSX, DOCX) and _zip_inflated_size(upload) > MAX_UNCOMPRESSED:
        # a zip bomb: refused even where the file is only stored, never read by the server
        raise ApplicationError(
            _("Tệp %(kind)s giải nén ra quá lớn; hệ thống từ chối để bảo vệ máy chủ.")
            % {"kind": kind.label}
        )
    upload.safe_name = f"{secrets.token_hex(16)}.{kind.extension}"
    return kind


def check_image(upload, max_bytes: int = 5 * 1024 * 1024) -> str:
    return check_upload(upload, allowed=IMAGES, max_bytes=max_bytes).content_type


def display_name(name: str) -> str:
    """The client's file name reduced to a harmless label (no folders, no control chars)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip(" .")
    return cleaned[:200] or "tep"
