"""The support forms read a partner's phone as every other form does (core.phones)."""

from __future__ import annotations

from chuluc.support.forms import PartnerForm


def test_a_partner_phone_that_is_no_number_is_refused(db):
    form = PartnerForm(
        data={"name": "Công ty Đối Tác", "country": "Việt Nam", "contact_phone": "abc"}
    )

    assert not form.is_valid()
    assert list(form.errors) == ["contact_phone"]


def test_a_partner_phone_is_kept_in_one_form(db):
    form = PartnerForm(
        data={"name": "Công ty Đối Tác", "country": "Việt Nam", "contact_phone": "0900 000 222"}
    )

    assert form.is_valid()
    assert form.cleaned_data["contact_phone"] == "+84900000222"
