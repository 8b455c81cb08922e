"""The site's public address (``SITE_URL``): given by the operator, or derived by
``chuluc serve`` from the address it binds, for the processes it starts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING = (
    "Chưa đặt SITE_URL (địa chỉ công khai của trang): mã QR trên giấy chứng nhận và liên kết "
    "trong thư sẽ trỏ sai chỗ. Hãy đặt SITE_URL, ví dụ SITE_URL=https://chuluc.hanoi.gov.vn, "
    "hoặc chạy bằng `chuluc serve`, lệnh tự lấy địa chỉ mà nó lắng nghe. "
    "(SITE_URL is not set and DEBUG is false: certificate QR codes and mail links would point "
    "nowhere. Set SITE_URL, or start the site with `chuluc serve`, which derives it.)"
)


def derived(host: str, port: int) -> str:
    """The address a browser on this machine opens for a server bound to host:port."""
    shown = "127.0.0.1" if host in {"", "0.0.0.0", "::"} else host  # noqa: S104 - compared, not bound
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def require_site_url() -> None:
    """Refuse to serve in production without a public address."""
    if not settings.DEBUG and not settings.SITE_URL_CONFIGURED:
        raise ImproperlyConfigured(MISSING)
