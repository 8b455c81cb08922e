"""Words and colours of a certificate's validity on the public pages."""

from django import template

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


@register.filter
def validity_class(value: str) -> str:
    return _CSS.get(value, "")


@register.filter
def title_label(value: str) -> str:
    return Title(value).label if value in Title.values else ""
