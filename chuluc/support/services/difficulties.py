"""Writes about difficulties: the difficulty raised online or recorded by an officer, its
moves through ``lifecycles.DIFFICULTY`` (route, start, answer, resolve, reopen, close
unresolved) and the daily overdue reminders.

Every status change is a history row and an audit row (the lifecycle writes both).
*Overdue* (an open difficulty past its due date) is never stored: the reminder command
reads it from the dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core import receipts
from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.lifecycle import TransitionRefused
from chuluc.core.receipts import give_reference
from chuluc.core.text import nfc
from chuluc.registry.rules import represents
from chuluc.support import rules
from chuluc.support.enums import (
    DIFFICULTY_OPEN,
    DifficultyCategory,
    DifficultySource,
    DifficultyStatus,
)
from chuluc.support.lifecycles import DIFFICULTY, difficulty_event_to, difficulty_timeline_row
from chuluc.support.models import Dialogue, Difficulty, DifficultyReminder
from chuluc.support.notifications import notify_difficulty_overdue

#: Days an agency has to answer, from receipt, unless the officer sets another due date.
DIFFICULTY_DUE_DAYS = 15
TEXT_MAX = 5_000


@transaction.atomic
def difficulty_raise(
    *,
    actor,
    enterprise,
    category: str,
    title: str,
    description: str,
    dialogue: Dialogue | None = None,
    received_on: dt.date | None = None,
    agency=None,
    due_on: dt.date | None = None,
    is_demo: bool = False,
) -> Difficulty:
    """A difficulty raised online by the enterprise's representative, or recorded by an
    officer (at a dialogue meeting, or from a letter). An officer may route it at once: its
    one audit row is then the route's, carrying what was raised."""
    officer = rules.can_manage_support(actor)
    if not officer and not represents(actor, enterprise.pk):
        raise ApplicationError(_("Bạn không phải đại diện đã xác minh của doanh nghiệp này."))
    if not officer and (dialogue or received_on or agency or due_on):
        raise ApplicationError(_("Chỉ cán bộ Sở mới ghi ngày tiếp nhận, cơ quan xử lý, hạn xử lý."))
    today = timezone.localdate()
    title, description = nfc(title), (description or "").strip()
    received_on = received_on or (dialogue.held_on if dialogue else today)
    due_on = due_on or received_on + dt.timedelta(days=DIFFICULTY_DUE_DAYS)
    errors = {}
    if category not in DifficultyCategory.values:
        errors["category"] = _("Vui lòng chọn lĩnh vực vướng mắc.")
    if not title:
        errors["title"] = _("Vui lòng tóm tắt vướng mắc.")
    if not description:
        errors["description"] = _("Vui lòng mô tả vướng mắc.")
    elif len(description) > TEXT_MAX:
        errors["description"] = _("Nội dung tối đa %s ký tự.") % TEXT_MAX
    if received_on > today:
        errors["received_on"] = _("Ngày tiếp nhận không thể ở tương lai.")
    if due_on < received_on:
        errors["due_on"] = _("Hạn xử lý phải sau ngày tiếp nhận.")
    if errors:
        raise ValidationError(errors)
    source = (
        DifficultySource.MEETING
        if dialogue
        else (DifficultySource.OFFICER if officer else DifficultySource.ONLINE)
    )
    difficulty = Difficulty.objects.create(
        status=DIFFICULTY.initial,
        enterprise=enterprise,
        category=category,
        title=title[:200],
        description=description,
        source=source,
        dialogue=dialogue,
        raised_by=actor,
        received_on=received_on,
        due_on=due_on,
        is_demo=is_demo,
    )
    give_reference(difficulty, receipts.DIFFICULTY, received_on.year)
    difficulty_timeline_row(difficulty, before="", actor=actor, at=timezone.now())
    raised = {
        "reference": [None, difficulty.reference],
        "enterprise": [None, enterprise.pk],
        "category": [None, category],
        "source": [None, source],
        "due_on": [None, due_on],
    }
    if agency is not None:
        DIFFICULTY.fire(difficulty, "route", actor=actor, fields={"agency": agency}, changes=raised)
    else:
        audit_record(
            actor=actor,
            action="support.difficulty_raise",
            obj=difficulty,
            changes={**raised, "status": [None, difficulty.status]},
        )
    return difficulty


def _refuse_move(difficulty: Difficulty, status: str) -> None:
    label = DifficultyStatus(status).label if status in DifficultyStatus.values else status
    raise ApplicationError(
        _("Vướng mắc đang ở trạng thái “%(now)s”, không thể chuyển sang “%(to)s”.")
        % {"now": difficulty.get_status_display(), "to": label}
    )


