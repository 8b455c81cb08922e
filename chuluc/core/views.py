from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from chuluc.core import navigation
from chuluc.core.http import paginate, query_without_page, require
from chuluc.core.rules import can_view_audit
from chuluc.core.selectors import audit_list


@require_GET
def home(request):
    return render(request, "core/home.html")


@login_required
def dashboard(request):
    """Each part's panels for this person (registered by the apps, chuluc.core.navigation)."""
    return render(request, "core/dashboard.html", navigation.dashboard(request.user))


@login_required
def audit_index(request):
    require(can_view_audit(request.user))
    page = paginate(request, audit_list(action=request.GET.get("action", "")))
    return render(
        request, "core/audit_list.html", {"page": page, "query": query_without_page(request)}
    )


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse(
            {"status": "error", "database": str(exc.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": connection.vendor})


@require_GET
def bench_trivial(request):
    """A constant answer through the whole middleware stack, no template, no query: what
    Django itself costs per request (routed only when BENCH_TRIVIAL_VIEW is on)."""
    return HttpResponse(b"ok", content_type="text/plain")


def forbidden(request, exception=None):
    return render(request, "core/403.html", status=403)


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def robots(request):
    body = "User-agent: *\n" + "".join(
        f"Disallow: {p}\n"
        for p in ("/tai-khoan/", "/so-dang-ky/", "/quan-tri/", "/tong-quan/", "/nhat-ky/")
    )
    return HttpResponse(body, content_type="text/plain")
