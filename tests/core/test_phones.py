"""Phone numbers are read as Vietnamese numbers by phonenumbers and kept in E.164."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chuluc.core.phones import PhoneField, normalize_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("(024) 3825 1234", "+842438251234"),
        ("+1 650 253 0000", "+16502530000"),
        ("", ""),
    ],
)
def test_a_number_is_stored_in_one_form(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "+84 12", "091234567", "1" * 41, "0912 345 678 ext"])
def test_what_is_not_a_number_is_refused_with_an_example(typed):
    with pytest.raises(ValidationError) as info:
        normalize_phone(typed)

    assert info.value.messages == [
        f"“{typed[:40]}” không phải là số điện thoại hợp lệ. Ví dụ: 0912 345 678."
    ]


def test_the_field_states_the_format_and_asks_for_a_phone_keyboard():
    field = PhoneField(required=False)

    assert "ví dụ 0912 345 678" in str(field.help_text)
    assert field.widget.attrs["type"] == "tel"
    assert field.clean(" 0912345678 ") == "+84912345678"
