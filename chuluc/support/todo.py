"""What the support part asks of a person on the dashboard ("Việc cần làm",
``chuluc.core.navigation.register_task_source``): derived from the states and due dates."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from chuluc.accounts import rules as account_rules
from chuluc.core.formatting import vn_date
from chuluc.core.navigation import Task
from chuluc.support import rules
from chuluc.support.enums import DIFFICULTY_OPEN, RequestStatus
from chuluc.support.models import SupportRequest
from chuluc.support.selectors import difficulties_for


def support_tasks(user, today: dt.date) -> list[Task]:
    """Officers: requests waiting for a decision (one query); officers and agency officers:
    the difficulties past their due date they act on (one query)."""
    found: list[Task] = []
    if rules.can_decide_request(user):
        waiting = SupportRequest.objects.filter(status=RequestStatus.SUBMITTED).aggregate(
            count=Count("id"), first_due=Min("due_on")
        )
        if waiting["count"]:
            due = waiting["first_due"]
            found.append(
                Task(
                    what=_("Đề nghị hỗ trợ chờ quyết định: %(count)d")
                    % {"count": waiting["count"]},
                    why=_("Doanh nghiệp đã gửi đề nghị; hạn xử lý sớm nhất %(date)s.")
                    % {"date": vn_date(due)},
                    url=reverse("support:requests") + "?trang-thai=" + RequestStatus.SUBMITTED,
                    due=due,
                    overdue=due < today,
                )
            )
    acts = account_rules.is_officer(user) or account_rules.is_agency_officer(user)
    if acts and rules.can_view_difficulties(user):
        late = (
            difficulties_for(user)
            .filter(status__in=DIFFICULTY_OPEN, due_on__lt=today)
            .aggregate(count=Count("id"), first_due=Min("due_on"))
        )
        if late["count"]:
            found.append(
                Task(
                    what=_("Vướng mắc quá hạn xử lý: %(count)d") % {"count": late["count"]},
                    why=_("Cơ quan được giao chưa trả lời trong hạn; hạn sớm nhất %(date)s.")
                    % {"date": vn_date(late["first_due"])},
                    url=reverse("support:difficulties") + "?qua-han=1",
                    due=late["first_due"],
                    overdue=True,
                )
            )
    return found
