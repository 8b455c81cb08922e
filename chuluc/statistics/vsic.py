"""VSIC 2018 codes of the industrial sections (QĐ 27/2018/QĐ-TTg), as the IIP uses them.

The IIP aggregates products to VSIC level-4 industries (4 digits), then level-2 divisions
(the first 2 digits), then level-1 sections (a letter), then total industry
(docs/iip.md, iip.md §1). Only the industrial sections are in scope:

===========  ========  ============================================================
Section      Divisions Title
===========  ========  ============================================================
``B``        05–09     Khai khoáng (mining and quarrying)
``C``        10–33     Công nghiệp chế biến, chế tạo (manufacturing)
``D``        35        Sản xuất và phân phối điện, khí đốt… (electricity, gas, steam)
``E``        36–39     Cung cấp nước; quản lý và xử lý rác thải, nước thải (water, waste)
===========  ========  ============================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["SECTIONS", "SECTION_TITLES", "SECTION_TITLES_EN", "division_of", "section_of"]

_LEVEL4_DIGITS = 4


def _divisions(section: str, first: int, last: int) -> dict[str, str]:
    return {f"{d:02d}": section for d in range(first, last + 1)}


#: Two-digit VSIC 2018 division → its level-1 section letter, for sections B–E.
SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        **_divisions("B", 5, 9),
        **_divisions("C", 10, 33),
        **_divisions("D", 35, 35),
        **_divisions("E", 36, 39),
    }
)

#: Section letter → its title (Vietnamese, as in the GSO releases).
SECTION_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "B": "Khai khoáng",
        "C": "Công nghiệp chế biến, chế tạo",
        "D": "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hoà không khí",
        "E": "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
    }
)

#: Section letter → its title in English (ISIC Rev. 4, which VSIC 2018 follows).
SECTION_TITLES_EN: Mapping[str, str] = MappingProxyType(
    {
        "B": "Mining and quarrying",
        "C": "Manufacturing",
        "D": "Electricity, gas, steam and air conditioning supply",
        "E": "Water supply; sewerage, waste management and remediation activities",
    }
)


def division_of(level4: str) -> str:
    """The level-2 division (first two digits) of a VSIC level-4 code such as ``"1010"``.

    Raises ``ValueError`` unless the code is exactly four digits.
    """
    if len(level4) != _LEVEL4_DIGITS or not level4.isascii() or not level4.isdigit():
        raise ValueError(f"VSIC level-4 code must be 4 digits, got {level4!r}")
    return level4[:2]


def section_of(division: str) -> str:
    """The level-1 section letter (B, C, D or E) of a two-digit VSIC division.

    Raises ``ValueError`` for a division outside industry (sections B–E).
    """
    try:
        return SECTIONS[division]
    except KeyError:
        raise ValueError(
            f"VSIC division {division!r} is not in an industrial section (B 05–09, C 10–33, "
            "D 35, E 36–39)"
        ) from None
