"""``{% score_cell dossier criterion score value=… comment=… error=… %}``: the score cell
of ``council.cells``, with the council and the CSRF token from the template's context."""

from __future__ import annotations

from django import template

from chuluc.council.cells import score_cell as render_cell

register = template.Library()


@register.simple_tag(takes_context=True)
def score_cell(context, dossier, criterion, score, *, value="", comment="", error=None):
    return render_cell(
        council_id=context["council"].pk,
        dossier=dossier,
        criterion=criterion,
        score=score,
        value=value,
        comment=comment,
        error=error,
        csrf_token=str(context.get("csrf_token", "")),
    )
