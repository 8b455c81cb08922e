from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.models import User
from chuluc.accounts.selectors import username_taken
from chuluc.core.errors import ApplicationError
from chuluc.core.phones import PhoneField
from chuluc.registry.enums import ImportKind, Ownership, ProductTrack
from chuluc.registry.models import Enterprise, Product
from chuluc.registry.selectors import (
    district_choices,
    enterprise_by_tax_code,
    industry_group_choices,
)
from chuluc.registry.services.self_registration import check_letter
from chuluc.registry.validators import normalize_tax_code, validate_tax_code


class EnterpriseForm(forms.ModelForm):
    website = forms.URLField(label=_("Trang web"), required=False, assume_scheme="https")
    phone = PhoneField(label=_("Điện thoại"), required=False)

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
    phone = PhoneField(label=_("Điện thoại"), required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)


class Top500Form(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    ranking = forms.CharField(label=_("Bảng xếp hạng"), max_length=120, initial="VNR500")
    rank = forms.IntegerField(label=_("Thứ hạng"), min_value=1, max_value=100000, required=False)


def password_rules() -> str:
    """The password rules the validators apply, said before the first attempt."""
    return " ".join(password_validators_help_texts())


class SelfRegistrationForm(forms.Form):
    """The public sign-up page: the firm and its representative's account. Every field is
    checked in one pass, so every error shows at once beside its field."""

    tax_code = forms.CharField(
        label=_("Mã số thuế doanh nghiệp"),
        max_length=20,
        help_text=_(
            "10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của chi nhánh "
            "(ví dụ 0100109106 hoặc 0100109106-001)."
        ),
    )
    enterprise_name = forms.CharField(
        label=_("Tên doanh nghiệp"),
        max_length=300,
        help_text=_("Doanh nghiệp đã có trong sổ đăng ký giữ nguyên tên trong sổ."),
    )
    # No type chosen in advance: a preselected first option is an answer nobody gave.
    ownership = forms.ChoiceField(
        label=_("Loại hình sở hữu"),
        choices=[("", _("— Chọn loại hình sở hữu —")), *Ownership.choices],
    )
    address = forms.CharField(label=_("Địa chỉ trụ sở"), max_length=300, required=False)
    letter = forms.FileField(
        label=_("Giấy ủy quyền"),
        required=False,
        help_text=_(
            "Bắt buộc khi mã số thuế đã có trong sổ đăng ký: giấy của doanh nghiệp ủy quyền "
            "cho bạn làm đại diện, có chữ ký và dấu; tệp PDF hoặc ảnh (PNG, JPEG, WebP)."
        ),
    )
    full_name = forms.CharField(label=_("Họ và tên người đại diện"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=120)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        help_text=_("Chủ Lực gửi tới địa chỉ này một liên kết để xác nhận đăng ký."),
        error_messages={
            "invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@congty.vn."),
        },
    )
    phone = PhoneField(label=_("Điện thoại"))
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Chữ, số và các ký tự . @ + - _"),
        error_messages={"invalid": _("Tên đăng nhập chỉ gồm chữ, số và các ký tự . @ + - _")},
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=lazy(password_rules, str)(),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_tax_code(self):
        value = normalize_tax_code(self.cleaned_data["tax_code"])
        validate_tax_code(value)
        return value

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        if username_taken(value):
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return value

    def clean_letter(self):
        letter = self.cleaned_data.get("letter")
        if letter:
            try:
                check_letter(letter)
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message) from None
        return letter

    def clean(self):
        data = super().clean()
        password = data.get("password1")
        if password and password != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        if password:
            # An unsaved account, so the similarity rule compares the password with the
            # name, user name and address typed on this page.
            applicant = User(
                username=data.get("username") or self.data.get("username", ""),
                email=data.get("email") or "",
                full_name=data.get("full_name") or "",
            )
            try:
                validate_password(password, applicant)
            except forms.ValidationError as exc:
                self.add_error("password1", exc.messages)
        existing = enterprise_by_tax_code(data.get("tax_code") or "")
        if existing is not None and not data.get("letter") and "letter" not in self.errors:
            self.add_error(
                "letter",
                _(
                    "Mã số thuế %(code)s đã có trong sổ đăng ký (%(name)s). Vui lòng tải lên "
                    "giấy ủy quyền của doanh nghiệp cho người đại diện."
                )
                % {"code": existing.tax_code, "name": existing.name},
            )
        return data
