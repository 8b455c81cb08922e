"""A registration's authorisation letter: beside the applicant's details on the officers'
page, served to the officers and to the applicant, to no one else; rejecting needs a reason."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuluc.accounts import services as account_services
from chuluc.accounts.enums import MembershipStatus
from chuluc.registry import services
from tests.factories.files import PNG
from tests.factories.registry import EnterpriseFactory, valid_tax_code


@pytest.fixture
def registration(db):
    """A confirmed registration to an existing firm, with its letter."""
    EnterpriseFactory(tax_code=valid_tax_code(800), name="Công ty CP Có Sẵn")
    membership = services.enterprise_self_register(
        username="dn",
        email="dn@example.vn",
        full_name="Người Đại Diện",
        phone="0912345678",
        password="mot-mat-khau-dai-2026",
        position="Phó giám đốc",
        tax_code=valid_tax_code(800),
        enterprise_name="Tên khác",
        letter=SimpleUploadedFile("uy-quyen.png", PNG),
    )
    return account_services.membership_confirm_email(membership=membership)


def _letter_url(membership) -> str:
    return reverse("accounts:membership_letter", args=[membership.pk])


def test_the_officers_page_shows_the_letter_beside_the_applicant(client, officer, registration):
    client.force_login(officer)

    html = client.get(reverse("accounts:membership_list")).content.decode()

    assert "Người Đại Diện" in html
    assert "Phó giám đốc · dn@example.vn · +84912345678" in html
    assert f'<a href="{_letter_url(registration)}">uy-quyen.png</a>' in html
    assert "Tên người đăng ký khai: Tên khác" in html


@pytest.mark.parametrize("who", ["officer", "applicant"])
def test_the_letter_is_served_to_the_officers_and_the_applicant(client, registration, who, request):
    user = registration.user if who == "applicant" else request.getfixturevalue("officer")
    client.force_login(user)

    response = client.get(_letter_url(registration))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["rep_a", "rep_b", "outsider", "leader", "council_member"])
def test_nobody_else_can_fetch_the_letter(client, registration, role, request):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_letter_url(registration))

    assert response.status_code == 404


def test_a_logged_out_visitor_is_sent_to_log_in_for_the_letter(client, registration):
    response = client.get(_letter_url(registration))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_rejecting_without_a_reason_is_refused_and_with_one_reaches_the_applicant(
    client, officer, registration
):
    client.force_login(officer)
    url = reverse("accounts:membership_decide", args=[registration.pk])

    refused = client.post(url, {"status": "rejected", "note": " "}, follow=True)
    registration.refresh_from_db()
    assert "Vui lòng ghi lý do từ chối" in refused.content.decode()
    assert registration.status == MembershipStatus.PENDING

    client.post(url, {"status": "rejected", "note": "Giấy ủy quyền không có dấu."})
    client.force_login(registration.user)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Giấy ủy quyền không có dấu." in html
    assert "Công ty CP Có Sẵn" in html
