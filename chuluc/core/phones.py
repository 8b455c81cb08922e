"""Phone numbers: read with phonenumbers (Google's libphonenumber metadata, kept up to date
as numbering plans change), Vietnamese by default, stored in one form, E.164 (+84…), so
the same number typed as "0912 345 678" or "+84 912 345 678" is the same text."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGION = "VN"

HELP = _(
    "Số di động hoặc cố định tại Việt Nam, ví dụ 0912 345 678 hoặc 024 3825 1234; "
    "số nước ngoài bắt đầu bằng + và mã quốc gia."
)

#: Longer than any number with its spaces and punctuation; refuses a pasted paragraph.
MAX_LENGTH = 40


def normalize_phone(text: str) -> str:
    """The number in E.164, or ValidationError with a message the person can act on;
    empty text stays empty (a form says whether the number is required)."""
    text = (text or "").strip()
    if not text:
        return ""
    invalid = ValidationError(
        _("“%(value)s” không phải là số điện thoại hợp lệ. Ví dụ: 0912 345 678."),
        code="invalid_phone",
        params={"value": text[:MAX_LENGTH]},
    )
    if len(text) > MAX_LENGTH:
        raise invalid
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        raise invalid from None
    if not phonenumbers.is_valid_number(number):
        raise invalid
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    """A form field for a phone number: states the format before the first attempt and
    cleans to E.164."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        kwargs.setdefault("help_text", HELP)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"type": "tel", "autocomplete": "tel", "inputmode": "tel"})
        return attrs

    def to_python(self, value):
        return normalize_phone(super().to_python(value))
