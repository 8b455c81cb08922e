"""The portal's two forms: the directory's filters and the certificate lookup. They parse the
query string; the selectors decide what is public."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuluc.decisions.enums import Validity

ALL = [("", _("Tất cả"))]

#: The directory's validity filter: the value in the address and the states of
#: ``decisions.selectors.validity`` it keeps ("Đang hiệu lực" is valid or expiring). The
#: directory opens on what is in force today; the other choices are asked for.
CURRENT = "dang-hieu-luc"
VALIDITY_FILTER = {
    CURRENT: (Validity.VALID, Validity.EXPIRING),
    "tat-ca": (),
    "sap-het-hieu-luc": (Validity.EXPIRING,),
    "het-hieu-luc": (Validity.EXPIRED,),
    "da-thu-hoi": (Validity.REVOKED,),
}
VALIDITY_CHOICES = [
    (CURRENT, _("Đang hiệu lực")),
    ("tat-ca", _("Tất cả")),
    ("sap-het-hieu-luc", _("Sắp hết hiệu lực")),
    ("het-hieu-luc", _("Hết hiệu lực")),
    ("da-thu-hoi", _("Đã thu hồi")),
]


class DirectoryForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Tên sản phẩm, doanh nghiệp, ngành")}
        ),
    )
    nam = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    nganh = forms.ChoiceField(label=_("Nhóm ngành"), required=False)
    quan = forms.ChoiceField(label=_("Quận/huyện"), required=False)
    top = forms.BooleanField(label=_("Chỉ sản phẩm Top"), required=False)
    fdi = forms.BooleanField(label=_("Doanh nghiệp FDI"), required=False)
    hieu_luc = forms.ChoiceField(label=_("Hiệu lực"), required=False, choices=VALIDITY_CHOICES)

    field_order = ["q", "hieu_luc", "nam", "nganh", "quan", "top", "fdi"]

    def __init__(self, data, *, choices: dict[str, list]):
        data = data.copy()
        if not data.get("hieu_luc"):
            data["hieu_luc"] = CURRENT  # shown selected, and the filter applied
        super().__init__(data)
        self.fields["nam"].choices = ALL + [(y, str(y)) for y in choices["years"]]
        self.fields["nganh"].choices = ALL + list(choices["groups"])
        self.fields["quan"].choices = ALL + list(choices["districts"])

    def filters(self) -> dict:
        """The selector's arguments; a value that does not parse is left out."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "year": data.get("nam"),
            "group": data.get("nganh") or "",
            "district": data.get("quan") or "",
            "top": bool(data.get("top")),
            "fdi": bool(data.get("fdi")),
            "validity": VALIDITY_FILTER[data.get("hieu_luc") or CURRENT],
        }


class VerifyForm(forms.Form):
    so = forms.CharField(
        label=_("Số giấy chứng nhận"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "SPCNCL-2026-001", "autocomplete": "off"}),
    )
