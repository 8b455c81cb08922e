"""Writes of dialogue meetings between the city and enterprises (the minutes and who took
part); the difficulties raised there are recorded by ``difficulties.difficulty_raise``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.text import nfc
from chuluc.support.models import Dialogue


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
