"""Amounts of money (whole đồng) and quantities as typed by a person or sent by a client:
parsed once here, refused with a clear Vietnamese message when they make no sense."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_AMOUNT = Decimal(10**15)  # one million billion đồng: anything above is a typing error


def parse_amount(value: Any, field: str, *, label: str) -> Decimal:
    """A whole number of đồng, zero or more, or a clear refusal."""
    if value in (None, ""):
        return Decimal(0)
    try:
        amount = Decimal(str(value).replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("%s không hợp lệ: hãy ghi một số.") % label}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("%s không hợp lệ: hãy ghi một số.") % label})
    if amount < 0:
        raise ValidationError({field: _("%s không được âm.") % label})
    if amount != amount.to_integral_value():
        raise ValidationError({field: _("%s tính bằng đồng, không có phần lẻ.") % label})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("%s quá lớn; vui lòng kiểm tra lại.") % label})
    return amount


def parse_quantity(value: Any) -> Decimal:
    try:
        quantity = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"quantity": _("Số lượng không hợp lệ: hãy ghi một số.")}) from None
    if not quantity.is_finite() or quantity <= 0:
        raise ValidationError({"quantity": _("Số lượng phải lớn hơn 0.")})
    if quantity > 10**9 or quantity != quantity.quantize(Decimal("0.01")):
        raise ValidationError({"quantity": _("Số lượng không hợp lệ: tối đa hai chữ số lẻ.")})
    return quantity
