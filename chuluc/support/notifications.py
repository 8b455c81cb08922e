"""Telling people about support requests and difficulties: the enterprise when its request
is decided or its difficulty answered, the agency's officers when a difficulty is routed to
them, and them with the department's officers when it is overdue. Sent through
``chuluc.core.notifications`` from the lifecycles' effects (``support.lifecycles``) and
the weekly overdue notice (``difficulty_reminders_send``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.notifications import agency_officers, officers, representatives
from chuluc.core.lifecycle import Change
from chuluc.core.notifications import change_key, notify, register_event, render_mail

REQUEST_ANSWERED = "support.request_answered"
DIFFICULTY_ROUTED = "support.difficulty_routed"
DIFFICULTY_ANSWERED = "support.difficulty_answered"
DIFFICULTY_OVERDUE = "support.difficulty_overdue"

SUPPORT = _("Hỗ trợ doanh nghiệp")
register_event(REQUEST_ANSWERED, label=_("Đề nghị hỗ trợ được trả lời"), group=SUPPORT, order=50)
register_event(
    DIFFICULTY_ROUTED, label=_("Vướng mắc được chuyển cơ quan xử lý"), group=SUPPORT, order=51
)
register_event(DIFFICULTY_ANSWERED, label=_("Vướng mắc đã có trả lời"), group=SUPPORT, order=52)
register_event(DIFFICULTY_OVERDUE, label=_("Vướng mắc quá hạn trả lời"), group=SUPPORT, order=53)


def _difficulty_path(difficulty) -> str:
    return reverse("support:difficulty_detail", args=[difficulty.pk])


def _tell(people, *, event: str, key: str, template: str, context: dict, path: str, emails=()):
    title, body = render_mail(
        f"support/email/{template}", {**context, "url": settings.SITE_URL + path}
    )
    return notify(people, event=event, key=key, title=title, body=body, url=path, emails=emails)


def notify_request_decided(change: Change) -> int:
    support_request = change.obj
    enterprise = support_request.enterprise
    return _tell(
        representatives(enterprise.pk),
        event=REQUEST_ANSWERED,
        key=change_key(change),
        template="request_decided",
        context={"request": support_request},
        path=reverse("support:request_detail", args=[support_request.pk]),
        emails=[enterprise.email],
    )


def notify_difficulty_routed(change: Change) -> int:
    difficulty = change.obj
    return _tell(
        agency_officers(difficulty.agency_id),
        event=DIFFICULTY_ROUTED,
        key=change_key(change),
        template="difficulty_routed",
        context={"difficulty": difficulty},
        path=_difficulty_path(difficulty),
    )


def notify_difficulty_answered(change: Change) -> int:
    difficulty = change.obj
    enterprise = difficulty.enterprise
    return _tell(
        representatives(enterprise.pk),
        event=DIFFICULTY_ANSWERED,
        key=change_key(change),
        template="difficulty_answered",
        context={"difficulty": difficulty},
        path=_difficulty_path(difficulty),
        emails=[enterprise.email],
    )


def notify_difficulty_overdue(difficulty, *, days_late: int) -> int:
    """The weekly overdue notice: the routed agency's officers and the department's."""
    people = {
        user.pk: user for user in [*agency_officers(difficulty.agency_id), *officers()]
    }.values()
    return _tell(
        people,
        event=DIFFICULTY_OVERDUE,
        key=f"difficulty:{difficulty.pk}:overdue:{days_late}",
        template="difficulty_overdue",
        context={"difficulty": difficulty, "days_late": days_late},
        path=_difficulty_path(difficulty),
    )
