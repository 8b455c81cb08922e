"""How values submitted for the register's records are normalised and checked before the
services save them: the same rules whether a form, the API or a command sends them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chuluc.core.errors import ApplicationError
from chuluc.core.text import nfc, search_key
from chuluc.registry.validators import normalize_tax_code

TEXT_FIELDS = {"name", "short_name", "address", "high_tech_ref", "website", "email", "phone"}


def clean_value(name: str, value: Any) -> Any:
    """One field's value as the register stores it (NFC text, upper-case codes)."""
    if name == "tax_code":
        return normalize_tax_code(value) or None
    if name in {"vsic", "hs_code"}:
        return (value or "").strip().upper()
    if name in TEXT_FIELDS:
        return nfc(value or "")
    if name == "description":
        return (value or "").strip()
    return value


def apply_fields(obj, fields: tuple[str, ...], data: dict[str, Any]) -> None:
    """Set the cleaned ``data`` on ``obj``; a field outside ``fields`` is refused."""
    unknown = set(data) - set(fields)
    if unknown:
        raise ApplicationError(_("Trường không được phép: %s") % ", ".join(sorted(unknown)))
    for name, value in data.items():
        setattr(obj, name, clean_value(name, value))


def full_clean(obj) -> None:
    """The model's own checks, with the register's words for a tax code already taken."""
    try:
        obj.full_clean(exclude=["search_key", "name_key"])
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "tax_code" in exc.error_dict:
            for err in exc.error_dict["tax_code"]:
                if err.code == "unique":
                    err.message = _("Đã có doanh nghiệp với mã số thuế này trong sổ đăng ký.")
                    err.params = None
        raise


def enterprise_search_key(enterprise) -> str:
    """What the register's lists sort and search an enterprise by."""
    return search_key(enterprise.name, enterprise.short_name, enterprise.tax_code or "")


def product_keys(product) -> None:
    """A product's name key (one name per enterprise) and search key, from its name."""
    product.name_key = search_key(product.name)
    product.search_key = product.name_key
