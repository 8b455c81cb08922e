"""Reference numbers: one family, a kind per register, unique without a counter."""

from chuluc.core.receipts import COMMENT, DIFFICULTY, DOSSIER, SUPPORT_REQUEST, reference_number


def test_reference_numbers_read_year_kind_and_six_digits():
    assert reference_number(DOSSIER, 2026, 123) == "SPCNCL-2026-HS-000123"
    assert reference_number(COMMENT, 2026, 45) == "SPCNCL-2026-GY-000045"
    assert reference_number(SUPPORT_REQUEST, 2027, 1_234_567) == "SPCNCL-2027-HT-1234567"


def test_each_register_has_its_own_kind():
    kinds = (DOSSIER, COMMENT, SUPPORT_REQUEST, DIFFICULTY)
    assert len(set(kinds)) == len(kinds)
