"""``{{ recognition|validity }}``: what a recognition is worth today, by the one derivation
(``decisions.selectors.validity``), as its label; never the stored status alone, which
does not know that the date has passed."""

from django import template

from chuluc.decisions.selectors import validity as derive

register = template.Library()


@register.filter
def validity(recognition) -> str:
    return derive(recognition).label
