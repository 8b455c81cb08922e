"""Reads of the register (chuluc/registry/selectors.py)."""

from __future__ import annotations

from django.utils import translation

from chuluc.registry.selectors import district_choices, industry_group_choices


def _position(choices, label: str) -> int:
    return [name for _pk, name in choices].index(label)


def test_district_choices_follow_the_vietnamese_alphabet(db):
    choices = district_choices()

    assert _position(choices, "Huyện Thạch Thất") < _position(choices, "Huyện Thường Tín")
    assert _position(choices, "Quận Đống Đa") < _position(choices, "Quận Hà Đông")
    assert _position(choices, "Huyện Ứng Hòa") == len(choices) - 1


def test_reference_choices_speak_english_in_english(db):
    with translation.override("en"):
        districts = [name for _pk, name in district_choices()]
        groups = [name for _pk, name in industry_group_choices()]

    assert "Thach That District" in districts
    assert "Son Tay Town" in districts
    assert groups[0] == "Mechanical engineering and manufacturing"
