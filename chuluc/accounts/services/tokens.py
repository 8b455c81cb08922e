"""Personal API tokens: created (the secret shown once), revoked, and checked on every API
request. Only a SHA-256 hash of the secret and a short prefix (to recognise it in a list)
are stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.models import ApiToken, User
from chuluc.accounts.rules import can_use_api
from chuluc.accounts.selectors import token_is_active
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc

SECRET_PREFIX = "chl_"  # noqa: S105 - a public marker that makes leaked tokens recognisable, not a secret
SECRET_CHARS = 40  # secrets.token_urlsafe(30) is exactly 40 URL-safe characters
PREFIX_CHARS = 8
NAME_MAX = 100
MAX_ACTIVE_TOKENS = 10
TOUCH_EVERY = dt.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``actor`` and its secret (``chl_`` + 40 characters), which is never
    stored and cannot be shown again."""
    if not can_use_api(actor):
        raise ApplicationError(_("Tài khoản của bạn không được cấp mã truy cập API."))
    now = timezone.now()
    name = nfc(name)
    errors = {}
    if not name:
        errors["name"] = _("Vui lòng đặt tên gợi nhớ cho mã.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Tên gợi nhớ tối đa %(n)s ký tự.") % {"n": NAME_MAX}
    if expires_at is not None and (timezone.is_naive(expires_at) or expires_at <= now):
        errors["expires_at"] = _("Ngày hết hạn phải ở tương lai.")
    if errors:
        raise ValidationError(errors)
    active = [
        t for t in ApiToken.objects.select_for_update().filter(user=actor) if token_is_active(t)
    ]
    if len(active) >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(
            _("Mỗi tài khoản có tối đa %(n)s mã còn hiệu lực; hãy thu hồi mã không dùng nữa.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=secret[len(SECRET_PREFIX) :][:PREFIX_CHARS],
        key_hash=hash_secret(secret),
        created_at=now,
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={
            "name": [None, name],
            "prefix": [None, token.prefix],
            "expires_at": [None, expires_at],
        },
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens; it stops working at once."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk:
        raise ApplicationError(_("Bạn chỉ thu hồi được mã của chính mình."))
    if token.revoked_at is not None:
        raise ApplicationError(_("Mã này đã được thu hồi."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        changes={"revoked_at": [None, token.revoked_at]},
    )
    return token


def authenticate(secret: str) -> User | None:
    """The active user whose token this secret is, if the token is neither revoked nor
    expired. Notes the time of use, at most once a minute (a bookkeeping field, not
    audited)."""
    if (
        not isinstance(secret, str)
        or not secret.startswith(SECRET_PREFIX)
        or len(secret) != len(SECRET_PREFIX) + SECRET_CHARS
    ):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
    now = timezone.now()
    if token is None or not token_is_active(token, now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user
