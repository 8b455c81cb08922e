"""Mail about recognitions, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.models import User
from chuluc.decisions.models import Recognition


def expiry_recipients(recognition: Recognition) -> list[str]:
    """The enterprise's verified representatives and address, and every active officer."""
    enterprise = recognition.enterprise
    emails = set(
        enterprise.memberships.filter(status=MembershipStatus.VERIFIED, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if enterprise.email:
        emails.add(enterprise.email)
    emails |= set(
        User.objects.filter(is_active=True, role_assignments__role=Role.OFFICER)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails)


def send_expiry_reminder(recognition: Recognition, *, days_left: int) -> int:
    to = expiry_recipients(recognition)
    if not to:
        return 0
    context = {
        "recognition": recognition,
        "days_left": days_left,
        "site": settings.SITE_URL,
        "verify_url": settings.SITE_URL
        + reverse("portal:verify_number", args=[recognition.certificates.first().number])
        if recognition.certificates.exists()
        else "",
    }
    subject = render_to_string("decisions/email/expiry_subject.txt", context).strip()
    body = render_to_string("decisions/email/expiry.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, to, fail_silently=False))
    return len(to)
