"""What monitoring asks of a person on the dashboard ("Việc cần làm",
``chuluc.core.navigation.register_task_source``): derived from the reports' states, the
reporting periods' due dates and the recognitions in force, never stored."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.formatting import vn_date
from chuluc.core.navigation import Task
from chuluc.decisions.enums import RecognitionStatus
from chuluc.decisions.models import Recognition
from chuluc.monitoring import rules
from chuluc.monitoring.enums import ReportStatus
from chuluc.monitoring.models import FirmReport, ReportingPeriod
from chuluc.monitoring.selectors import in_force_during, period_bounds

#: Reports waiting for the officer: new, flagged by the plausibility checks, or corrected.
WAITING_FOR_CHECK = (ReportStatus.SUBMITTED, ReportStatus.FLAGGED, ReportStatus.CORRECTED)

#: How long an unfiled report stays on its firm's list after its due date.
OVERDUE_SHOWN_DAYS = 366


def check_tasks(user, today: dt.date) -> list[Task]:
    """Officers: the reports waiting for a check, by state (one query)."""
    if not rules.can_review_reports(user):
        return []
    counts = dict(
        FirmReport.objects.filter(status__in=WAITING_FOR_CHECK)
        .values_list("status")
        .annotate(count=Count("id"))
        .order_by()
    )
    return [
        Task(
            what=_("Báo cáo định kỳ cần kiểm tra (%(state)s): %(count)d")
            % {"state": ReportStatus(status).label, "count": counts[status]},
            why=_("Số liệu doanh nghiệp báo cáo chỉ được tính sau khi Sở kiểm tra."),
            url=reverse("monitoring:reports") + "?trang_thai=" + status,
        )
        for status in WAITING_FOR_CHECK
        if counts.get(status)
    ]


def _owing(periods: list[ReportingPeriod], enterprises=None) -> dict[int, dict[int, str]]:
    """For each period, the enterprises (id: name) a recognition in force during it obliges
    to report and that have not (``enterprises``: only these; ``None``: all). Two queries
    whatever the number of periods, recognitions and reports."""
    recognitions = Recognition.objects.exclude(status=RecognitionStatus.REVOKED)
    reports = FirmReport.objects.filter(period__in=periods)
    if enterprises is not None:
        recognitions = recognitions.filter(enterprise_id__in=enterprises)
        reports = reports.filter(enterprise_id__in=enterprises)
    in_force = list(
        recognitions.values_list("enterprise_id", "enterprise__name", "valid_from", "valid_until")
    )
    reported = set(reports.values_list("period_id", "enterprise_id"))
    owing = {}
    for period in periods:
        first, last = period_bounds(period)
        owing[period.pk] = {
            pk: name
            for pk, name, valid_from, valid_until in in_force
            if in_force_during(valid_from, valid_until, first, last)
            and (period.pk, pk) not in reported
        }
    return owing


def _periods(today: dt.date, *, ahead: int) -> list[ReportingPeriod]:
    """The periods due from a year ago to ``ahead`` days from now (one query)."""
    return list(
        ReportingPeriod.objects.filter(
            due_on__gte=today - dt.timedelta(days=OVERDUE_SHOWN_DAYS),
            due_on__lte=today + dt.timedelta(days=ahead),
        ).order_by("due_on", "pk")
    )


def report_tasks(user, today: dt.date) -> list[Task]:
    """A representative: each period due soon (the reminders' lead time) or overdue within
    the last year for which one of their recognised enterprises has not reported (three
    queries)."""
    if not rules.can_submit_report(user):
        return []
    periods = _periods(today, ahead=max(settings.REPORT_REMINDER_DAYS, default=0))
    if not periods:
        return []
    owing = _owing(periods, user_enterprise_ids(user))
    found = []
    for period in periods:
        for name in sorted(owing[period.pk].values()):
            found.append(
                Task(
                    what=_("Nộp báo cáo định kỳ %(period)s (%(enterprise)s)")
                    % {"period": period, "enterprise": name},
                    why=_("Doanh nghiệp có sản phẩm được công nhận báo cáo số liệu hạn %(date)s.")
                    % {"date": vn_date(period.due_on)},
                    url=reverse("monitoring:report_submit") + f"?ky={period.pk}",
                    due=period.due_on,
                    overdue=period.due_on < today,
                )
            )
    return found


def missing_report_tasks(user, today: dt.date) -> list[Task]:
    """Officers and the leader: per period past its due date within the last year, how many
    recognised enterprises have not reported (three queries), to the monitoring dashboard,
    which names them."""
    if not rules.can_view_dashboard(user):
        return []
    periods = [p for p in _periods(today, ahead=0) if p.due_on < today]
    if not periods:
        return []
    owing = _owing(periods)
    return [
        Task(
            what=_("Doanh nghiệp chưa nộp báo cáo định kỳ %(period)s: %(count)d")
            % {"period": period, "count": len(owing[period.pk])},
            why=_("Hạn nộp báo cáo là %(date)s; số liệu của kỳ còn thiếu.")
            % {"date": vn_date(period.due_on)},
            url=reverse("monitoring:dashboard"),
            due=period.due_on,
            overdue=True,
        )
        for period in periods
        if owing[period.pk]
    ]
