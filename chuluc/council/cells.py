"""The score cell of a member's sheet: one small form per (dossier, criterion), saved by HTMX
as the member types. Rendered in Python rather than by an ``{% include %}``: the scoring
page shows 200 of them, and an include per cell made the page slow (docs/performance.md).
The HTMX answer of ``score_save`` renders the same
function (``council/_score_cell.html``), so the page and the answer cannot drift apart."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from chuluc.core.formatting import input_number

FORM = (
    '<form class="score-cell" hx-post="{url}" hx-trigger="change" hx-swap="outerHTML" '
    'method="post" action="{url}"><input type="hidden" name="csrfmiddlewaretoken" '
    'value="{token}">\n\n'
    '<input name="value" id="{ident}" value="{value}" inputmode="decimal" size="5" '
    'aria-label="{code} — {product}" class="{css}"{invalid}>\n'
    '<input name="comment" id="{ident}-comment" value="{comment}" placeholder="{hint}" '
    'aria-label="{label}" class="comment">\n'
    "{error}</form>\n"
)


def score_cell(
    *, council_id: int, dossier, criterion, score, value, comment, error, csrf_token: str
) -> SafeString:
    """The cell's HTML; ``value`` and ``comment`` as typed (a string) or as stored."""
    ident = f"score-{dossier.pk}-{criterion.pk}"
    invalid = (
        format_html(' aria-invalid="true" aria-describedby="{}-error"', ident) if error else ""
    )
    message = (
        format_html('<p class="error" role="alert" id="{}-error">{}</p>', ident, error)
        if error
        else ""
    )
    return format_html(
        FORM,
        url=reverse("council:score_save", args=[council_id, dossier.pk, criterion.pk]),
        token=csrf_token,
        ident=ident,
        value=_shown(value),
        code=criterion.code,
        product=dossier.product.name,
        css="invalid" if error else "saved" if score else "",
        invalid=invalid,
        comment=_shown(comment),
        hint=_("nhận xét"),
        label=_("Nhận xét"),
        error=message,
    )


def _shown(value) -> str:
    """What the input shows: nothing for None, what was typed as typed, a stored number as
    ``parse_score`` reads it back (``core.formatting.input_number``)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else input_number(value)
