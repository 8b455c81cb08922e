"""Mail about requests and difficulties, sent after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.accounts.models import EnterpriseMembership, User


def officer_emails() -> set[str]:
    """Every active officer of the Department of Industry and Trade."""
    return set(
        User.objects.filter(is_active=True, role_assignments__role=Role.OFFICER)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def agency_emails(agency_id: int | None) -> set[str]:
    """The active officers of an agency."""
    if agency_id is None:
        return set()
    return set(
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.AGENCY_OFFICER,
            role_assignments__agency_id=agency_id,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def enterprise_emails(enterprise) -> set[str]:
    """The enterprise's verified representatives and its own address."""
    emails = set(
        EnterpriseMembership.objects.filter(
            enterprise=enterprise, status=MembershipStatus.VERIFIED, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if enterprise.email:
        emails.add(enterprise.email)
    return emails


def _send(template: str, context: dict, to: set[str]) -> int:
    if not to:
        return 0
    context = {**context, "site": settings.SITE_URL}
    subject = render_to_string(f"support/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"support/email/{template}.txt", context)
    recipients = sorted(to)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=False))
    return len(recipients)


def _difficulty_url(difficulty) -> str:
    return settings.SITE_URL + reverse("support:difficulty_detail", args=[difficulty.pk])


def notify_difficulty_overdue(difficulty, *, days_late: int) -> int:
    """The weekly overdue notice: the routed agency's officers and the department's."""
    to = agency_emails(difficulty.agency_id) | officer_emails()
    return _send(
        "difficulty_overdue",
        {"difficulty": difficulty, "days_late": days_late, "url": _difficulty_url(difficulty)},
        to,
    )


def notify_difficulty_routed(difficulty) -> int:
    return _send(
        "difficulty_routed",
        {"difficulty": difficulty, "url": _difficulty_url(difficulty)},
        agency_emails(difficulty.agency_id),
    )


def notify_difficulty_answered(difficulty) -> int:
    return _send(
        "difficulty_answered",
        {"difficulty": difficulty, "url": _difficulty_url(difficulty)},
        enterprise_emails(difficulty.enterprise),
    )


def notify_request_decided(support_request) -> int:
    url = settings.SITE_URL + reverse("support:request_detail", args=[support_request.pk])
    return _send(
        "request_decided",
        {"request": support_request, "url": url},
        enterprise_emails(support_request.enterprise),
    )
