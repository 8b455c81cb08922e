from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuluc.registry.enums import ImportKind, Ownership, ProductTrack
from chuluc.registry.models import Enterprise, Product
from chuluc.registry.selectors import district_choices, industry_group_choices
from chuluc.registry.validators import normalize_tax_code, validate_tax_code


class EnterpriseForm(forms.ModelForm):
    website = forms.URLField(label=_("Trang web"), required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "short_name",
            "tax_code",
            "ownership",
            "vsic",
            "district",
            "address",
            "hq_in_hanoi",
            "factory_in_hanoi",
            "website",
            "email",
            "phone",
        ]

    def __init__(self, *args, restricted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tax_code"].required = True
        if restricted:
            # A representative cannot change the identity of the enterprise.
            self.fields["tax_code"].disabled = True

    def clean_tax_code(self):
        # Checked here as well as in the service, so every error shows at once.
        value = normalize_tax_code(self.cleaned_data.get("tax_code") or "")
        if value and not self.fields["tax_code"].disabled:
            validate_tax_code(value)
        return value

    def _post_clean(self):  # validation belongs to the service; the form only parses
        pass


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "industry_group",
            "vsic",
            "hs_code",
            "track",
            "high_tech_ref",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def _post_clean(self):
        pass


class ProductImageForm(forms.Form):
    image = forms.FileField(label=_("Ảnh (PNG, JPEG, WebP, tối đa 5 MB)"))
    caption = forms.CharField(label=_("Chú thích"), max_length=200, required=False)


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã số thuế"), required=False)
    ownership = forms.ChoiceField(
        label=_("Sở hữu"), required=False, choices=[("", _("Tất cả")), *Ownership.choices]
    )
    district = forms.TypedChoiceField(
        label=_("Quận/huyện"), required=False, coerce=int, empty_value=None
    )
    demo = forms.ChoiceField(
        label=_("Nguồn"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            ("real", _("Không phải dữ liệu mẫu")),
            ("demo", _("Dữ liệu mẫu")),
            ("public", _("Bản ghi công khai")),
        ],
    )
    verified = forms.ChoiceField(
        label=_("Xác minh"),
        required=False,
        choices=[("", _("Tất cả")), ("yes", _("Đã xác minh")), ("no", _("Chưa xác minh"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("Tất cả")), *district_choices()]


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên sản phẩm hoặc doanh nghiệp"), required=False)
    group = forms.TypedChoiceField(
        label=_("Nhóm ngành"), required=False, coerce=int, empty_value=None
    )
    track = forms.ChoiceField(
        label=_("Diện"), required=False, choices=[("", _("Tất cả")), *ProductTrack.choices]
    )
    demo = EnterpriseFilterForm.base_fields["demo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("Tất cả")), *industry_group_choices()]


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=ImportKind.choices)
    file = forms.FileField(label=_("Tệp XLSX hoặc CSV"))


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=120, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)


class Top500Form(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    ranking = forms.CharField(label=_("Bảng xếp hạng"), max_length=120, initial="VNR500")
    rank = forms.IntegerField(label=_("Thứ hạng"), min_value=1, max_value=100000, required=False)


class SelfRegistrationForm(forms.Form):
    """The public sign-up page: the firm and its representative's account."""

    tax_code = forms.CharField(label=_("Mã số thuế doanh nghiệp"), max_length=20)
    enterprise_name = forms.CharField(label=_("Tên doanh nghiệp"), max_length=300)
    ownership = forms.ChoiceField(label=_("Loại hình sở hữu"), choices=Ownership.choices)
    address = forms.CharField(label=_("Địa chỉ trụ sở"), max_length=300, required=False)
    full_name = forms.CharField(label=_("Họ và tên người đại diện"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=120)
    email = forms.EmailField(label=_("Thư điện tử"))
    phone = forms.CharField(label=_("Điện thoại"), max_length=40)
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ, số và các ký tự . @ + - _")},
    )
    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data
