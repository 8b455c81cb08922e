import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from chuluc.registry.validators import (
    normalize_tax_code,
    tax_code_check_digit,
    validate_hs_code,
    validate_tax_code,
    validate_vsic,
)


@pytest.mark.parametrize("code", ["0100109106", "0101526991", "0300588569", "0100109106-001"])
def test_validate_tax_code_accepts_published_numbers(code):
    validate_tax_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("0100109107", "tax_code_check_digit"),
        ("010010910", "tax_code_format"),
        ("01001091066", "tax_code_format"),
        ("0100109106-01", "tax_code_format"),
        ("0100109106-000", "tax_code_branch"),
        ("01001O9106", "tax_code_format"),
        ("", "tax_code_format"),
    ],
)
def test_validate_tax_code_refuses_with_reason(code, reason):
    with pytest.raises(ValidationError) as info:
        validate_tax_code(code)
    assert info.value.code == reason


def test_tax_code_check_digit_of_ten_means_no_valid_number():
    # weighted sum ≡ 0 (mod 11) → check would be 10 → no valid tax code starts so
    first_nine = next(
        f"{n:09d}"
        for n in range(10**6)
        if sum(
            int(d) * w for d, w in zip(f"{n:09d}", (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True)
        )
        % 11
        == 0
    )
    assert tax_code_check_digit(first_nine) is None
    for last in "0123456789":
        with pytest.raises(ValidationError):
            validate_tax_code(first_nine + last)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_tax_code_exactly_one_check_digit_or_none(first_nine):
    valid = []
    for last in "0123456789":
        try:
            validate_tax_code(first_nine + last)
            valid.append(last)
        except ValidationError:
            pass
    expected = tax_code_check_digit(first_nine)
    assert valid == ([] if expected is None else [str(expected)])


def test_normalize_tax_code_strips_spaces_and_dots():
    assert normalize_tax_code(" 0100.109 106 ") == "0100109106"


@pytest.mark.parametrize("value", ["2740", "C2740", "10", "27401"])
def test_validate_vsic_accepts(value):
    validate_vsic(value)


@pytest.mark.parametrize("value", ["274011", "Z2740", "27-40", "abc"])
def test_validate_vsic_refuses(value):
    with pytest.raises(ValidationError):
        validate_vsic(value)


@pytest.mark.parametrize("value", ["8539", "853950", "8539.50.00", "85395000"])
def test_validate_hs_code_accepts(value):
    validate_hs_code(value)


@pytest.mark.parametrize("value", ["853", "85a9", "8539.5"])
def test_validate_hs_code_refuses(value):
    with pytest.raises(ValidationError):
        validate_hs_code(value)
