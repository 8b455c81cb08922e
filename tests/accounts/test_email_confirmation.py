"""The signed link that confirms a self-registered applicant's e-mail address: until it is
opened the registration stays out of the officers' queue; an altered, re-addressed or old
link confirms nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from chuluc.accounts import email_confirmation
from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.models import EnterpriseMembership
from chuluc.accounts.todo import membership_tasks
from chuluc.core.models import AuditEntry
from chuluc.registry import services
from tests.factories.registry import valid_tax_code


@pytest.fixture
def registration(db, django_capture_on_commit_callbacks) -> EnterpriseMembership:
    with django_capture_on_commit_callbacks(execute=True):
        return services.enterprise_self_register(
            username="dn",
            email="dn@example.vn",
            full_name="Người Đại Diện",
            phone="0912345678",
            password="mot-mat-khau-dai-2026",
            position="Giám đốc",
            tax_code=valid_tax_code(700),
            enterprise_name="Công ty CP Chờ Xác Nhận",
            ownership="private",
        )


def _mailed_link() -> str:
    return re.search(r"/tai-khoan/xac-nhan-thu/[^/\s]+/", mail.outbox[-1].body).group(0)


def _status(membership) -> str:
    membership.refresh_from_db()
    return membership.status


def test_the_link_is_mailed_to_the_address_given(registration):
    assert mail.outbox[-1].to == ["dn@example.vn"]
    assert "Công ty CP Chờ Xác Nhận" in mail.outbox[-1].subject
    reading = email_confirmation.read_token(_mailed_link().split("/")[-2])
    assert (reading.membership, reading.valid) == (registration, True)


def test_an_unconfirmed_registration_is_not_in_the_officers_queue(client, officer, registration):
    client.force_login(officer)

    queue = client.get(reverse("accounts:membership_list")).content.decode()

    assert "Công ty CP Chờ Xác Nhận" not in queue
    assert membership_tasks(officer, None) == []


def test_opening_the_link_shows_the_registration_and_the_button_confirms_it(
    client, officer, registration
):
    link = _mailed_link()

    shown = client.get(link)
    assert shown.status_code == 200
    assert "Xác nhận và gửi đăng ký" in shown.content.decode()
    assert _status(registration) == MembershipStatus.UNCONFIRMED  # a GET confirms nothing

    done = client.post(link)
    assert "Đã xác nhận" in done.content.decode()
    assert _status(registration) == MembershipStatus.PENDING
    assert AuditEntry.objects.filter(action="membership.confirm_email").count() == 1
    client.force_login(officer)
    assert (
        "Công ty CP Chờ Xác Nhận"
        in client.get(reverse("accounts:membership_list")).content.decode()
    )

    again = client.post(link)  # a second click changes nothing and says so
    assert "đã được xác nhận trước đây" in again.content.decode()
    assert AuditEntry.objects.filter(action="membership.confirm_email").count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: signing.dumps({"m": 1, "e": "dn@example.vn"}, salt="another.salt"),
    ],
)
def test_a_tampered_link_is_refused(client, registration, tamper):
    token = email_confirmation.make_token(registration)

    response = client.post(reverse("accounts:confirm_email", args=[tamper(token)]))

    assert response.status_code == 400
    assert "Liên kết không hợp lệ" in response.content.decode()
    assert _status(registration) == MembershipStatus.UNCONFIRMED


def test_a_link_for_an_address_changed_since_is_refused(client, registration):
    token = email_confirmation.make_token(registration)
    registration.user.email = "khac@example.vn"
    registration.user.save()

    response = client.post(reverse("accounts:confirm_email", args=[token]))

    assert response.status_code == 400
    assert _status(registration) == MembershipStatus.UNCONFIRMED


def test_an_expired_link_is_refused_and_offers_a_fresh_one(
    client, registration, monkeypatch, django_capture_on_commit_callbacks
):
    link = _mailed_link()
    sent = len(mail.outbox)
    # Every link is older than a time limit below zero: no waiting, no clock to move.
    monkeypatch.setattr(email_confirmation, "MAX_AGE", dt.timedelta(seconds=-1))

    shown = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(link)

    assert shown.status_code == 400
    assert "Liên kết đã hết hạn" in shown.content.decode()
    assert resent.status_code == 302
    assert _status(registration) == MembershipStatus.UNCONFIRMED
    assert len(mail.outbox) == sent + 1
    assert mail.outbox[-1].to == ["dn@example.vn"]
