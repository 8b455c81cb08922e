"""Telling people about periodic firm reports: a report due or overdue (the daily
``send_report_reminders``: the enterprise, with the officers once it is overdue) and a
report whose figures the system flagged for review (the officers). Sent through
``chuluc.core.notifications``."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.notifications import officers, representatives
from chuluc.core.lifecycle import Change
from chuluc.core.notifications import change_key, notify, register_event, render_mail

REPORT_DUE = "monitoring.report_due"
REPORT_FLAGGED = "monitoring.report_flagged"

REPORTS = _("Báo cáo định kỳ")
register_event(
    REPORT_DUE, label=_("Báo cáo định kỳ sắp đến hạn hoặc quá hạn"), group=REPORTS, order=60
)
register_event(REPORT_FLAGGED, label=_("Báo cáo có số liệu cần xem xét"), group=REPORTS, order=61)


def notify_report_due(period, enterprise, *, days_to_due: int, offset: int) -> int:
    """Before the due date the enterprise; after it the enterprise with the officers, each
    on their own page. Once per enterprise, period and lead time (``offset``)."""
    overdue = days_to_due < 0
    path = reverse("monitoring:report_submit")
    title, body = render_mail(
        "monitoring/email/report_reminder",
        {
            "period": period,
            "enterprise": enterprise,
            "days": abs(days_to_due),
            "overdue": overdue,
            "url": settings.SITE_URL + path,
        },
    )
    common = {
        "event": REPORT_DUE,
        "key": f"report:{period.pk}:{enterprise.pk}:{offset}",
        "title": title,
        "body": body,
    }
    told = notify(representatives(enterprise.pk), url=path, emails=[enterprise.email], **common)
    if overdue:
        told += notify(officers(), url=reverse("monitoring:reports"), **common)
    return told


def notify_report_flagged(change: Change) -> None:
    report = change.obj
    title, body = render_mail("monitoring/email/report_flagged", {"report": report})
    notify(
        officers(),
        event=REPORT_FLAGGED,
        key=change_key(change),
        title=title,
        body=body,
        url=reverse("monitoring:report_detail", args=[report.pk]),
    )
