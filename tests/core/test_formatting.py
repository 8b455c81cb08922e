"""Numbers as text (chuluc/core/formatting.py): grouped the Vietnamese way for reading, and
written back into form fields the way the parsers read them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import localize

from chuluc.core.formatting import group_digits, input_number

VALUES = [Decimal("8.50"), Decimal("10"), Decimal("1E+1"), Decimal("-0.25"), 0, 1000, 8.5, 1e-07]


def test_group_digits_uses_vietnamese_marks_in_every_language():
    with translation.override("en"):
        assert group_digits(1234567.891, 2) == "1.234.567,89"
    assert group_digits(Decimal("76800")) == "76.800"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", ["8,50", "1000", "-0,25"]), ("en", ["8.50", "1000", "-0.25"])],
)
def test_input_number_takes_the_languages_decimal_mark_and_no_grouping(language, expected):
    with translation.override(language):
        assert [input_number(v) for v in (Decimal("8.50"), 1000, Decimal("-0.25"))] == expected


@pytest.mark.parametrize("language", ["vi", "en"])
def test_input_number_writes_what_djangos_localize_wrote(language):
    # the score cell showed ``localize(value)`` before it used input_number
    with translation.override(language):
        assert [input_number(v) for v in VALUES] == [localize(v) for v in VALUES]
