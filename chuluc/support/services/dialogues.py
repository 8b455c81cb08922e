"""Writes of dialogue meetings between the city and enterprises (the minutes and who took
part); the difficulties raised there are recorded by ``difficulties.difficulty_raise``."""

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
from chuluc.support.models import Dialogue
from chuluc.support.selectors import join_refusal


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


@transaction.atomic
def dialogue_register(*, actor, dialogue: Dialogue, enterprise) -> Dialogue:
    """A recognised firm's representative registers the firm's attendance at a dialogue
    meeting that has not been held yet (once per firm); the officers see it among those
    attending."""
    refused = join_refusal(actor, enterprise)
    if refused:
        raise ApplicationError(refused)
    if dialogue.held_on <= timezone.localdate():
        raise ApplicationError(_("Hội nghị đã diễn ra; không thể đăng ký tham dự."))
    Dialogue.objects.select_for_update().filter(pk=dialogue.pk).first()
    if dialogue.participants.filter(pk=enterprise.pk).exists():
        raise ApplicationError(_("Doanh nghiệp đã đăng ký tham dự hội nghị này."))
    dialogue.participants.add(enterprise)
    audit_record(
        actor=actor,
        action="support.dialogue_register",
        obj=dialogue,
        changes={"participants": [None, enterprise.pk]},
    )
    return dialogue


@transaction.atomic
def dialogue_withdraw(*, actor, dialogue: Dialogue, enterprise) -> Dialogue:
    """The firm withdraws its attendance before the meeting."""
    if not represents(actor, enterprise.pk):
        raise ApplicationError(_("Bạn không phải đại diện đã xác minh của doanh nghiệp này."))
    if dialogue.held_on <= timezone.localdate():
        raise ApplicationError(_("Hội nghị đã diễn ra; không thể rút đăng ký."))
    Dialogue.objects.select_for_update().filter(pk=dialogue.pk).first()
    if not dialogue.participants.filter(pk=enterprise.pk).exists():
        raise ApplicationError(_("Doanh nghiệp chưa đăng ký tham dự hội nghị này."))
    dialogue.participants.remove(enterprise)
    audit_record(
        actor=actor,
        action="support.dialogue_withdraw",
        obj=dialogue,
        changes={"participants": [enterprise.pk, None]},
    )
    return dialogue
