import re

import pytest
from django.core import mail

from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.models import EnterpriseMembership, User
from chuluc.core.models import AuditEntry
from chuluc.registry.models import Enterprise
from tests.factories.accounts import PASSWORD, MembershipFactory, UserFactory
from tests.factories.files import pdf_file
from tests.factories.registry import EnterpriseFactory, valid_tax_code

LOGIN = "/tai-khoan/dang-nhap/"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def test_login_with_right_password_goes_to_dashboard(client, officer):
    response = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/tong-quan/"


def test_login_with_wrong_password_says_so_in_vietnamese(client, officer):
    response = client.post(LOGIN, {"username": "officer", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_locks_out_after_repeated_failures(client, officer):
    for _ in range(3):
        client.post(LOGIN, {"username": "officer", "password": "sai"})
    response = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tài khoản tạm bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name(client, officer, leader):
    for _ in range(3):
        client.post(LOGIN, {"username": "officer", "password": "sai"}, REMOTE_ADDR="10.0.0.1")
    other = client.post(LOGIN, {"username": "leader", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 302


def test_logout_needs_post(client, officer):
    client.force_login(officer)
    assert client.get("/tai-khoan/dang-xuat/").status_code == 405
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_is_audited(client, officer):
    client.force_login(officer)
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "mat-khau-moi-dai-2027",
            "new_password2": "mat-khau-moi-dai-2027",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mat-khau-moi-dai-2027")
    assert (
        AuditEntry.objects.filter(action="user.password_change", object_id=str(officer.pk)).count()
        == 1
    )


def test_password_reset_by_mail(client, officer):
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": officer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Đặt lại mật khẩu Chủ Lực"
    link = re.search(
        r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+)", mail.outbox[0].body
    ).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "mat-khau-moi-dai-2027", "new_password2": "mat-khau-moi-dai-2027"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mat-khau-moi-dai-2027")


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "khong-co@example.vn"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_pages_are_vietnamese_by_default_with_english_switch(client, db):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def _registration(**overrides):
    data = {
        "tax_code": valid_tax_code(500),
        "enterprise_name": "Công ty CP Tự Đăng Ký",
        "ownership": "private",
        "address": "Số 1 phố Thử",
        "full_name": "Nguyễn Đại Diện",
        "position": "Giám đốc",
        "email": "dd@example.vn",
        "phone": "0900000000",
        "username": "daidien",
        "password1": "mot-mat-khau-dai-2026",
        "password2": "mot-mat-khau-dai-2026",
    }
    return {**data, **overrides}


def test_self_registration_waits_for_email_then_officer_verification(
    client, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tai-khoan/dang-ky/", _registration())
    assert response.status_code == 200
    assert "dd@example.vn" in response.content.decode()
    # a new tax code: nothing in the register until an officer verifies
    assert not Enterprise.objects.filter(tax_code=valid_tax_code(500)).exists()
    membership = EnterpriseMembership.objects.get(user__username="daidien")
    assert membership.status == MembershipStatus.UNCONFIRMED
    assert membership.enterprise is None
    link = re.search(r"/tai-khoan/xac-nhan-thu/[^/\s]+/", mail.outbox[-1].body).group(0)

    client.post(link)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING

    client.force_login(officer)
    client.post(f"/tai-khoan/dai-dien/{membership.pk}/quyet-dinh/", {"status": "verified"})
    enterprise = Enterprise.objects.get(tax_code=valid_tax_code(500))
    assert (enterprise.name, enterprise.is_verified) == ("Công ty CP Tự Đăng Ký", True)
    client.force_login(User.objects.get(username="daidien"))
    assert client.get(f"/so-dang-ky/doanh-nghiep/{enterprise.pk}/").status_code == 200


def test_self_registration_for_existing_enterprise_keeps_its_name(client, db):
    enterprise = EnterpriseFactory(tax_code=valid_tax_code(501), name="Tên chính thức")
    client.post(
        "/tai-khoan/dang-ky/",
        _registration(tax_code=valid_tax_code(501), enterprise_name="Tên khác", letter=pdf_file()),
    )
    enterprise.refresh_from_db()
    assert enterprise.name == "Tên chính thức"
    assert EnterpriseMembership.objects.get().enterprise == enterprise


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"tax_code": "0100109107"}, "tax_code", "chữ số kiểm tra"),
        ({"password2": "khac"}, "password2", "Hai mật khẩu không khớp"),
        ({"password1": "123", "password2": "123"}, None, "quá ngắn"),
        ({"username": "a b"}, "username", "Tên đăng nhập chỉ gồm"),
    ],
)
def test_self_registration_refuses_bad_input_and_stores_nothing(
    client, db, overrides, field, message
):
    response = client.post("/tai-khoan/dang-ky/", _registration(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 0
    assert Enterprise.objects.count() == 0


def test_self_registration_refuses_taken_user_name(client, db):
    UserFactory(username="daidien")
    response = client.post("/tai-khoan/dang-ky/", _registration())
    assert "Tên đăng nhập này đã có người dùng" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_rejecting_a_membership_needs_a_reason(client, officer):
    membership = MembershipFactory(status=MembershipStatus.PENDING)
    client.force_login(officer)
    response = client.post(
        f"/tai-khoan/dai-dien/{membership.pk}/quyet-dinh/",
        {"status": "rejected", "note": ""},
        follow=True,
    )
    assert "Vui lòng ghi lý do từ chối" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
