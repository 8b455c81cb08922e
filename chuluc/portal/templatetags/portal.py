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


_ICONS = {
    Validity.VALID: "✓",
    Validity.EXPIRING: "⧗",
    Validity.EXPIRED: "⊘",
    Validity.REVOKED: "✕",
    Validity.SUPERSEDED: "↻",
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
