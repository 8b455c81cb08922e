"""Reference numbers (số tiếp nhận) of what a person sends to the program: a dossier, a
public comment, a support request, a difficulty. One family of numbers,
``SPCNCL-<year>-<kind>-<six digits>``, e.g. ``SPCNCL-2026-HS-000123``: the year the record
belongs to, a two-letter kind that says which register it is in, and the record's own id,
so that a number is unique without a counter to lock and is derived, never typed."""

from __future__ import annotations

PREFIX = "SPCNCL"
#: The kind of each register: hồ sơ, góp ý, hỗ trợ, vướng mắc.
DOSSIER, COMMENT, SUPPORT_REQUEST, DIFFICULTY = "HS", "GY", "HT", "VM"


def reference_number(kind: str, year: int, pk: int) -> str:
    """The reference number of record ``pk`` of register ``kind`` in ``year``."""
    return f"{PREFIX}-{year}-{kind}-{pk:06d}"


def give_reference(obj, kind: str, year: int) -> str:
    """Derive the reference number of a record just created (it has its id) and store it in
    its ``reference`` field; returns it."""
    obj.reference = reference_number(kind, year, obj.pk)
    type(obj)._default_manager.filter(pk=obj.pk).update(reference=obj.reference)
    return obj.reference
