import datetime as dt
import unicodedata

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from chuluc.core.formatting import group_digits, vn_date, vnd_billions
from chuluc.core.text import collation_key, localized, nfc, search_key, without_diacritics


def test_search_key_ignores_diacritics_case_and_punctuation():
    assert search_key("Khóa Việt-Tiệp") == search_key("khoa viet tiep") == "khoa viet tiep"


def test_search_key_folds_d_with_stroke():
    assert search_key("Đông Anh") == "dong anh"


def test_search_key_same_for_composed_and_decomposed():
    composed = unicodedata.normalize("NFC", "Hà Nội Đống Đa")
    decomposed = unicodedata.normalize("NFD", "Hà Nội Đống Đa")
    assert composed != decomposed
    assert search_key(composed) == search_key(decomposed) == "ha noi dong da"


@given(st.text())
def test_search_key_is_normalisation_invariant(text):
    assert search_key(unicodedata.normalize("NFD", text)) == search_key(
        unicodedata.normalize("NFC", text)
    )


def test_nfc_composes_and_folds_spaces():
    assert nfc(unicodedata.normalize("NFD", "  Rạng   Đông ")) == unicodedata.normalize(
        "NFC", "Rạng Đông"
    )


def test_vietnamese_number_formatting():
    assert group_digits(76800) == "76.800"
    assert group_digits(1234567.891, 2) == "1.234.567,89"
    assert vnd_billions(76_800 * 10**9) == "76.800 tỷ đồng"


def test_vn_date():
    assert vn_date(dt.date(2021, 11, 26)) == "26/11/2021"
    assert vn_date(None) == ""


def test_collation_key_follows_the_vietnamese_alphabet():
    names = ["Thường Tín", "Ứng Hòa", "Thạch Thất", "Đan Phượng", "Dương Nội", "Âm", "An", "Ăn"]

    assert sorted(names, key=collation_key) == [
        "An",
        "Ăn",
        "Âm",
        "Dương Nội",
        "Đan Phượng",
        "Thạch Thất",
        "Thường Tín",
        "Ứng Hòa",
    ]


def test_collation_key_orders_tones_after_letters():
    words = ["mạ", "má", "mã", "mả", "mà", "ma", "mai"]

    assert sorted(words, key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]


def test_collation_key_same_for_composed_and_decomposed():
    assert collation_key(unicodedata.normalize("NFD", "Thạch Thất")) == collation_key("Thạch Thất")


def test_without_diacritics_writes_names_as_english_texts_do():
    assert without_diacritics("Đống Đa") == "Dong Da"
    assert without_diacritics("Ứng Hòa") == "Ung Hoa"


def test_localized_picks_the_readers_language_and_falls_back_to_vietnamese():
    with translation.override("en"):
        assert localized("Cơ khí", "Mechanical engineering") == "Mechanical engineering"
        assert localized("Cơ khí", "") == "Cơ khí"
    assert localized("Cơ khí", "Mechanical engineering") == "Cơ khí"
