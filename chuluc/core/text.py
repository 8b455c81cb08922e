"""Vietnamese text: NFC storage and accent-insensitive search keys."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(value: str) -> str:
    """Composed (NFC) form with surrounding white space removed and inner runs folded."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def search_key(*values: str) -> str:
    """A key for accent- and case-insensitive matching.

    Composed and decomposed input give the same key; đ/Đ fold to d; punctuation becomes a
    single space, so "Khóa Việt-Tiệp" and "khoa viet tiep" share the key "khoa viet tiep".
    """
    text = " ".join(v for v in values if v)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()
