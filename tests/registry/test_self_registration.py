"""The public sign-up page and the self-registration service: every error at once, the
rules said before the first attempt, phones read as Vietnamese numbers, an existing firm
joined only with an authorisation letter and never renamed, no firm left behind by a
rejected registration."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuluc.accounts import services as account_services
from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.models import EnterpriseMembership, User
from chuluc.core.errors import ApplicationError
from chuluc.core.models import Notification
from chuluc.registry import services
from chuluc.registry.models import Enterprise
from tests.factories.files import PNG, pdf_file
from tests.factories.registry import EnterpriseFactory, valid_tax_code

URL = "/tai-khoan/dang-ky/"


def _registration(**overrides):
    data = {
        "tax_code": valid_tax_code(600),
        "enterprise_name": "Công ty CP Tự Đăng Ký",
        "ownership": "private",
        "address": "Số 1 phố Thử",
        "full_name": "Nguyễn Đại Diện",
        "position": "Giám đốc",
        "email": "dd@example.vn",
        "phone": "0912 345 678",
        "username": "daidien",
        "password1": "mot-mat-khau-dai-2026",
        "password2": "mot-mat-khau-dai-2026",
    }
    return {**data, **overrides}


def _input(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def _nothing_stored():
    return (
        User.objects.count(),
        Enterprise.objects.count(),
        EnterpriseMembership.objects.count(),
    ) == (0, 0, 0)


def test_the_page_states_the_rules_before_the_first_attempt(client, db):
    html = client.get(URL).content.decode()

    assert "Mật khẩu cần ít nhất 10 ký tự" in html
    assert "ví dụ 0100109106 hoặc 0100109106-001" in html
    assert "ví dụ 0912 345 678" in html
    assert "Bắt buộc khi mã số thuế đã có trong sổ đăng ký" in html
    assert 'aria-describedby="id_password1_helptext"' in _input(html, "password1")
    assert 'enctype="multipart/form-data"' in html


def test_every_error_shows_at_once_beside_its_field_and_in_the_summary(client, db):
    response = client.post(
        URL,
        _registration(
            tax_code="0100109107",
            phone="abc",
            username="a b",
            password1="123",
            password2="khac",
            email="khong-phai-thu",
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    for field, message in [
        ("tax_code", "chữ số kiểm tra"),
        ("phone", "“abc” không phải là số điện thoại hợp lệ"),
        ("username", "Tên đăng nhập chỉ gồm"),
        ("password1", "quá ngắn"),
        ("password2", "Hai mật khẩu không khớp"),
        ("email", "Địa chỉ thư điện tử không hợp lệ"),
    ]:
        assert message in html, field
        assert f'<a href="#id_{field}">' in html, field
        assert 'aria-invalid="true"' in _input(html, field), field
        assert f'id="id_{field}_error"' in html, field
    assert 'aria-invalid="true"' not in _input(html, "full_name")
    assert 'value="Nguyễn Đại Diện"' in _input(html, "full_name")
    assert _nothing_stored()


@pytest.mark.parametrize("phone", ["abc", "+84 12", "091234567", "0912 345 678 9999"])
def test_a_phone_that_is_no_vietnamese_number_is_refused(client, db, phone):
    html = client.post(URL, _registration(phone=phone)).content.decode()

    assert "không phải là số điện thoại hợp lệ" in html
    assert _nothing_stored()


def test_the_phone_is_stored_in_one_form(client, db):
    client.post(URL, _registration(phone="091 234 5678"))

    assert User.objects.get(username="daidien").phone == "+84912345678"


def test_an_existing_tax_code_without_a_letter_is_refused_and_nothing_changes(client, db):
    enterprise = EnterpriseFactory(tax_code=valid_tax_code(601), name="Tên chính thức")

    html = client.post(
        URL, _registration(tax_code=valid_tax_code(601), enterprise_name="Tên khác")
    ).content.decode()

    assert "Vui lòng tải lên giấy ủy quyền" in html
    assert '<a href="#id_letter">' in html
    enterprise.refresh_from_db()
    assert enterprise.name == "Tên chính thức"
    assert (User.objects.count(), EnterpriseMembership.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("giay-uy-quyen.pdf", b"MZ\x90\x00 not a pdf at all"),
        ("giay-uy-quyen.docx", b"PK\x03\x04" + b"\x00" * 64),
        ("giay-uy-quyen.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_letter_of_the_wrong_kind_is_refused(client, db, name, content):
    EnterpriseFactory(tax_code=valid_tax_code(602))

    html = client.post(
        URL,
        _registration(tax_code=valid_tax_code(602), letter=SimpleUploadedFile(name, content)),
    ).content.decode()

    assert "Nội dung tệp không phải là PDF, PNG, JPEG, WebP" in html
    assert (User.objects.count(), EnterpriseMembership.objects.count()) == (0, 0)


def test_an_existing_firm_is_joined_with_the_letter_and_never_renamed(client, db):
    enterprise = EnterpriseFactory(tax_code=valid_tax_code(603), name="Tên chính thức")

    client.post(
        URL,
        _registration(
            tax_code=valid_tax_code(603),
            enterprise_name="Tên khác",
            letter=SimpleUploadedFile("uy-quyen.png", PNG),
        ),
    )

    membership = EnterpriseMembership.objects.get()
    enterprise.refresh_from_db()
    assert enterprise.name == "Tên chính thức"
    assert membership.enterprise == enterprise
    assert membership.status == MembershipStatus.UNCONFIRMED
    assert (membership.letter_name, membership.letter_type) == ("uy-quyen.png", "image/png")
    assert membership.letter.read() == PNG


def test_the_service_refuses_an_existing_tax_code_without_a_letter(db):
    EnterpriseFactory(tax_code=valid_tax_code(604))

    with pytest.raises(ValidationError) as info:
        services.enterprise_self_register(
            username="dn",
            email="dn@example.vn",
            full_name="Người Đại Diện",
            phone="0912345678",
            password="mot-mat-khau-dai-2026",
            position="Giám đốc",
            tax_code=valid_tax_code(604),
            enterprise_name="Tên khác",
        )

    assert set(info.value.message_dict) == {"letter"}
    assert User.objects.count() == 0


def _confirmed_registration(**overrides) -> EnterpriseMembership:
    membership = services.enterprise_self_register(
        **{
            "username": "dn",
            "email": "dn@example.vn",
            "full_name": "Người Đại Diện",
            "phone": "0912345678",
            "password": "mot-mat-khau-dai-2026",
            "position": "Giám đốc",
            "tax_code": valid_tax_code(605),
            "enterprise_name": "Công ty CP Mới Đăng Ký",
            "ownership": "private",
            **overrides,
        }
    )
    return account_services.membership_confirm_email(membership=membership)


def test_a_rejected_registration_leaves_no_firm_and_the_applicant_reads_the_reason(client, officer):
    membership = _confirmed_registration()
    assert Enterprise.objects.count() == 0

    client.force_login(officer)
    client.post(
        reverse("accounts:membership_decide", args=[membership.pk]),
        {"status": "rejected", "note": "Mã số thuế không khớp với tên doanh nghiệp."},
    )

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert Enterprise.objects.count() == 0
    client.force_login(membership.user)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Công ty CP Mới Đăng Ký" in html
    assert "Lý do từ chối:" in html
    assert "Mã số thuế không khớp với tên doanh nghiệp." in html
    told = Notification.objects.get(user=membership.user)
    assert told.title == "Yêu cầu làm đại diện của Công ty CP Mới Đăng Ký bị từ chối"
    assert "Mã số thuế không khớp với tên doanh nghiệp." in told.body


def test_a_rejected_registration_to_an_existing_firm_leaves_the_firm_untouched(officer):
    enterprise = EnterpriseFactory(tax_code=valid_tax_code(606), name="Tên chính thức")
    before = Enterprise.objects.values().get()
    membership = _confirmed_registration(tax_code=valid_tax_code(606), letter=pdf_file())

    account_services.membership_decide(
        actor=officer, membership=membership, status=MembershipStatus.REJECTED, note="Giả mạo"
    )

    assert list(Enterprise.objects.values()) == [before]
    assert enterprise.name == "Tên chính thức"


def test_verifying_founds_the_firm_once_with_what_was_applied_for(officer):
    membership = _confirmed_registration(address="Số 9 phố Mới")

    account_services.membership_decide(
        actor=officer, membership=membership, status=MembershipStatus.VERIFIED
    )

    enterprise = Enterprise.objects.get()
    membership.refresh_from_db()
    assert membership.enterprise == enterprise
    assert (enterprise.tax_code, enterprise.name, enterprise.address) == (
        valid_tax_code(605),
        "Công ty CP Mới Đăng Ký",
        "Số 9 phố Mới",
    )
    assert enterprise.is_verified is True


def test_verifying_is_refused_when_the_tax_code_was_registered_since_without_a_letter(officer):
    membership = _confirmed_registration()
    EnterpriseFactory(tax_code=valid_tax_code(605), name="Đã nhập từ danh sách")

    with pytest.raises(ApplicationError, match="không kèm giấy ủy quyền"):
        account_services.membership_decide(
            actor=officer, membership=membership, status=MembershipStatus.VERIFIED
        )

    membership.refresh_from_db()
    assert (membership.status, membership.enterprise) == (MembershipStatus.PENDING, None)
