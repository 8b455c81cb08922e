"""Mail to a council member whose submitted score sheet the system reopened (a dossier
entered or left the list they score, or they were given a criterion more), sent after the
transaction commits: an effect of the score sheet lifecycle (``council.lifecycles``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from chuluc.core.lifecycle import Change


def notify_sheet_reopened(change: Change) -> None:
    sheet = change.obj
    user = sheet.member.user
    if not user.email or not user.is_active:
        return
    context = {
        "user": user,
        "council_id": sheet.round.council_id,
        "round": sheet.round,
        "reason": sheet.reopened_because,
        "site": settings.SITE_URL,
    }
    subject = render_to_string("council/email/sheet_reopened_subject.txt", context).strip()
    body = render_to_string("council/email/sheet_reopened.txt", context)
    to = [user.email]
    transaction.on_commit(lambda: send_mail(subject, body, None, to, fail_silently=False))
