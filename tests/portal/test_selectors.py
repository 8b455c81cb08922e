"""Reads of the public directory (chuluc/portal/selectors.py): the filters' choices."""

from __future__ import annotations

from django.utils import translation

from chuluc.portal.selectors import directory_choices


def _names(choices) -> list[str]:
    return [name for _code, name in choices]


def test_the_directory_s_districts_follow_the_vietnamese_alphabet(db):
    districts = _names(directory_choices()["districts"])

    assert districts.index("Huyện Thạch Thất") < districts.index("Huyện Thường Tín")
    assert districts.index("Quận Đống Đa") < districts.index("Quận Hà Đông")


def test_the_directory_s_filters_speak_english_in_english(db):
    with translation.override("en"):
        choices = directory_choices()

    assert "Thach That District" in _names(choices["districts"])
    assert _names(choices["groups"])[0] == "Mechanical engineering and manufacturing"
