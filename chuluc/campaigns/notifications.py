"""Mail to an enterprise about its dossier, sent after the transaction commits. The
``notify_*`` functions are effects of the dossier lifecycle (``campaigns.lifecycles``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.enums import MembershipStatus
from chuluc.campaigns.models import Dossier
from chuluc.core.formatting import vn_date
from chuluc.core.lifecycle import Change


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


def notify_received(change: Change) -> None:
    notify_enterprise(change.obj, event="submitted")


def notify_returned(change: Change) -> None:
    dossier = change.obj
    notify_enterprise(
        dossier,
        event="returned",
        comment=_("%(c)s (hạn bổ sung: %(d)s)")
        % {"c": change.note, "d": vn_date(timezone.localtime(dossier.resubmit_by).date())},
    )


def notify_screened(change: Change) -> None:
    """Eligible or ineligible, with the reasons."""
    notify_enterprise(change.obj, event=change.transition.target, comment=change.note)
