"""Vietnamese number, money and date formatting (``76.800 tỷ đồng``, ``26/11/2021``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def group_digits(value: int | float | Decimal, decimals: int = 0) -> str:
    """Vietnamese grouping: dot for thousands, comma for decimals (1.234.567,8)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vnd_billions(value_vnd: int | Decimal) -> str:
    """Money in billions of đồng, the unit the program reports in ("76.800 tỷ đồng")."""
    return f"{group_digits(Decimal(value_vnd) / Decimal(10**9))} tỷ đồng"


def vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
