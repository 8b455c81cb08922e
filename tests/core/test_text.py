import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from chuluc.core.formatting import group_digits, vn_date, vnd_billions
from chuluc.core.text import nfc, search_key


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
