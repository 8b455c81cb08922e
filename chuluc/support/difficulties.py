"""Writes about dialogues and difficulties: the meeting, the difficulty raised online or
recorded by an officer, the one transition function (``difficulty_move``) that routes,
handles, answers, closes, confirms and reopens, and the daily overdue reminders.

Every status change is a history row and an audit row. *Overdue* (an open difficulty past
its due date) is never stored: the reminder command reads it from the dates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.registry.rules import represents
from chuluc.support import rules
from chuluc.support.enums import (
    DIFFICULTY_OPEN,
    DIFFICULTY_TRANSITIONS,
    DifficultyCategory,
    DifficultySource,
    DifficultyStatus,
)
from chuluc.support.models import Dialogue, Difficulty, DifficultyEvent, DifficultyReminder

#: Days an agency has to answer, from receipt, unless the officer sets another due date.
DIFFICULTY_DUE_DAYS = 15
TEXT_MAX = 5_000


@transaction.atomic
def dialogue_create(
    *,
    actor,
    title: str,
    held_on: dt.date,
    chair: str,
    venue: str = "",
    minutes: str = "",
    participants=(),
    is_demo: bool = False,
) -> Dialogue:
    """A dialogue meeting between the city and enterprises, with its minutes."""
    title, chair = nfc(title), nfc(chair)
    errors = {}
    if not title:
        errors["title"] = _("Vui lòng ghi tên hội nghị.")
    if not chair:
        errors["chair"] = _("Vui lòng ghi người chủ trì.")
    if not isinstance(held_on, dt.date):
        errors["held_on"] = _("Vui lòng ghi ngày tổ chức.")
    if errors:
        raise ValidationError(errors)
    dialogue = Dialogue.objects.create(
        title=title,
        held_on=held_on,
        chair=chair,
        venue=nfc(venue),
        minutes=(minutes or "").strip(),
        recorded_by=actor,
        is_demo=is_demo,
    )
    dialogue.participants.set(participants)
    audit_record(
        actor=actor,
        action="support.dialogue_create",
        obj=dialogue,
        changes={
            "title": [None, title],
            "held_on": [None, held_on],
            "participants": [None, sorted(e.pk for e in participants)],
        },
    )
    return dialogue


def _history(difficulty: Difficulty, before: str, *, actor, note: str = "", at=None) -> None:
    DifficultyEvent.objects.create(
        difficulty=difficulty,
        from_status=before,
        to_status=difficulty.status,
        agency=difficulty.agency,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
        at=at or timezone.now(),
    )


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
    officer (at a dialogue meeting, or from a letter). An officer may route it at once."""
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
    _history(difficulty, "", actor=actor)
    if agency is not None:
        difficulty.agency, difficulty.status = agency, DifficultyStatus.ROUTED
        difficulty.save(update_fields=["agency", "status"])
        _history(difficulty, DifficultyStatus.RECEIVED, actor=actor)
    audit_record(
        actor=actor,
        action="support.difficulty_raise",
        obj=difficulty,
        changes={
            "enterprise": [None, enterprise.pk],
            "category": [None, category],
            "source": [None, source],
            "status": [None, difficulty.status],
            "agency": [None, difficulty.agency_id],
            "due_on": [None, due_on],
        },
    )
    if agency is not None:
        from chuluc.support.notifications import notify_difficulty_routed

        notify_difficulty_routed(difficulty)
    return difficulty


def _refuse_move(difficulty: Difficulty, status: str) -> None:
    label = DifficultyStatus(status).label if status in DifficultyStatus.values else status
    raise ApplicationError(
        _("Vướng mắc đang ở trạng thái “%(now)s”, không thể chuyển sang “%(to)s”.")
        % {"now": difficulty.get_status_display(), "to": label}
    )


def _apply(difficulty: Difficulty, status: str, *, actor, note: str, agency, due_on, today):
    """Set what the new status carries; returns the audit changes beyond the status."""
    if status == DifficultyStatus.ROUTED:
        if agency is None:
            raise ValidationError({"agency": _("Vui lòng chọn cơ quan xử lý.")})
        if due_on is not None and due_on < difficulty.received_on:
            raise ValidationError({"due_on": _("Hạn xử lý phải sau ngày tiếp nhận.")})
        changes = {"agency": [difficulty.agency_id, agency.pk]}
        if due_on is not None:
            changes["due_on"] = [difficulty.due_on, due_on]
            difficulty.due_on = due_on
        difficulty.agency = agency
        return changes
    if status == DifficultyStatus.ANSWERED:
        if not note:
            raise ValidationError({"note": _("Vui lòng ghi nội dung trả lời.")})
        difficulty.answer, difficulty.answered_by, difficulty.answered_on = note, actor, today
        return {"answer": [None, note]}
    if status == DifficultyStatus.CANNOT_RESOLVE:
        if not note:
            raise ValidationError({"note": _("Vui lòng ghi lý do không thể giải quyết.")})
        difficulty.closed_reason = note
        return {"reason": [None, note]}
    if status == DifficultyStatus.RESOLVED:
        difficulty.resolved_on = today
        return {"resolved_on": [None, today]}
    if difficulty.status == DifficultyStatus.ANSWERED and not note:
        raise ValidationError({"note": _("Vui lòng ghi lý do vướng mắc chưa được giải quyết.")})
    return {"note": [None, note]} if note else {}


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
    """The one transition function for difficulties. Checks the table in ``enums`` and who
    may make the move (``rules.can_move_difficulty``); writes the history row and the audit
    row; tells the routed agency or the enterprise after the commit."""
    difficulty = (
        Difficulty.objects.select_for_update().select_related("enterprise").get(pk=difficulty.pk)
    )
    if status not in DIFFICULTY_TRANSITIONS.get(difficulty.status, set()):
        _refuse_move(difficulty, status)
    if not rules.can_move_difficulty(actor, difficulty, status):
        raise ApplicationError(_("Bạn không có quyền thực hiện bước này với vướng mắc."))
    note = (note or "").strip()
    if len(note) > TEXT_MAX:
        raise ValidationError({"note": _("Nội dung tối đa %s ký tự.") % TEXT_MAX})
    today = timezone.localdate()
    before = difficulty.status
    changes = _apply(
        difficulty, status, actor=actor, note=note, agency=agency, due_on=due_on, today=today
    )
    difficulty.status = status
    difficulty.save()
    _history(difficulty, before, actor=actor, note=note)
    audit_record(
        actor=actor,
        action=f"support.difficulty_{status}",
        obj=difficulty,
        changes={"status": [before, status], **changes},
    )
    from chuluc.support import notifications

    if status == DifficultyStatus.ROUTED:
        notifications.notify_difficulty_routed(difficulty)
    elif status == DifficultyStatus.ANSWERED:
        notifications.notify_difficulty_answered(difficulty)
    elif status == DifficultyStatus.IN_PROGRESS and before == DifficultyStatus.ANSWERED:
        notifications.notify_difficulty_routed(difficulty)
    return difficulty


def reminder_period(day: dt.date) -> str:
    """The period a reminder belongs to: the ISO week (``2026-W48``)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@transaction.atomic
def difficulty_reminders_send(*, today: dt.date | None = None) -> int:
    """Send the overdue notice of every open difficulty past its due date to the routed
    agency's officers and the department's officers, once per period (ISO week) while it
    stays overdue. Rerunning in the same period sends nothing twice (one reminder row per
    difficulty and period, unique). Returns the number of notices sent."""
    from chuluc.support.notifications import notify_difficulty_overdue

    today = today or timezone.localdate()
    period = reminder_period(today)
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
