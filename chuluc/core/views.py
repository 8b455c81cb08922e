from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from chuluc.core import navigation, notifications
from chuluc.core.forms import NotificationPreferencesForm
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


@login_required
@require_GET
def notification_list(request):
    """The person's own notifications, newest first (everyone signed in has an inbox)."""
    page = paginate(request, notifications.inbox(request.user))
    return render(
        request, "core/notifications.html", {"page": page, "query": query_without_page(request)}
    )


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark one of the person's own notifications read and go where it points; another
    person's is not found."""
    notification = notifications.notification_open(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "core:notifications"
    return redirect(target)


@login_required
@require_POST
def notifications_read_all(request):
    notifications.notifications_read_all(user=request.user)
    messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect("core:notifications")


@login_required
def notification_preferences(request):
    form = NotificationPreferencesForm(
        request.POST or None,
        events=notifications.grouped_events(),
        initial_choices=notifications.preferences(request.user),
    )
    if request.method == "POST" and form.is_valid():
        notifications.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("core:notification_preferences")
    return render(request, "core/notification_preferences.html", {"form": form})


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
