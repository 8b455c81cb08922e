"""API tokens: the secret is shown once and only its hash is kept; who may hold one;
revocation and expiry; the token page."""

import datetime as dt
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chuluc.accounts.models import ApiToken
from chuluc.accounts.services import tokens
from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry

PAGE = "/tai-khoan/ma-api/"


def clock_at(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


# Creating ------------------------------------------------------------------------------------


def test_token_create_returns_the_secret_once_and_stores_only_its_hash(officer):
    token, secret = tokens.api_token_create(actor=officer, name="  Máy chủ   báo cáo ")

    assert re.fullmatch(r"chl_[A-Za-z0-9_-]{40}", secret)
    token.refresh_from_db()
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[4:12]
    assert token.name == "Máy chủ báo cáo"
    assert (token.user, token.revoked_at, token.last_used_at, token.expires_at) == (
        officer,
        None,
        None,
        None,
    )
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert not [v for v in stored if secret in v or secret[4:] in v]


def test_token_create_leaves_an_audit_row_without_the_secret(officer):
    token, secret = tokens.api_token_create(actor=officer, name="Báo cáo")

    entry = AuditEntry.objects.get(action="api_token.create")

    assert (entry.actor, entry.object_id) == (officer, str(token.pk))
    assert entry.diff["prefix"] == [None, token.prefix]
    assert secret not in str(entry.diff)
    assert secret[4:] not in str(entry.diff)


def test_two_tokens_never_share_a_secret(officer):
    secrets = {tokens.api_token_create(actor=officer, name=f"Mã {i}")[1] for i in range(5)}

    assert len(secrets) == 5


@pytest.mark.parametrize("role", ["officer", "admin_user", "leader", "rep_a"])
def test_internal_users_and_representatives_may_hold_a_token(request, role):
    user = request.getfixturevalue(role)

    token, _secret = tokens.api_token_create(actor=user, name="Mã")

    assert token.user == user


@pytest.mark.parametrize("role", ["outsider", "council_member", "agency_officer"])
def test_others_may_not_hold_a_token(request, role):
    user = request.getfixturevalue(role)

    with pytest.raises(ApplicationError) as exc:
        tokens.api_token_create(actor=user, name="Mã")

    assert exc.value.message == "Tài khoản của bạn không được cấp mã truy cập API."
    assert not ApiToken.objects.exists()


def test_token_needs_a_name_and_a_future_expiry(officer):
    with pytest.raises(ValidationError) as exc:
        tokens.api_token_create(
            actor=officer, name="   ", expires_at=timezone.now() - dt.timedelta(minutes=1)
        )

    assert exc.value.message_dict == {
        "name": ["Vui lòng đặt tên gợi nhớ cho mã."],
        "expires_at": ["Ngày hết hạn phải ở tương lai."],
    }


def test_a_user_holds_at_most_ten_active_tokens(officer):
    made = [tokens.api_token_create(actor=officer, name=f"Mã {i}")[0] for i in range(10)]

    with pytest.raises(ApplicationError):
        tokens.api_token_create(actor=officer, name="Mã thứ 11")
    tokens.api_token_revoke(actor=officer, token=made[0])
    token, _secret = tokens.api_token_create(actor=officer, name="Mã thứ 11")

    assert token.name == "Mã thứ 11"


# Authenticating ---------------------------------------------------------------------------------


def test_authenticate_finds_the_user_of_a_live_token(officer):
    _token, secret = tokens.api_token_create(actor=officer, name="Mã")

    assert tokens.authenticate(secret) == officer


@pytest.mark.parametrize(
    "secret", ["", "chl_", "chl_" + "a" * 40, "abc_" + "a" * 40, "chl_" + "a" * 41, None]
)
def test_authenticate_refuses_unknown_or_malformed_secrets(officer, secret):
    tokens.api_token_create(actor=officer, name="Mã")

    assert tokens.authenticate(secret) is None


def test_authenticate_refuses_a_revoked_token(officer):
    token, secret = tokens.api_token_create(actor=officer, name="Mã")

    tokens.api_token_revoke(actor=officer, token=token)

    assert tokens.authenticate(secret) is None


def test_authenticate_refuses_an_expired_token(officer, monkeypatch):
    expires_at = timezone.now() + dt.timedelta(hours=1)
    _token, secret = tokens.api_token_create(actor=officer, name="Mã", expires_at=expires_at)
    assert tokens.authenticate(secret) == officer

    clock_at(monkeypatch, expires_at)

    assert tokens.authenticate(secret) is None


def test_authenticate_refuses_the_token_of_a_deactivated_user(officer):
    _token, secret = tokens.api_token_create(actor=officer, name="Mã")
    officer.is_active = False
    officer.save(update_fields=["is_active"])

    assert tokens.authenticate(secret) is None


def test_last_use_is_noted_at_most_once_a_minute(officer, monkeypatch):
    token, secret = tokens.api_token_create(actor=officer, name="Mã")
    start = timezone.now()
    seen = []
    for seconds in (0, 30, 59, 60, 61):
        clock_at(monkeypatch, start + dt.timedelta(seconds=seconds))
        tokens.authenticate(secret)
        token.refresh_from_db()
        seen.append((token.last_used_at - start).total_seconds())

    assert seen == [0, 0, 0, 60, 60]


# Revoking -------------------------------------------------------------------------------------


def test_revoke_stops_the_token_and_is_audited(officer):
    token, _secret = tokens.api_token_create(actor=officer, name="Mã")

    tokens.api_token_revoke(actor=officer, token=token)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).count() == 1
    )


