"""Who may see and decide enterprise memberships, and which account pages need a login."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, reverse

from chuluc.accounts import urls as accounts_urls
from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.models import EnterpriseMembership
from chuluc.core.models import AuditEntry
from tests.access import assert_login_redirect
from tests.factories.accounts import MembershipFactory, UserFactory

STAFF = ("officer", "admin_user")
NOT_STAFF = ("leader", "council_member", "agency_officer", "outsider", "rep_a", "rep_b")


@pytest.fixture
def pending_rep(enterprise_b):
    """Someone who asked to represent enterprise B and is still waiting for an officer."""
    user = UserFactory(username="rep_cho", roles=[Role.ENTERPRISE_REP])
    MembershipFactory(user=user, enterprise=enterprise_b, status=MembershipStatus.PENDING)
    return user


@pytest.fixture
def pending_membership(pending_rep):
    return EnterpriseMembership.objects.get(user=pending_rep)


def _decide_url(membership) -> str:
    return reverse("accounts:membership_decide", args=[membership.pk])


# Every accounts page is either public, for anyone logged in, or for officers. -------------

PUBLIC = {
    "login",
    "logout",
    "register",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "confirm_email",  # the signed link is the proof: tests/accounts/test_email_confirmation.py
}
LOGGED_IN = {"password_change", "password_change_done"}
OFFICERS = {"membership_list", "membership_decide"}
API_USERS = {"api_tokens", "api_token_revoke"}  # access table: tests/accounts/test_tokens.py
# officers and the applicant: tests/accounts/test_memberships.py
LETTER = {"membership_letter"}


def test_accounts_url_table_covers_every_pattern():
    for pattern in accounts_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), pattern
    names = {p.name for p in accounts_urls.urlpatterns}
    assert names == PUBLIC | LOGGED_IN | OFFICERS | API_USERS | LETTER
    assert not (PUBLIC & LOGGED_IN or PUBLIC & OFFICERS or LOGGED_IN & OFFICERS)


@pytest.mark.parametrize(
    "name",
    ["login", "register", "password_reset", "password_reset_done", "password_reset_complete"],
)
def test_public_account_page_is_open_to_logged_out_visitor(client, db, name):
    response = client.get(reverse(f"accounts:{name}"))

    assert response.status_code == 200


def test_password_reset_confirm_with_bad_token_is_open_but_invalid(client, db):
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "sai-ma"]))

    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_logout_post_by_logged_out_visitor_goes_home(client, db):
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/"


@pytest.mark.parametrize("name", sorted(LOGGED_IN))
def test_logged_in_account_page_redirects_logged_out_visitor(client, db, name):
    url = reverse(f"accounts:{name}")

    response = client.get(url)

    assert_login_redirect(response, url)


@pytest.mark.parametrize("name", sorted(LOGGED_IN))
def test_logged_in_account_page_is_open_to_rep(client, rep_a, name):
    client.force_login(rep_a)

    response = client.get(reverse(f"accounts:{name}"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["login", "register"])
def test_login_and_register_send_logged_in_user_to_dashboard(client, rep_a, name):
    client.force_login(rep_a)

    response = client.get(reverse(f"accounts:{name}"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("core:dashboard")


# Membership list ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF)
def test_membership_list_is_open_to_officers(client, request, pending_membership, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("accounts:membership_list"))

    assert response.status_code == 200
    body = response.content.decode()
    assert pending_membership.enterprise.name in body
    assert _decide_url(pending_membership) in body


@pytest.mark.parametrize("role", NOT_STAFF)
def test_membership_list_is_forbidden_to_everyone_else(client, request, pending_membership, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("accounts:membership_list"), {"status": ""})

    assert response.status_code == 403
    assert pending_membership.user.email.encode() not in response.content


def test_membership_list_is_forbidden_to_pending_rep(client, pending_rep):
    client.force_login(pending_rep)

    response = client.get(reverse("accounts:membership_list"))

    assert response.status_code == 403


def test_membership_list_redirects_logged_out_visitor(client, db):
    url = reverse("accounts:membership_list")

    response = client.get(url)

    assert_login_redirect(response, url)


# Membership decisions -----------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF)
def test_membership_decide_lets_officer_verify(client, request, pending_membership, role):
    actor = request.getfixturevalue(role)
    client.force_login(actor)

    response = client.post(_decide_url(pending_membership), {"status": "verified", "note": ""})

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:membership_list")
    pending_membership.refresh_from_db()
    assert pending_membership.status == MembershipStatus.VERIFIED
    assert pending_membership.decided_by == actor


@pytest.mark.parametrize("role", NOT_STAFF)
@pytest.mark.parametrize("status", ["verified", "rejected"])
def test_membership_decide_is_forbidden_to_everyone_else(
    client, request, pending_membership, role, status
):
    client.force_login(request.getfixturevalue(role))
    audit_rows = AuditEntry.objects.count()

    response = client.post(_decide_url(pending_membership), {"status": status, "note": "vì sao"})

    assert response.status_code == 403
    pending_membership.refresh_from_db()
    assert pending_membership.status == MembershipStatus.PENDING
    assert pending_membership.decided_by is None
    assert AuditEntry.objects.count() == audit_rows


def test_pending_rep_cannot_verify_own_membership(client, pending_rep, pending_membership):
    client.force_login(pending_rep)

    response = client.post(_decide_url(pending_membership), {"status": "verified", "note": ""})

    assert response.status_code == 403
    pending_membership.refresh_from_db()
    assert pending_membership.status == MembershipStatus.PENDING
    assert pending_membership.decided_by is None
    assert pending_membership.decided_at is None
    # and the enterprise stays closed to them
    detail = client.get(
        reverse("registry:enterprise_detail", args=[pending_membership.enterprise_id])
    )
    assert detail.status_code == 404


def test_rep_cannot_reject_another_rep_membership(client, rep_a, rep_b):
    membership_b = EnterpriseMembership.objects.get(user=rep_b)
    client.force_login(rep_a)

    response = client.post(_decide_url(membership_b), {"status": "rejected", "note": "không"})

    assert response.status_code == 403
    membership_b.refresh_from_db()
    assert membership_b.status == MembershipStatus.VERIFIED


def test_membership_decide_refuses_before_saying_whether_the_id_exists(
    client, rep_a, pending_membership
):
    client.force_login(rep_a)
    missing = EnterpriseMembership.objects.order_by("-pk").first().pk + 1000

    existing = client.post(_decide_url(pending_membership), {"status": "verified"})
    absent = client.post(
        reverse("accounts:membership_decide", args=[missing]), {"status": "verified"}
    )

    assert existing.status_code == absent.status_code == 403


@pytest.mark.parametrize("role", ["officer", "rep_a", "pending_rep"])
def test_membership_decide_refuses_get(client, request, pending_membership, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_decide_url(pending_membership))

    assert response.status_code == 405
    pending_membership.refresh_from_db()
    assert pending_membership.status == MembershipStatus.PENDING


def test_membership_decide_redirects_logged_out_visitor(client, pending_membership):
    url = _decide_url(pending_membership)

    response = client.post(url, {"status": "verified"})

    assert_login_redirect(response, url)
    pending_membership.refresh_from_db()
    assert pending_membership.status == MembershipStatus.PENDING
