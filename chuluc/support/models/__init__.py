"""What the city does for key-product enterprises after recognition: the catalogue of
support policies with their yearly budget lines, the ledger of support given, online
requests with a service deadline, trade-promotion events, dialogue meetings, difficulty
tickets routed to the agencies, and the linkage market (offers, needs, partner firms,
connections). Figures (coverage, budget use, linkages) are computed, never stored."""

from chuluc.support.models.difficulties import (
    Dialogue,
    Difficulty,
    DifficultyEvent,
    DifficultyReminder,
)
from chuluc.support.models.ledger import (
    BudgetLine,
    EventParticipant,
    Policy,
    SupportRecord,
    SupportRequest,
    TradeEvent,
)
from chuluc.support.models.linkages import Connection, ConnectionRequest, Listing, Partner

__all__ = [
    "BudgetLine",
    "Connection",
    "ConnectionRequest",
    "Dialogue",
    "Difficulty",
    "DifficultyEvent",
    "DifficultyReminder",
    "EventParticipant",
    "Listing",
    "Partner",
    "Policy",
    "SupportRecord",
    "SupportRequest",
    "TradeEvent",
]
