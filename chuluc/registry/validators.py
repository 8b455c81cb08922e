"""Checks on register codes, each failing with a message an official understands."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TAX_CODE_RE = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
NO_VALID_CHECK = 10  # "10 − (sum mod 11)" gives 10: no digit can complete the number
VSIC_RE = re.compile(r"^[A-U]?\d{1,5}$")
HS_RE = re.compile(r"^\d{4}(?:\.?\d{2}){0,3}$")


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit for the first nine, or None when no valid number can start so."""
    total = sum(int(d) * w for d, w in zip(first_nine, TAX_CODE_WEIGHTS, strict=True))
    check = 10 - total % 11
    return None if check == NO_VALID_CHECK else check


def normalize_tax_code(value: str) -> str:
    """Remove spaces and dots people type inside a tax code ("0100 109 106" → "0100109106")."""
    return re.sub(r"[\s.]", "", str(value or "")).strip()


def validate_tax_code(value: str) -> None:
    match = TAX_CODE_RE.match(value or "")
    if not match:
        raise ValidationError(
            _(
                "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số "
                "của chi nhánh (ví dụ 0100109106 hoặc 0100109106-001)."
            ),
            code="tax_code_format",
        )
    digits = match.group(1)
    if match.group(2) == "000":
        raise ValidationError(
            _("Số chi nhánh của mã số thuế không thể là 000."), code="tax_code_branch"
        )
    expected = tax_code_check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise ValidationError(
            _("Mã số thuế %(code)s không hợp lệ: chữ số kiểm tra (chữ số thứ 10) không đúng.")
            % {"code": value},
            code="tax_code_check_digit",
        )


def validate_vsic(value: str) -> None:
    if value and not VSIC_RE.match(value):
        raise ValidationError(
            _(
                "Mã ngành VSIC 2018 gồm tối đa 5 chữ số, có thể có chữ cái của ngành cấp 1 đứng trước (ví dụ 2740 hoặc C2740)."
            ),
            code="vsic_format",
        )


def validate_hs_code(value: str) -> None:
    if value and not HS_RE.match(value):
        raise ValidationError(
            _("Mã HS gồm 4 đến 10 chữ số (ví dụ 8539 hoặc 8539.50.00)."), code="hs_format"
        )
