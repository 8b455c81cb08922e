"""Words for the coded values that ``figure_value`` prints among a record's figures.

A dossier's figures carry codes (an evidence kind such as ``"business_licence"``) that belong
to the app that defines them. Core imports no other app, so that app registers its choices in
its ``AppConfig.ready()`` (``register_figure_value_labels(EvidenceKind)``) and the filter
prints the label instead of the code.
"""

from __future__ import annotations

from django.db import models

_CHOICES: dict[str, type[models.Choices]] = {}


def register_figure_value_labels(choices: type[models.Choices]) -> None:
    _CHOICES[f"{choices.__module__}.{choices.__qualname__}"] = choices


def figure_value_label(value: str) -> str | None:
    """The label of ``value`` in the first registered choices that has it, else ``None``."""
    for choices in _CHOICES.values():
        if value in choices.values:
            return str(choices(value).label)
    return None
