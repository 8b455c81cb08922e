"""Vietnamese text: NFC storage, accent-insensitive search keys, Vietnamese alphabetical
order, and the choice between a name's Vietnamese and English forms."""

from __future__ import annotations

import re
import unicodedata

from django.utils import translation

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


# Vietnamese collation ------------------------------------------------------------------------
# The Vietnamese alphabet (CLDR's "vi" tailoring, as PyICU applies it): ă and â follow a, đ
# follows d, ê follows e, ô and ơ follow o, ư follows u; f, j, w, z, in loanwords, keep their
# Latin places. Tones are a secondary difference, in the order level, grave, hook above,
# tilde, acute, dot below (ma < mà < mả < mã < má < mạ). pyuca's default table has no
# Vietnamese tailoring (it sorts "Âm" before "An"), and PyICU needs a C build against libicu,
# so the table is written out here.
_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_ORDER = {letter: i for i, letter in enumerate(_ALPHABET)}
_SHAPES = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str):
    """(letter, tone, upper) for each character of ``text``: the letter with its vowel
    shape (ă, â, ê, ô, ơ, ư) but without its tone."""
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        shape = "".join(m for m in marks if m in _SHAPES)
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        letter = unicodedata.normalize("NFC", base.lower() + shape)
        yield letter, tone, base.isupper()


def collation_key(value: str) -> tuple:
    """A sort key that orders Vietnamese names as a Vietnamese reader expects: by the
    letters of the alphabet first (Thạch Thất before Thường Tín, An before Âm, Dung before
    Đà), then by tone, then lower case before upper."""
    primary, tones, cases = [], [], []
    for letter, tone, upper in _letters(nfc(value)):
        if letter in _LETTER_ORDER:
            primary.append((4, _LETTER_ORDER[letter]))
        elif letter.isspace():
            primary.append((1, 0))
        elif letter.isdigit():
            primary.append((3, int(letter)))
        elif letter.isalpha():
            primary.append((5, ord(letter)))
        else:
            primary.append((2, ord(letter)))
        tones.append(tone)
        cases.append(upper)
    return (tuple(primary), tuple(tones), tuple(cases))


def sorted_by_name(items, key=str):
    """``items`` in Vietnamese alphabetical order of ``key(item)``."""
    return sorted(items, key=lambda item: collation_key(key(item)))


def without_diacritics(value: str) -> str:
    """ "Đống Đa" → "Dong Da": a Vietnamese proper name as English texts write it."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def localized(vietnamese: str, english: str = "") -> str:
    """The text in the reader's language: ``english`` when the page is in English and the
    English is known, otherwise the Vietnamese (reference data carries both)."""
    if english and (translation.get_language() or "").startswith("en"):
        return english
    return vietnamese
