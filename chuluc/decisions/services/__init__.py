"""Writes of the decisions part, one module per aggregate: the publication for public comment
(``publication``), its comments (``comments``), the decision with its recognitions and
certificates (``decisions``), revocation (``recognitions``), the certificates' files
(``certificates``), expiry reminders (``reminders``) and the open data (``open_data``). Each
service runs in one transaction and writes one audit row per record it writes; status
changes go through ``chuluc.decisions.lifecycles``."""

from chuluc.decisions.services.certificates import (
    certificate_files_regenerate,
    certificate_files_store,
)
from chuluc.decisions.services.comments import (
    comment_answer,
    comment_moderate,
    comment_submit,
    sender_key,
)
from chuluc.decisions.services.decisions import (
    NUMBER_FORMATS,
    decision_enter,
    decision_record_past,
)
from chuluc.decisions.services.open_data import (
    public_list_changed,
    snapshot_publish,
    snapshots_refresh,
)
from chuluc.decisions.services.publication import entry_withdraw, publication_publish
from chuluc.decisions.services.recognitions import recognition_revoke
from chuluc.decisions.services.reminders import expiry_reminders_send

__all__ = [
    "NUMBER_FORMATS",
    "certificate_files_regenerate",
    "certificate_files_store",
    "comment_answer",
    "comment_moderate",
    "comment_submit",
    "decision_enter",
    "decision_record_past",
    "entry_withdraw",
    "expiry_reminders_send",
    "public_list_changed",
    "publication_publish",
    "recognition_revoke",
    "sender_key",
    "snapshot_publish",
    "snapshots_refresh",
]
