"""Spreadsheet exports of the register, in the same columns the import reads, so an
exported file can be edited and imported back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import Http404

from chuluc.core.spreadsheets import write_csv, write_xlsx
from chuluc.registry.enums import ImportKind
from chuluc.registry.importing import COLUMNS

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _check(kind: str, fmt: str) -> None:
    if kind not in ImportKind.values or fmt not in CONTENT_TYPES:
        raise Http404


def _yes_no(value: bool) -> str:
    return "có" if value else "không"


def _enterprise_row(e) -> list[Any]:
    return [
        e.tax_code or "",
        e.name,
        e.short_name,
        e.get_ownership_display() if e.ownership else "",
        e.vsic,
        e.district.name if e.district_id else "",
        e.address,
        _yes_no(e.hq_in_hanoi),
        _yes_no(e.factory_in_hanoi),
        e.website,
    ]


def _product_row(p) -> list[Any]:
    return [
        p.enterprise.tax_code or "",
        p.name,
        p.industry_group.name if p.industry_group_id else "",
        p.vsic,
        p.hs_code,
        p.get_track_display(),
        p.description,
    ]


def export_rows(kind: str, queryset) -> Iterator[list[Any]]:
    row = _enterprise_row if kind == ImportKind.ENTERPRISES else _product_row
    for obj in queryset.iterator(chunk_size=2000):
        yield row(obj)


def export_file(*, kind: str, fmt: str, queryset) -> tuple[bytes, str]:
    _check(kind, fmt)
    header = [c.header for c in COLUMNS[kind]]
    rows = export_rows(kind, queryset)
    if fmt == "csv":
        return write_csv(header, rows), CONTENT_TYPES[fmt]
    return write_xlsx(header, rows, title=ImportKind(kind).label), CONTENT_TYPES[fmt]


def template_file(*, kind: str, fmt: str) -> tuple[bytes, str]:
    _check(kind, fmt)
    columns = COLUMNS[kind]
    header = [c.header for c in columns]
    example = [[c.example for c in columns]]
    if fmt == "csv":
        return write_csv(header, example), CONTENT_TYPES[fmt]
    return write_xlsx(header, example, title=ImportKind(kind).label), CONTENT_TYPES[fmt]
