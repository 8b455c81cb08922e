"""Mail to an enterprise about its dossier, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from chuluc.accounts.enums import MembershipStatus
from chuluc.campaigns.models import Dossier


def recipients(dossier: Dossier) -> list[str]:
    emails = set(
        dossier.enterprise.memberships.filter(
            status=MembershipStatus.VERIFIED, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if dossier.enterprise.email:
        emails.add(dossier.enterprise.email)
    return sorted(emails)


def notify_enterprise(dossier: Dossier, *, event: str, comment: str = "") -> None:
    to = recipients(dossier)
    if not to:
        return
    context = {"dossier": dossier, "event": event, "comment": comment, "site": settings.SITE_URL}
    subject = render_to_string("campaigns/email/subject.txt", context).strip()
    body = render_to_string("campaigns/email/dossier.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, to, fail_silently=False))