def _event_fields(
    difficulty: Difficulty, event: str, *, actor, note: str, agency, due_on, today
) -> dict[str, Any]:
    """What the event carries beyond the status (checked here: the person's input)."""
    if event == "route":
        if agency is None:
            raise ValidationError({"agency": _("Vui lòng chọn cơ quan xử lý.")})
        if due_on is not None and due_on < difficulty.received_on:
            raise ValidationError({"due_on": _("Hạn xử lý phải sau ngày tiếp nhận.")})
        return {"agency": agency} | ({"due_on": due_on} if due_on is not None else {})
    if event == "answer":
        if not note:
            raise ValidationError({"note": _("Vui lòng ghi nội dung trả lời.")})
        return {"answer": note, "answered_by": actor, "answered_on": today}
    if event == "close_unresolved":
        if not note:
            raise ValidationError({"note": _("Vui lòng ghi lý do không thể giải quyết.")})
        return {"closed_reason": note}
    if event == "resolve":
        return {"resolved_on": today}
    if event == "reopen" and not note:
        raise ValidationError({"note": _("Vui lòng ghi lý do vướng mắc chưa được giải quyết.")})
    return {}


@transaction.atomic
def difficulty_move(
    *,
    actor,
    difficulty: Difficulty,
    status: str,
    note: str = "",
    agency=None,
    due_on: dt.date | None = None,
) -> Difficulty:
    """Move a difficulty to ``status`` by the one event of ``lifecycles.DIFFICULTY`` that
    leads there from where it is, if this person may fire it; the lifecycle writes the
    history row and the audit row and tells the routed agency or the enterprise after the
    commit."""
    difficulty = (
        Difficulty.objects.select_for_update().select_related("enterprise").get(pk=difficulty.pk)
    )
    event = difficulty_event_to(difficulty.status, status)
    if event is None:
        _refuse_move(difficulty, status)
    refused = DIFFICULTY.refusal(difficulty, event, actor=actor)
    if refused:
        raise TransitionRefused(refused)
    note = (note or "").strip()
    if len(note) > TEXT_MAX:
        raise ValidationError({"note": _("Nội dung tối đa %s ký tự.") % TEXT_MAX})
    fields = _event_fields(
        difficulty,
        event,
        actor=actor,
        note=note,
        agency=agency,
        due_on=due_on,
        today=timezone.localdate(),
    )
    DIFFICULTY.fire(difficulty, event, actor=actor, note=note, fields=fields)
    return difficulty


@transaction.atomic
def difficulty_confirm(
    *, actor, difficulty: Difficulty, resolved: bool, reason: str = ""
) -> Difficulty:
    """The enterprise's word on an answer: resolved (``resolve``), or not resolved with the
    reason (``reopen``: the case goes back to the agency). Only these two events, so a
    representative's page can never route, answer or close a case through this path."""
    difficulty = (
        Difficulty.objects.select_for_update().select_related("enterprise").get(pk=difficulty.pk)
    )
    event = "resolve" if resolved else "reopen"
    refused = DIFFICULTY.refusal(difficulty, event, actor=actor)
    if refused:
        raise TransitionRefused(refused)
    reason = "" if resolved else (reason or "").strip()
    if len(reason) > TEXT_MAX:
        raise ValidationError({"note": _("Nội dung tối đa %s ký tự.") % TEXT_MAX})
    fields = _event_fields(
        difficulty,
        event,
        actor=actor,
        note=reason,
        agency=None,
        due_on=None,
        today=timezone.localdate(),
    )
    DIFFICULTY.fire(difficulty, event, actor=actor, note=reason, fields=fields)
    return difficulty


def _reminder_period(day: dt.date) -> str:
    """The period a reminder belongs to: the ISO week (``2026-W48``)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@transaction.atomic
def difficulty_reminders_send(*, today: dt.date | None = None) -> int:
    """Send the overdue notice of every open difficulty past its due date to the routed
    agency's officers and the department's officers, once per period (ISO week) while it
    stays overdue. Rerunning in the same period sends nothing twice (one reminder row per
    difficulty and period, unique). Returns the number of notices sent."""
    today = today or timezone.localdate()
    period = _reminder_period(today)
    overdue = (
        Difficulty.objects.select_related("enterprise", "agency")
        .filter(status__in=DIFFICULTY_OPEN, due_on__lt=today)
        .exclude(reminders__period=period)
        .order_by("due_on", "pk")
    )
    sent = 0
    for difficulty in overdue:
        days_late = (today - difficulty.due_on).days
        recipients = notify_difficulty_overdue(difficulty, days_late=days_late)
        DifficultyReminder.objects.create(
            difficulty=difficulty, period=period, sent_on=today, recipients=recipients
        )
        audit_record(
            actor=None,
            action="support.difficulty_reminder",
            obj=difficulty,
            changes={"period": [None, period], "days_late": [None, days_late]},
        )
        sent += 1
    return sent
