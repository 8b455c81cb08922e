"""Numbers, money, percentages, file sizes and dates as text: the one path every page takes.

Pages format in the reader's language through :func:`format_number`, :func:`format_percent`,
:func:`format_filesize` and :func:`format_date` (babel's CLDR data for the active language:
``5.032,62`` in Vietnamese, ``5,032.62`` in English). Official documents (decisions,
certificates, minutes, open data) are Vietnamese whatever the reader's language and keep
:func:`group_digits`, :func:`vnd_billions` and :func:`vn_date`, or render under
``translation.override("vi")``. :func:`input_number` writes a value back into a form field,
to be edited and read again by a parser."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal
from django.utils import timezone, translation
from django.utils.formats import get_format

# The project's languages as babel knows them.
_LOCALES = {"vi": "vi", "en": "en"}
_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB")
_KILO = 1024


def _marks(text: str, *, decimal: str, thousands: str = "") -> str:
    """A number as Python writes it (``1,234.5``) with other marks."""
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def _locale() -> str:
    return _LOCALES.get((translation.get_language() or "vi").split("-")[0], "vi")


def group_digits(value: int | float | Decimal, decimals: int = 0) -> str:
    """Vietnamese grouping whatever the language, for official documents: dot for
    thousands, comma for decimals (1.234.567,8)."""
    return _marks(f"{value:,.{decimals}f}", decimal=",", thousands=".")


def format_number(value: int | float | Decimal, decimals: int = 0, *, trim: bool = False) -> str:
    """``value`` rounded half up to ``decimals`` places with the active language's marks;
    ``trim`` drops trailing zero decimals (8,50 → 8,5; 8,00 → 8)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    fraction = ("0" * decimals) if not trim else ("#" * decimals)
    pattern = "#,##0" + (f".{fraction}" if decimals else "")
    return format_decimal(number, format=pattern, locale=_locale(), decimal_quantization=False)


def format_percent(value: int | float | Decimal, decimals: int = 2) -> str:
    """A value already in percent (16.65) as "16,65%" / "16.65%"."""
    return f"{format_number(value, decimals)}%"


def format_filesize(size: int | None) -> str:
    """Bytes in the largest unit that keeps a number of at least 1 (binary multiples, one
    decimal above bytes): "17,8 KB" / "17.8 KB"."""
    amount = Decimal(size or 0)
    unit = 0
    while amount >= _KILO and unit < len(_SIZE_UNITS) - 1:
        amount /= _KILO
        unit += 1
    return f"{format_number(amount, 1 if unit else 0)} {_SIZE_UNITS[unit]}"


def format_date(value: dt.date | dt.datetime | None, *, with_time: bool = False) -> str:
    """dd/mm/yyyy in both languages (the program's dates), local time when given one."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


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
