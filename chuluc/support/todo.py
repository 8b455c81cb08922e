"""What the support part asks of a person on the dashboard ("Việc cần làm",
``chuluc.core.navigation.register_task_source``): derived from the states and due dates."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from chuluc.accounts import rules as account_rules
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.formatting import vn_date
from chuluc.core.navigation import Task
from chuluc.support import rules
from chuluc.support.enums import DIFFICULTY_OPEN, DifficultyStatus, RequestStatus
from chuluc.support.models import Difficulty, SupportRequest
from chuluc.support.selectors import difficulties_for


def _count_and_first_due(queryset) -> dict:
    """How many rows and the earliest due date among them, in one query."""
    return queryset.aggregate(count=Count("id"), first_due=Min("due_on"))


def _requests_waiting(today: dt.date) -> Task | None:
    """The requests waiting for a decision, by the earliest due date (one query)."""
    waiting = _count_and_first_due(SupportRequest.objects.filter(status=RequestStatus.SUBMITTED))
    if not waiting["count"]:
        return None
    due = waiting["first_due"]
    return Task(
        what=_("Đề nghị hỗ trợ chờ quyết định: %(count)d") % {"count": waiting["count"]},
        why=_("Doanh nghiệp đã gửi đề nghị; hạn xử lý sớm nhất %(date)s.") % {"date": vn_date(due)},
        url=reverse("support:requests") + "?trang-thai=" + RequestStatus.SUBMITTED,
        due=due,
        overdue=due < today,
    )


def _overdue_difficulties(user, today: dt.date) -> Task | None:
    """The open difficulties past their due date this person sees (one query)."""
    late = _count_and_first_due(
        difficulties_for(user).filter(status__in=DIFFICULTY_OPEN, due_on__lt=today)
    )
    if not late["count"]:
        return None
    return Task(
        what=_("Vướng mắc quá hạn xử lý: %(count)d") % {"count": late["count"]},
        why=_("Cơ quan được giao chưa trả lời trong hạn; hạn sớm nhất %(date)s.")
        % {"date": vn_date(late["first_due"])},
        url=reverse("support:difficulties") + "?qua-han=1",
        due=late["first_due"],
        overdue=True,
    )


def _difficulties_to_route() -> Task | None:
    """Officers: the difficulties received and not yet given to an agency (one query)."""
    count = Difficulty.objects.filter(status=DifficultyStatus.RECEIVED).count()
    if not count:
        return None
    return Task(
        what=_("Vướng mắc chờ chuyển cơ quan xử lý: %(count)d") % {"count": count},
        why=_("Doanh nghiệp đã gửi vướng mắc; cần giao cho cơ quan trả lời."),
        url=reverse("support:difficulties") + "?trang-thai=" + DifficultyStatus.RECEIVED,
    )


def _difficulties_to_answer(user, today: dt.date) -> Task | None:
    """An agency officer: the difficulties routed to their agency, still in time (one
    query; the late ones are ``_overdue_difficulties``)."""
    open_ = _count_and_first_due(
        difficulties_for(user)
        .filter(status__in=DIFFICULTY_OPEN, due_on__gte=today)
        .exclude(status=DifficultyStatus.RECEIVED)
    )
    if not open_["count"]:
        return None
    return Task(
        what=_("Vướng mắc chờ cơ quan trả lời: %(count)d") % {"count": open_["count"]},
        why=_("Vướng mắc của doanh nghiệp được giao cho cơ quan; hạn sớm nhất %(date)s.")
        % {"date": vn_date(open_["first_due"])},
        url=reverse("support:difficulties"),
        due=open_["first_due"],
    )


def _answers_to_confirm(user) -> list[Task]:
    """A representative: their enterprises' difficulties answered, waiting for them to
    confirm or reopen (one query)."""
    answered = Difficulty.objects.filter(
        enterprise_id__in=user_enterprise_ids(user), status=DifficultyStatus.ANSWERED
    ).order_by("pk")
    return [
        Task(
            what=_("Xác nhận kết quả giải quyết vướng mắc “%(title)s”") % {"title": d.title},
            why=_("Cơ quan đã trả lời; xác nhận đã giải quyết hoặc đề nghị xem xét lại."),
            url=reverse("support:difficulty_detail", args=[d.pk]),
        )
        for d in answered
    ]


def support_tasks(user, today: dt.date) -> list[Task]:
    """Officers: requests to decide, difficulties to route, overdue ones; an agency officer:
    the difficulties routed to their agency, in time and overdue; the leader: what is
    overdue (read only); a representative: answers to confirm."""
    found: list[Task | None] = []
    officer = account_rules.is_officer(user)
    if rules.can_decide_request(user):
        found.append(_requests_waiting(today))
    elif account_rules.is_leader(user):
        # the leader decides nothing: only what is late
        waiting = _requests_waiting(today)
        found.append(waiting if waiting and waiting.overdue else None)
    if officer and rules.can_route_difficulty(user):
        found.append(_difficulties_to_route())
    agency = not officer and account_rules.is_agency_officer(user)
    if agency:
        found.append(_difficulties_to_answer(user, today))
    if (officer or agency or account_rules.is_leader(user)) and rules.can_view_difficulties(user):
        found.append(_overdue_difficulties(user, today))
    if account_rules.is_enterprise_rep(user):
        found.extend(_answers_to_confirm(user))
    return [task for task in found if task is not None]
