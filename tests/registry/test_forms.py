"""The register's forms read phone numbers as the sign-up page does (core.phones)."""

from __future__ import annotations

import pytest

from chuluc.registry.forms import ContactForm, EnterpriseForm
from tests.factories.registry import valid_tax_code


@pytest.mark.parametrize("phone", ["abc", "+84 12"])
def test_the_enterprise_form_refuses_a_phone_that_is_no_number(db, phone):
    form = EnterpriseForm(
        data={"name": "Công ty CP Thử", "tax_code": valid_tax_code(910), "phone": phone}
    )

    assert not form.is_valid()
    assert form.errors["phone"] == [
        f"“{phone}” không phải là số điện thoại hợp lệ. Ví dụ: 0912 345 678."
    ]


def test_the_contact_form_keeps_a_phone_in_one_form(db):
    form = ContactForm(data={"name": "Người Liên Hệ", "phone": "024 3825 1234"})

    assert form.is_valid()
    assert form.cleaned_data["phone"] == "+842438251234"


def test_the_contact_phone_may_be_left_empty(db):
    form = ContactForm(data={"name": "Người Liên Hệ", "phone": ""})

    assert form.is_valid()
    assert form.cleaned_data["phone"] == ""
