"""Writes of the support part, one module per aggregate: the catalogue of policies and
their budget lines (``catalogue``), the ledger of support given and the requests decided
into it (``ledger``), trade events (``trade_events``), dialogue meetings (``dialogues``),
difficulty tickets (``difficulties``) and the linkage market (``linkages``).

Each service runs in one transaction and writes one audit row; status changes go through
``chuluc.support.lifecycles``. Callers use ``from chuluc.support import services``."""

from chuluc.support.services.catalogue import budget_line_set, policy_create, policy_update
from chuluc.support.services.dialogues import (
    dialogue_create,
    dialogue_register,
    dialogue_withdraw,
)
from chuluc.support.services.difficulties import (
    difficulty_confirm,
    difficulty_move,
    difficulty_raise,
    difficulty_reminders_send,
)
from chuluc.support.services.ledger import (
    support_record_create,
    support_request_decide,
    support_request_record,
    support_request_submit,
)
from chuluc.support.services.linkages import (
    connection_record,
    connection_request_send,
    listing_close,
    listing_create,
    partner_create,
)
from chuluc.support.services.trade_events import (
    event_participant_add,
    event_register,
    event_withdraw,
    trade_event_create,
)

__all__ = [
    "budget_line_set",
    "connection_record",
    "connection_request_send",
    "dialogue_create",
    "dialogue_register",
    "dialogue_withdraw",
    "difficulty_confirm",
    "difficulty_move",
    "difficulty_raise",
    "difficulty_reminders_send",
    "event_participant_add",
    "event_register",
    "event_withdraw",
    "listing_close",
    "listing_create",
    "partner_create",
    "policy_create",
    "policy_update",
    "support_record_create",
    "support_request_decide",
    "support_request_record",
    "support_request_submit",
    "trade_event_create",
]
