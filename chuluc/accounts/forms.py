from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.services import user_set_password


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


class MembershipDecisionForm(forms.Form):
    status = forms.ChoiceField(choices=[("verified", _("Xác minh")), ("rejected", _("Từ chối"))])
    note = forms.CharField(
        label=_("Lý do / ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
