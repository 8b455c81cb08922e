"""Who may open the core pages: the audit log, the dashboard, the notifications, the
health check."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from chuluc.core import urls as core_urls
from chuluc.core.audit import audit_record
from tests.access import ALL_ROLES, ANON, assert_login_redirect

ROLES = tuple(role for role in ALL_ROLES if role != ANON)  # everyone logged in

PUBLIC = {"home", "healthz", "robots"}
LOGGED_IN = {
    "dashboard",
    # each person's own notifications (whose rows only their owner reaches:
    # tests/core/test_notifications.py)
    "notifications",
    "notification_open",
    "notifications_read_all",
    "notification_preferences",
}
INTERNAL = {"audit_list"}


@pytest.fixture
def audit_of_b(officer, enterprise_b):
    return audit_record(
        actor=officer,
        action="enterprise.update",
        obj=enterprise_b,
        changes={"phone": ["", "0900000999"]},
    )


def test_core_url_table_covers_every_pattern():
    for pattern in core_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), pattern
    assert {p.name for p in core_urls.urlpatterns} == PUBLIC | LOGGED_IN | INTERNAL


# Audit log -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "admin_user", "leader"])
def test_audit_list_is_open_to_internal_staff(client, request, audit_of_b, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/nhat-ky/")

    assert response.status_code == 200
    assert "Công ty CP Thử Nghiệm B" in response.content.decode()


@pytest.mark.parametrize("role", ["rep_a", "rep_b", "outsider", "council_member", "agency_officer"])
def test_audit_list_is_forbidden_outside_staff(client, request, audit_of_b, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/nhat-ky/", {"action": "enterprise.update"})

    assert response.status_code == 403
    assert "Công ty CP Thử Nghiệm B".encode() not in response.content
    assert b"0900000999" not in response.content


def test_audit_list_redirects_logged_out_visitor(client, audit_of_b):
    response = client.get("/nhat-ky/")

    assert_login_redirect(response, "/nhat-ky/")


def test_audit_list_url_is_the_named_one():
    assert reverse("core:audit_list") == "/nhat-ky/"


# Health check and public pages -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", *ROLES])
def test_healthz_is_ok_for_anyone(client, request, role):
    if role == "anonymous":
        request.getfixturevalue("db")
    else:
        client.force_login(request.getfixturevalue(role))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_post(client, db):
    response = client.post("/healthz")

    assert response.status_code == 405


@pytest.mark.parametrize("path", ["/", "/robots.txt"])
def test_public_core_page_is_open_to_logged_out_visitor(client, db, path):
    response = client.get(path)

    assert response.status_code == 200


def test_robots_keeps_private_areas_out_of_search(client, db):
    body = client.get("/robots.txt").content.decode()

    for prefix in ("/tai-khoan/", "/so-dang-ky/", "/quan-tri/", "/tong-quan/", "/nhat-ky/"):
        assert f"Disallow: {prefix}\n" in body


# Dashboard --------------------------------------------------------------------------------------


def test_dashboard_redirects_logged_out_visitor(client, db):
    response = client.get("/tong-quan/")

    assert_login_redirect(response, "/tong-quan/")


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_is_open_to_anyone_logged_in(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get("/tong-quan/")

    assert response.status_code == 200


def test_dashboard_of_rep_a_says_nothing_of_b(client, rep_a, enterprise_a, product_b):
    client.force_login(rep_a)

    response = client.get("/tong-quan/")

    assert response.status_code == 200
    body = response.content.decode()
    assert enterprise_a.name in body
    assert "Công ty CP Thử Nghiệm B" not in body
    assert product_b.enterprise.tax_code not in body
    assert response.context["counts"]["enterprises"] == 1
    assert response.context["counts"]["products"] == 0


def test_dashboard_counts_for_officer_cover_every_enterprise(
    client, officer, enterprise_a, product_b
):
    client.force_login(officer)

    response = client.get("/tong-quan/")

    assert response.context["counts"]["enterprises"] == 2
    assert response.context["counts"]["products"] == 1


# Notifications -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["notifications", "notification_preferences"])
@pytest.mark.parametrize("role", ROLES)
def test_notification_pages_are_open_to_anyone_logged_in(client, request, role, name):
    client.force_login(request.getfixturevalue(role))

    assert client.get(reverse(f"core:{name}")).status_code == 200


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("notifications", [], "get"),
        ("notification_preferences", [], "get"),
        ("notifications_read_all", [], "post"),
        ("notification_open", [1], "post"),
    ],
)
def test_notification_pages_redirect_a_logged_out_visitor(client, db, name, args, method):
    path = reverse(f"core:{name}", args=args)

    response = getattr(client, method)(path)

    assert_login_redirect(response, path)
