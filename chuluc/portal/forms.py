"""The portal's two forms: the directory's filters and the certificate lookup. They parse the
query string; the selectors decide what is public."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ALL = [("", _("Tất cả"))]


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

    def __init__(self, data, *, choices: dict[str, list]):
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
        }


class VerifyForm(forms.Form):
    so = forms.CharField(
        label=_("Số giấy chứng nhận"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "SPCNCL-2026-001", "autocomplete": "off"}),
    )
