"""VSIC 2018 divisions and sections (chuluc.statistics.vsic)."""

import pytest

from chuluc.statistics.vsic import SECTION_TITLES, SECTIONS, division_of, section_of


def test_sections_cover_the_industrial_divisions():
    by_section: dict[str, list[str]] = {}
    for division, section in SECTIONS.items():
        by_section.setdefault(section, []).append(division)
    assert by_section == {
        "B": ["05", "06", "07", "08", "09"],
        "C": [f"{d}" for d in range(10, 34)],
        "D": ["35"],
        "E": ["36", "37", "38", "39"],
    }
    assert sorted(SECTION_TITLES) == ["B", "C", "D", "E"]


@pytest.mark.parametrize(
    ("level4", "section"),
    [("0510", "B"), ("0990", "B"), ("1010", "C"), ("3320", "C"), ("3510", "D"), ("3900", "E")],
)
def test_section_of_a_level4_code(level4, section):
    assert section_of(division_of(level4)) == section


@pytest.mark.parametrize("division", ["01", "04", "34", "40", "45", "5", "C"])
def test_section_of_refuses_non_industrial_divisions(division):
    with pytest.raises(ValueError, match="not in an industrial section"):
        section_of(division)


@pytest.mark.parametrize("code", ["101", "10100", "C101", "１０１０", ""])
def test_division_of_refuses_codes_that_are_not_four_digits(code):
    with pytest.raises(ValueError, match="4 digits"):
        division_of(code)
