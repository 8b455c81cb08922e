"""Small helpers that keep views thin: authorisation and pagination."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
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


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, counted: bool = False) -> Page:
    """A page of ``queryset``; ``counted``: the rows and the total in one query
    (``CountedPaginator``)."""
    paginator = (CountedPaginator if counted else Paginator)(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


class CountedPaginator(Paginator):
    """Reads a page and the number of rows in one query (``COUNT(*) OVER ()``) instead of
    two: for a search the database answers by walking many rows (the public directory walks
    the recognitions, each looked up with its product and enterprise), and the walk is done
    once. A page past the end (or below 1) falls back to ``Paginator``: the last page."""

    TOTAL = "_paginator_total"

    def get_page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted < 1:  # Django answers with the last page
            return super().get_page(number)
        bottom = (wanted - 1) * self.per_page
        total = {self.TOTAL: Window(Count("pk"))}
        rows = list(self.object_list.annotate(**total)[bottom : bottom + self.per_page])
        if not rows or self.orphans:
            return super().get_page(number)
        self.__dict__["count"] = getattr(rows[0], self.TOTAL)  # what ``count`` would give
        return self._get_page(rows, wanted, self)


class NarrowPaginator(Paginator):
    """Pages of a query sorted on columns of joined tables: the database sorts the ids
    alone (narrow rows in its sorter), then the page's rows are read by id, with what the
    query selects and prefetches. Sorting the ids alone is cheaper than sorting the whole
    joined rows, which a deep page of a large list pays for every row before it
    (docs/performance.md). One query more than ``Paginator``."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        found = self.object_list.order_by().in_bulk(ids)
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)


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
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote
