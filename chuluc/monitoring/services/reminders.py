"""Reminders about firm reports not yet submitted (the daily ``send_report_reminders``
command): before the due date to the enterprise, after it to the enterprise with the
officers in copy. Who must report: ``selectors.missing_enterprise_ids``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chuluc.core.audit import audit_record
from chuluc.monitoring.models import ReportingPeriod, ReportReminder
from chuluc.monitoring.notifications import notify_report_due
from chuluc.monitoring.selectors import missing_enterprise_ids
from chuluc.registry.models import Enterprise

# A missed day (the command did not run) is caught up for this long after the last lead time.
CATCH_UP_DAYS = 31


def _due_offsets(days_to_due: int, sent: set[int]) -> list[int]:
    """The lead times reached and not yet sent: −d before the due date, +d after it."""
    if days_to_due >= 0:
        due = [-d for d in settings.REPORT_REMINDER_DAYS if days_to_due <= d]
    else:
        due = [d for d in settings.REPORT_OVERDUE_DAYS if -days_to_due >= d]
    return [offset for offset in due if offset not in sent]


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
            recipients = notify_report_due(
                period, enterprise, days_to_due=days_to_due, offset=min(offsets)
            )
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
