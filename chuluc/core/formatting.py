"""Vietnamese number, money and date formatting (``76.800 tỷ đồng``, ``26/11/2021``).

Every number the project writes as text goes through here: :func:`group_digits` for what
people read (Vietnamese marks whatever the page's language, as the program's documents
print them), :func:`input_number` for a value written back into a form field, to be edited
and read again by a parser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.formats import get_format


def _marks(text: str, *, decimal: str, thousands: str = "") -> str:
    """A number as Python writes it (``1,234.5``) with other marks."""
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def group_digits(value: int | float | Decimal, decimals: int = 0) -> str:
    """Vietnamese grouping: dot for thousands, comma for decimals (1.234.567,8)."""
    return _marks(f"{value:,.{decimals}f}", decimal=",", thousands=".")


def input_number(value: int | float | Decimal) -> str:
    """A number as a form field shows it to be edited: every digit it has, the active
    language's decimal mark (8,50 in Vietnamese, 8.50 in English) and no thousands
    grouping, which the parsers would not read back ("1.000,00")."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return _marks(f"{number:f}", decimal=get_format("DECIMAL_SEPARATOR"))


def vnd_billions(value_vnd: int | Decimal) -> str:
    """Money in billions of đồng, the unit the program reports in ("76.800 tỷ đồng")."""
    return f"{group_digits(Decimal(value_vnd) / Decimal(10**9))} tỷ đồng"


def vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