def test_revoke_refuses_someone_elses_token_and_a_second_revocation(officer, leader):
    token, _secret = tokens.api_token_create(actor=officer, name="Mã")

    with pytest.raises(ApplicationError):
        tokens.api_token_revoke(actor=leader, token=token)
    tokens.api_token_revoke(actor=officer, token=token)
    with pytest.raises(ApplicationError):
        tokens.api_token_revoke(actor=officer, token=token)


# The token page -------------------------------------------------------------------------------


def test_token_page_url_and_name():
    assert reverse("accounts:api_tokens") == PAGE


def test_token_page_needs_a_login(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


@pytest.mark.parametrize("role", ["outsider", "council_member"])
def test_token_page_is_forbidden_to_those_who_may_not_use_the_api(client, request, role):
    client.force_login(request.getfixturevalue(role))

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "Mã"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_token_page_lists_only_the_users_own_tokens(client, rep_a, rep_b):
    tokens.api_token_create(actor=rep_a, name="Mã của A")
    tokens.api_token_create(actor=rep_b, name="Mã của B")
    client.force_login(rep_a)

    response = client.get(PAGE)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Mã của A" in body
    assert "Mã của B" not in body


def test_creating_on_the_page_shows_the_secret_once(client, rep_a):
    client.force_login(rep_a)

    created = client.post(PAGE, {"name": "Máy chủ của công ty", "expires_on": ""})
    again = client.get(PAGE)

    token = ApiToken.objects.get(user=rep_a)
    secret = re.search(r'value="(chl_[A-Za-z0-9_-]{40})"', created.content.decode()).group(1)
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    assert tokens.authenticate(secret) == rep_a
    assert token.name == "Máy chủ của công ty"
    assert secret not in again.content.decode()
    assert f"chl_{token.prefix}…" in again.content.decode()


def test_creating_on_the_page_with_an_expiry_day(client, rep_a):
    client.force_login(rep_a)
    day = timezone.localdate() + dt.timedelta(days=30)

    client.post(PAGE, {"name": "Tạm thời", "expires_on": day.isoformat()})

    token = ApiToken.objects.get(user=rep_a)
    assert timezone.localtime(token.expires_at) == timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    )


def test_creating_on_the_page_shows_errors_inline(client, rep_a):
    client.force_login(rep_a)
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = client.post(PAGE, {"name": "Hết hạn", "expires_on": yesterday.isoformat()})

    assert response.status_code == 200
    assert "Ngày hết hạn phải ở tương lai." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_page_posts_need_the_csrf_token(rep_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(rep_a)
    token, _secret = tokens.api_token_create(actor=rep_a, name="Mã")

    created = client.post(PAGE, {"name": "Không có CSRF"})
    revoked = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert (created.status_code, revoked.status_code) == (403, 403)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_revoking_on_the_page(client, rep_a):
    token, secret = tokens.api_token_create(actor=rep_a, name="Mã cũ")
    client.force_login(rep_a)

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]), follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert "Đã thu hồi mã “Mã cũ”" in response.content.decode()
    assert tokens.authenticate(secret) is None


def test_revoking_someone_elses_token_is_404(client, rep_a, rep_b):
    token, secret = tokens.api_token_create(actor=rep_b, name="Mã của B")
    client.force_login(rep_a)

    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    assert tokens.authenticate(secret) == rep_b


def test_revoking_needs_a_post(client, rep_a):
    token, _secret = tokens.api_token_create(actor=rep_a, name="Mã")
    client.force_login(rep_a)

    assert client.get(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 405
