"""Who may open core's own pages.

The answer depends on people's roles, which ``accounts`` defines, and core imports no other
app: so ``accounts`` names the predicate in its ``AppConfig.ready()``
(``grant_audit_view(rules.can_view_audit)``). Until one is named nobody may read the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_audit_viewers: list[Callable[[Any], bool]] = []


def grant_audit_view(predicate: Callable[[Any], bool]) -> None:
    """``predicate(user)`` says who reads the audit log; a later grant replaces the earlier."""
    _audit_viewers[:] = [predicate]


def can_view_audit(user) -> bool:
    return any(predicate(user) for predicate in _audit_viewers)
