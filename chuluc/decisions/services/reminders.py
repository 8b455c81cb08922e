"""Reminders before a recognition expires (the daily ``send_expiry_reminders`` command):
one audit row per recognition reminded."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chuluc.core.audit import audit_record
from chuluc.decisions.enums import Validity
from chuluc.decisions.models import ExpiryReminder, Recognition
from chuluc.decisions.notifications import send_expiry_reminder
from chuluc.decisions.selectors import with_validity


@transaction.atomic
def expiry_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the enterprise and the officers of recognitions about to expire, once per lead
    time (``EXPIRY_REMINDER_DAYS``). Rerunning on the same day, or any later day, never sends
    a lead time twice; a recognition first seen inside several lead times gets one mail and
    all those lead times are marked. Returns the number of reminders sent."""
    today = today or timezone.localdate()
    leads = sorted(settings.EXPIRY_REMINDER_DAYS, reverse=True)
    if not leads:
        return 0
    # the recognitions reading "expiring" today: the window is the longest lead time
    candidates = with_validity(
        Recognition.objects.select_related("product", "enterprise", "decision"),
        Validity.EXPIRING,
        on=today,
    ).order_by("valid_until", "pk")
    sent_before = set(
        ExpiryReminder.objects.filter(recognition__in=candidates).values_list(
            "recognition_id", "days_before"
        )
    )
    sent = 0
    for recognition in candidates:
        days_left = (recognition.valid_until - today).days
        due = [d for d in leads if days_left <= d and (recognition.pk, d) not in sent_before]
        if not due:
            continue
        recipients = send_expiry_reminder(recognition, days_left=days_left, lead=min(due))
        ExpiryReminder.objects.bulk_create(
            [
                ExpiryReminder(
                    recognition=recognition, days_before=d, sent_on=today, recipients=recipients
                )
                for d in due
            ]
        )
        audit_record(
            actor=None,
            action="decisions.expiry_reminder",
            obj=recognition,
            changes={"days_left": [None, days_left], "lead_times": [None, due]},
        )
        sent += 1
    return sent
