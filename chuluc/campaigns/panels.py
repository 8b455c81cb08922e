"""Sections that later parts of the program add to a dossier's page.

``campaigns`` may not import ``council`` or ``decisions``, yet a dossier's page shows, once
the result is public, the dossier's score, rank and recognition. Each later part registers
a panel in its ``AppConfig.ready()``: a template and a function that gives its context for
one dossier and the person reading, or ``None`` to stay hidden:

    register_dossier_panel(template="decisions/_dossier_result.html", order=10,
                           context=dossier_result_panel)

The page renders the panels in ``order`` (``campaigns/_dossier_panels.html``); each
function keeps a fixed number of queries. Registering a template again replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: ``context(dossier, user)``: what the panel's template needs, or ``None`` to stay hidden.
PanelContext = Callable[[Any, Any], Mapping[str, Any] | None]


@dataclass(frozen=True)
class DossierPanel:
    template: str
    order: int
    context: PanelContext


_PANELS: dict[str, DossierPanel] = {}


def register_dossier_panel(*, template: str, order: int, context: PanelContext) -> None:
    _PANELS[template] = DossierPanel(template=template, order=order, context=context)


def dossier_panels(dossier, user) -> list[tuple[str, Mapping[str, Any]]]:
    """(template, context) of every panel shown on this dossier's page for ``user``."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        context = panel.context(dossier, user)
        if context is not None:
            shown.append((panel.template, context))
    return shown
