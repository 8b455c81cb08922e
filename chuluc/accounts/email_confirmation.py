"""The link that confirms a self-registered applicant's e-mail address.

A signed, timestamped token (``django.core.signing``) naming the registration and the
address it was sent to: a changed byte, another address or an old link is refused, and
nothing is stored to make or check it. A link past its time still names its registration
(the signature holds), so the page can send a fresh one to the same address."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from chuluc.accounts.models import EnterpriseMembership

SALT = "chuluc.accounts.membership-email"
#: As long as a password-reset link, the other link Chủ Lực mails to a person.
MAX_AGE = dt.timedelta(days=3)


@dataclass(frozen=True)
class Reading:
    membership: EnterpriseMembership | None
    expired: bool = False

    @property
    def valid(self) -> bool:
        return self.membership is not None and not self.expired


def make_token(membership: EnterpriseMembership) -> str:
    return signing.dumps({"m": membership.pk, "e": membership.user.email}, salt=SALT)


def read_token(token: str) -> Reading:
    """The registration a link names; ``expired`` when it is past its time; no
    registration when the link was altered or the address changed since."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        expired = False
    except signing.SignatureExpired:
        payload = signing.loads(token, salt=SALT)
        expired = True
    except signing.BadSignature:
        return Reading(None)
    membership = (
        EnterpriseMembership.objects.select_related("user", "enterprise")
        .filter(pk=payload.get("m"))
        .first()
    )
    if membership is None or membership.user.email != payload.get("e"):
        return Reading(None)
    return Reading(membership, expired)


def confirmation_url(membership: EnterpriseMembership) -> str:
    return settings.SITE_URL + reverse("accounts:confirm_email", args=[make_token(membership)])


def send_confirmation(membership: EnterpriseMembership) -> None:
    """Mail the link to the applicant once the registration is committed."""
    context = {
        "membership": membership,
        "user": membership.user,
        "url": confirmation_url(membership),
        "days": MAX_AGE.days,
    }
    subject = render_to_string("accounts/email/confirm_email_subject.txt", context).strip()
    body = render_to_string("accounts/email/confirm_email.txt", context)
    recipient = membership.user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))


def resend(membership: EnterpriseMembership) -> None:
    """A fresh link for a registration still waiting for its confirmation."""
    if membership.is_unconfirmed:
        with transaction.atomic():
            send_confirmation(membership)
