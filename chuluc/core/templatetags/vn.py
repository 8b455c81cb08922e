"""Template filters for Vietnamese numbers and labels: {{ value|vn_number }} → 76.800."""

import json
from decimal import Decimal, InvalidOperation

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from chuluc.core.formatting import group_digits
from chuluc.core.labels import figure_value_label

register = template.Library()

FIGURE_LABELS = {
    "hq_in_locality": "Trụ sở tại địa phương",
    "factory_in_locality": "Nhà máy tại địa phương",
    "year": "Năm",
    "revenue_vnd": "Doanh thu (đồng)",
    "production_value_vnd": "Giá trị sản xuất (đồng)",
    "export_usd": "Xuất khẩu (USD)",
    "threshold": "Ngưỡng",
    "document_kind": "Tài liệu",
    "present": "Có tài liệu",
    "statement": "Có thuyết minh",
    "employees": "Lao động",
}


@register.filter
def vn_number(value, decimals=0):
    """76800 → 76.800; 1234.5 with decimals=2 → 1.234,50; empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return group_digits(number, int(decimals))


@register.filter
def figure_label(key):
    return _(FIGURE_LABELS.get(key, key))


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


def _display(field, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    choices = dict(getattr(field, "flatchoices", None) or []) if field is not None else {}
    if value in choices:
        return str(choices[value])
    return value


@register.filter
def audit_changes(entry):
    """An audit row's diff as (label, old, new) with field names and choice codes in words."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for name, change in (entry.diff or {}).items():
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name.removesuffix("_id"))
            except FieldDoesNotExist:  # a note such as "import_job", not a field
                field = None
        label = str(getattr(field, "verbose_name", name)) if field is not None else name
        old, new = [*change, None, None][:2] if isinstance(change, list) else (None, change)
        rows.append((label, None if old is None else _display(field, old), _display(field, new)))
    return rows


@register.filter
def dict_get(mapping, key):
    return (mapping or {}).get(key)
