from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.services import user_set_password
from chuluc.registry.enums import Ownership


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Sau nhiều lần sai liên tiếp, tài khoản "
            "sẽ bị tạm khóa."
        ),
        "inactive": _("Tài khoản này đã bị vô hiệu hóa."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Django sets the length after building the field, so without this validator a
        # 10,000-character name reaches authenticate() and the lockout log (varchar 255 on
        # PostgreSQL: a server error).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class AuditedSetPasswordForm(SetPasswordForm):
    """Django's reset form, saving through the service so the change is audited."""

    def save(self, commit=True):
        return user_set_password(
            actor=self.user, user=self.user, password=self.cleaned_data["new_password1"]
        )


class AuditedPasswordChangeForm(PasswordChangeForm):
    def save(self, commit=True):
        return user_set_password(
            actor=self.user, user=self.user, password=self.cleaned_data["new_password1"]
        )


class SelfRegistrationForm(forms.Form):
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


class MembershipDecisionForm(forms.Form):
    status = forms.ChoiceField(choices=[("verified", _("Xác minh")), ("rejected", _("Từ chối"))])
    note = forms.CharField(
        label=_("Lý do / ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
