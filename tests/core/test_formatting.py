"""Numbers as text (chuluc/core/formatting.py): in the reader's language on pages, grouped the
Vietnamese way in official documents, and written back into form fields the way the parsers
read them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import localize

from chuluc.core.formatting import (
    format_date,
    format_filesize,
    format_number,
    format_percent,
    group_digits,
    input_number,
)

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


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["5.032,63", "8,5", "8", "1.234.567", "16,65%", "17,8 KB", "24,9 MB", "500 B"]),
        ("en", ["5,032.63", "8.5", "8", "1,234,567", "16.65%", "17.8 KB", "24.9 MB", "500 B"]),
    ],
)
def test_pages_format_numbers_percentages_and_sizes_in_the_readers_language(language, expected):
    with translation.override(language):
        got = [
            format_number(Decimal("5032.625"), 2),
            format_number(Decimal("8.50"), 2, trim=True),
            format_number(8, 2, trim=True),
            format_number(1234567),
            format_percent(Decimal("16.65")),
            format_filesize(18_227),
            format_filesize(26_109_542),
            format_filesize(500),
        ]

    assert got == expected


def test_format_date_is_day_month_year_in_local_time():
    moment = dt.datetime(2026, 12, 7, 18, 30, tzinfo=dt.UTC)  # 01:30 next day in Hanoi

    assert format_date(dt.date(2026, 1, 5)) == "05/01/2026"
    assert format_date(moment, with_time=True) == "08/12/2026 01:30"
    assert format_date(None) == ""
