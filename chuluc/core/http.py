"""Small helpers that keep views thin: authorisation and pagination."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404

PAGE_SIZE = 50


def require(allowed: bool) -> None:
    """Refuse with 403 unless the named predicate allowed it."""
    if not allowed:
        raise PermissionDenied


def require_visible(allowed: bool) -> None:
    """Refuse with 404 where even the existence of the object is private."""
    if not allowed:
        raise Http404


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def private_file(
    field_file, *, content_type: str, filename: str | None = None, cache: str = "private, no-store"
):
    """Serve a stored private file (after the caller's permission check): never cached by
    shared caches, never sniffed as another type; ``filename`` makes it a download."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=filename is not None,
        filename=filename or "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    return response


def client_address(request) -> str:
    """The visitor's address for rate limits: the connection's, or, behind
    ``TRUSTED_PROXIES`` reverse proxies, the address the outermost trusted one saw (a
    client-sent ``X-Forwarded-For`` is never believed beyond that)."""
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote
