"""Words, signs and colours of a certificate's validity on the public pages. The state is
always written out; the sign (hidden from screen readers) and the colour only repeat it."""

from django import template
from django.utils.translation import gettext_lazy as _

from chuluc.decisions.enums import Title, Validity

register = template.Library()

_CSS = {
    Validity.VALID: "status-pass",
    Validity.EXPIRING: "status-pending",
    Validity.EXPIRED: "status-pending",
    Validity.REVOKED: "status-fail",
    Validity.SUPERSEDED: "status-submitted",
}


@register.filter
def validity_label(value: str) -> str:
    """``valid`` → “Còn hiệu lực” (translated)."""
    return Validity(value).label if value in Validity.values else ""


#: Each state's sign, drawn as the path of a 16×16 stroked SVG (no font lacks it).
_ICONS = {
    Validity.VALID: "M2.5 8.5l3.5 3.5 7.5-8",
    Validity.EXPIRING: "M8 1.75a6.25 6.25 0 1 0 0 12.5a6.25 6.25 0 1 0 0-12.5M8 4.5v4l2.5 1.5",
    Validity.EXPIRED: "M8 1.75a6.25 6.25 0 1 0 0 12.5a6.25 6.25 0 1 0 0-12.5M3.6 3.6l8.8 8.8",
    Validity.REVOKED: "M3 3l10 10M13 3L3 13",
    Validity.SUPERSEDED: "M13.5 8a5.5 5.5 0 1 1-1.6-3.9M12.5 1.5v3h-3",
}

_MEANINGS = {
    Validity.VALID: _("công nhận và giấy chứng nhận đang có giá trị"),
    Validity.EXPIRING: _("còn giá trị, sắp đến ngày hết hạn công nhận"),
    Validity.EXPIRED: _("đã quá thời hạn công nhận"),
    Validity.REVOKED: _("bị thu hồi bằng quyết định của Ủy ban nhân dân thành phố"),
    Validity.SUPERSEDED: _("sản phẩm được công nhận lại; giấy chứng nhận mới thay thế"),
}


@register.filter
def validity_icon(value: str) -> str:
    """The SVG path of the state's sign (``portal/_validity_icon.html``)."""
    return _ICONS.get(value, "")


@register.simple_tag
def validity_legend() -> list[dict]:
    """Every state the directory may show: its sign, colour, words and what it means."""
    return [
        {
            "icon": _ICONS[state],
            "css": _CSS[state],
            "label": state.label,
            "meaning": _MEANINGS[state],
        }
        for state in Validity
    ]


@register.filter
def validity_class(value: str) -> str:
    return _CSS.get(value, "")


@register.filter
def title_label(value: str) -> str:
    return Title(value).label if value in Title.values else ""
