"""Reminders about firm reports not yet submitted (the daily ``send_report_reminders``
command): before the due date to the enterprise, after it to the enterprise with the
officers in copy. Who must report: every enterprise with a recognition in force on at least
one day of the period (not revoked)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from chuluc.core.audit import audit_record
from chuluc.decisions.enums import RecognitionStatus
from chuluc.decisions.models import Recognition
from chuluc.monitoring.enums import Quarter
from chuluc.monitoring.models import FirmReport, ReportingPeriod, ReportReminder
from chuluc.registry.models import Enterprise
from chuluc.support.notifications import enterprise_emails, officer_emails

# A missed day (the command did not run) is caught up for this long after the last lead time.
CATCH_UP_DAYS = 31


def period_bounds(period: ReportingPeriod) -> tuple[dt.date, dt.date]:
    """First and last day the period covers."""
    if period.quarter == Quarter.YEAR:
        return dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    first = dt.date(period.year, 3 * period.quarter - 2, 1)
    last_month = 3 * period.quarter
    if last_month == 12:  # noqa: PLR2004
        return first, dt.date(period.year, 12, 31)
    return first, dt.date(period.year, last_month + 1, 1) - dt.timedelta(days=1)


def expected_enterprise_ids(period: ReportingPeriod) -> set[int]:
    """Enterprises with a recognition in force on at least one day of the period (one
    query)."""
    first, last = period_bounds(period)
    return set(
        Recognition.objects.exclude(status=RecognitionStatus.REVOKED)
        .filter(valid_from__lte=last, valid_until__gte=first)
        .values_list("enterprise_id", flat=True)
    )


def missing_enterprise_ids(period: ReportingPeriod) -> set[int]:
    reported = set(FirmReport.objects.filter(period=period).values_list("enterprise_id", flat=True))
    return expected_enterprise_ids(period) - reported


def _due_offsets(days_to_due: int, sent: set[int]) -> list[int]:
    """The lead times reached and not yet sent: −d before the due date, +d after it."""
    if days_to_due >= 0:
        due = [-d for d in settings.REPORT_REMINDER_DAYS if days_to_due <= d]
    else:
        due = [d for d in settings.REPORT_OVERDUE_DAYS if -days_to_due >= d]
    return [offset for offset in due if offset not in sent]


def _send(period: ReportingPeriod, enterprise: Enterprise, days_to_due: int) -> int:
    overdue = days_to_due < 0
    to = enterprise_emails(enterprise) | (officer_emails() if overdue else set())
    if not to:
        return 0
    context = {
        "period": period,
        "enterprise": enterprise,
        "days": abs(days_to_due),
        "overdue": overdue,
        "url": settings.SITE_URL + reverse("monitoring:report_submit"),
        "site": settings.SITE_URL,
    }
    subject = render_to_string("monitoring/email/report_reminder_subject.txt", context).strip()
    body = render_to_string("monitoring/email/report_reminder.txt", context)
    recipients = sorted(to)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=False))
    return len(recipients)


@transaction.atomic
def report_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind every enterprise that must report and has not, once per lead time
    (``REPORT_REMINDER_DAYS`` before the due date, ``REPORT_OVERDUE_DAYS`` after it). A
    rerun on the same or a later day never sends a lead time twice; one first seen past
    several lead times gets one mail and all of them are marked. Returns the mails sent."""
    today = today or timezone.localdate()
    before = max(settings.REPORT_REMINDER_DAYS, default=0)
    after = max(settings.REPORT_OVERDUE_DAYS, default=0) + CATCH_UP_DAYS
    periods = ReportingPeriod.objects.filter(
        due_on__gte=today - dt.timedelta(days=after), due_on__lte=today + dt.timedelta(days=before)
    ).order_by("due_on", "pk")
    sent = 0
    for period in periods:
        missing = missing_enterprise_ids(period)
        if not missing:
            continue
        already: dict[int, set[int]] = {}
        for enterprise_id, offset in ReportReminder.objects.filter(
            period=period, enterprise_id__in=missing
        ).values_list("enterprise_id", "offset_days"):
            already.setdefault(enterprise_id, set()).add(offset)
        days_to_due = (period.due_on - today).days
        for enterprise in Enterprise.objects.filter(pk__in=missing).order_by("pk"):
            offsets = _due_offsets(days_to_due, already.get(enterprise.pk, set()))
            if not offsets:
                continue
            recipients = _send(period, enterprise, days_to_due)
            ReportReminder.objects.bulk_create(
                ReportReminder(
                    period=period,
                    enterprise=enterprise,
                    offset_days=offset,
                    sent_on=today,
                    recipients=recipients,
                )
                for offset in offsets
            )
            audit_record(
                actor=None,
                action="monitoring.report_reminder",
                obj=enterprise,
                changes={"period": [None, str(period)], "offsets": [None, offsets]},
            )
            sent += 1
    return sent
