"""Writes of trade-promotion events: the event (with the policy that supports its booths)
and the enterprises taking part; supported booths become one ledger row
(``ledger.support_record_add``) in the same step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc
from chuluc.registry.rules import represents
from chuluc.support.amounts import parse_amount
from chuluc.support.enums import SupportForm
from chuluc.support.models import EventParticipant, Policy, TradeEvent
from chuluc.support.selectors import join_refusal
from chuluc.support.services.ledger import support_record_add

#: The most booths a firm asks for when it registers (the officers may give more).
MAX_BOOTHS = 20


@transaction.atomic
def trade_event_create(
    *,
    actor,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    venue: str,
    policy: Policy | None = None,
    booth_amount_vnd=0,
    description: str = "",
    is_demo: bool = False,
) -> TradeEvent:
    name, venue = nfc(name), nfc(venue)
    errors = {}
    if not name:
        errors["name"] = _("Vui lòng ghi tên sự kiện.")
    if not venue:
        errors["venue"] = _("Vui lòng ghi địa điểm.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    try:
        booth_amount = parse_amount(booth_amount_vnd, "booth_amount_vnd", label=_("Mức hỗ trợ"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
        booth_amount = Decimal(0)
    if errors:
        raise ValidationError(errors)
    event = TradeEvent.objects.create(
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue,
        policy=policy,
        booth_amount_vnd=booth_amount,
        description=nfc(description),
        is_demo=is_demo,
    )
    audit_record(
        actor=actor,
        action="support.event_create",
        obj=event,
        changes={"name": [None, name], "starts_on": [None, starts_on], "policy": [None, policy]},
    )
    return event


@transaction.atomic
def event_participant_add(
    *, actor, event: TradeEvent, enterprise, booths: int = 1, supported_booths: int = 0
) -> EventParticipant:
    """An enterprise takes part in an event; booths supported under the event's policy
    become one ledger row (a booth support, the event's amount per booth)."""
    errors = {}
    if not isinstance(booths, int) or booths < 1:
        errors["booths"] = _("Số gian hàng phải từ 1 trở lên.")
    if not isinstance(supported_booths, int) or supported_booths < 0:
        errors["supported_booths"] = _("Số gian hàng được hỗ trợ không được âm.")
    elif isinstance(booths, int) and supported_booths > booths:
        errors["supported_booths"] = _("Số gian hàng được hỗ trợ không thể vượt số gian hàng.")
    if errors:
        raise ValidationError(errors)
    if EventParticipant.objects.filter(event=event, enterprise=enterprise).exists():
        raise ApplicationError(_("Doanh nghiệp đã có trong danh sách tham gia sự kiện."))
    if supported_booths and event.policy is None:
        raise ApplicationError(
            _("Sự kiện chưa gắn chính sách hỗ trợ gian hàng; không thể ghi gian hàng được hỗ trợ.")
        )
    participant = EventParticipant.objects.create(
        event=event, enterprise=enterprise, booths=booths, supported_booths=supported_booths
    )
    changes: dict = {
        "event": [None, event.pk],
        "enterprise": [None, enterprise.pk],
        "booths": [None, booths],
        "supported_booths": [None, supported_booths],
    }
    if supported_booths:
        record = support_record_add(
            actor=actor,
            enterprise=enterprise,
            policy=event.policy,
            given_on=min(event.starts_on, timezone.localdate()),
            kind=SupportForm.BOOTH,
            quantity=supported_booths,
            amount_vnd=event.booth_amount_vnd * supported_booths,
            description=_("Gian hàng tại %s") % event.name,
            participation=participant,
            is_demo=event.is_demo,
        )
        changes["record"] = [None, record.pk]
    audit_record(
        actor=actor, action="support.event_participant_add", obj=participant, changes=changes
    )
    return participant


@transaction.atomic
def event_register(*, actor, event: TradeEvent, enterprise, booths: int = 1) -> EventParticipant:
    """A recognised firm's representative registers the firm for an event that has not
    begun (one registration per firm); the officers see it among the participants and
    decide any supported booths afterwards."""
    refused = join_refusal(actor, enterprise)
    if refused:
        raise ApplicationError(refused)
    if event.starts_on <= timezone.localdate():
        raise ApplicationError(_("Sự kiện đã bắt đầu; không thể đăng ký thêm."))
    if not isinstance(booths, int) or not 1 <= booths <= MAX_BOOTHS:
        raise ValidationError({"booths": _("Số gian hàng từ 1 đến %s.") % MAX_BOOTHS})
    TradeEvent.objects.select_for_update().filter(pk=event.pk).first()
    if EventParticipant.objects.filter(event=event, enterprise=enterprise).exists():
        raise ApplicationError(_("Doanh nghiệp đã đăng ký tham gia sự kiện này."))
    participant = EventParticipant.objects.create(
        event=event, enterprise=enterprise, booths=booths, supported_booths=0
    )
    audit_record(
        actor=actor,
        action="support.event_register",
        obj=participant,
        changes={
            "event": [None, event.pk],
            "enterprise": [None, enterprise.pk],
            "booths": [None, booths],
        },
    )
    return participant


@transaction.atomic
def event_withdraw(*, actor, event: TradeEvent, enterprise) -> TradeEvent:
    """The firm withdraws its registration before the event begins; a participation the
    ledger already counts (supported booths) stays, for the officers to correct."""
    if not represents(actor, enterprise.pk):
        raise ApplicationError(_("Bạn không phải đại diện đã xác minh của doanh nghiệp này."))
    if event.starts_on <= timezone.localdate():
        raise ApplicationError(_("Sự kiện đã bắt đầu; không thể rút đăng ký."))
    participant = (
        EventParticipant.objects.select_for_update()
        .filter(event=event, enterprise=enterprise)
        .first()
    )
    if participant is None:
        raise ApplicationError(_("Doanh nghiệp chưa đăng ký tham gia sự kiện này."))
    if participant.supported_booths or hasattr(participant, "record"):
        raise ApplicationError(
            _("Gian hàng đã được ghi sổ hỗ trợ; xin liên hệ cán bộ Sở để rút đăng ký.")
        )
    audit_record(
        actor=actor,
        action="support.event_withdraw",
        obj=participant,
        changes={
            "event": [event.pk, None],
            "enterprise": [enterprise.pk, None],
            "booths": [participant.booths, None],
        },
    )
    participant.delete()
    return event
