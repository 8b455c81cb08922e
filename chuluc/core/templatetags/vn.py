"""Template filters for numbers, sizes, dates and a record's history in the reader's
language: {{ value|vn_number }} → 76.800 (76,800 in English), {{ value|num:"-2" }},
{{ value|percent }}, {{ size|filesize }}, {{ entry|audit_changes }}."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

from chuluc.core import history
from chuluc.core.formatting import format_filesize, format_number, format_percent
from chuluc.core.labels import figure_value_label

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def vn_number(value, decimals=0):
    """76800 → 76.800 (76,800 in English); 1234.5 with decimals=2 → 1.234,50; empty for
    None; text that is no number is left as it is."""
    number = _decimal(value)
    if number is None:
        return "" if value is None or value == "" else value
    return format_number(number, int(decimals))


@register.filter
def num(value, decimals="-2"):
    """floatformat's arguments in the reader's language: ``"2"`` two decimals, ``"-2"`` at
    most two (8,5; 8); empty for None."""
    number = _decimal(value)
    if number is None:
        return "" if value is None or value == "" else value
    places = int(decimals)
    return format_number(number, abs(places), trim=places < 0)


@register.filter
def percent(value, decimals=2):
    """A value in percent: 16.65 → 16,65% (16.65% in English); "—" for None."""
    number = _decimal(value)
    return "—" if number is None else format_percent(number, int(decimals))


@register.filter
def filesize(value):
    """Bytes as 17,8 KB (17.8 KB in English)."""
    return format_filesize(int(value or 0))


@register.filter
def figure_label(key):
    return history.key_label(str(key))


@register.filter
def figure_value(value):
    if value is True:
        return _("có")
    if value is False:
        return _("không")
    if value is None:
        return "—"
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return vn_number(value)
    if isinstance(value, str):
        label = figure_value_label(value)
        if label is not None:
            return label
    return value


@register.filter
def figures_text(values):
    """A year's figures ({"revenue_vnd": "1000", ...}) as "label: value" pairs."""
    return history.value_text(values)


@register.filter
def audit_changes(entry):
    """An audit row's diff as (label, old, new) with field names and values in words."""
    return history.change_rows(entry)


@register.filter
def action_label(action):
    return history.action_label(action)


@register.filter
def actor_name(entry):
    return history.actor_name(entry)


@register.simple_tag
def audit_action_groups():
    """(action prefix, words) for the audit list's filter."""
    return history.action_groups()


@register.filter
def dict_get(mapping, key):
    return (mapping or {}).get(key)
