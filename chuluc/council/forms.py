from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.models import User
from chuluc.campaigns.forms import DateInput
from chuluc.core.models import Agency
from chuluc.council.enums import MemberRole


class CouncilForm(forms.Form):
    name = forms.CharField(
        label=_("Tên Hội đồng (để trống: tên mặc định)"), max_length=300, required=False
    )
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập"), max_length=60, required=False
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DateInput())


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Người dùng"), queryset=User.objects.filter(is_active=True).order_by("username")
    )
    title = forms.CharField(label=_("Chức danh"), max_length=200)
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.all(), required=False
    )


class AssignmentForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    members = forms.ModelMultipleChoiceField(
        label=_("Người chấm"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = council.members.select_related("user")


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Tên vòng"), max_length=200, required=False)
    opens_on = forms.DateField(label=_("Bắt đầu"), required=False, widget=DateInput())
    closes_on = forms.DateField(label=_("Kết thúc"), required=False, widget=DateInput())


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xung đột lợi ích"), max_length=2000)


class CorrectionForm(forms.Form):
    new_value = forms.CharField(label=_("Điểm mới"), max_length=10)
    reason = forms.CharField(label=_("Lý do"), max_length=2000)


class TieVoteForm(forms.Form):
    order = forms.CharField(
        label=_("Thứ tự theo biểu quyết (mã hồ sơ, cách nhau bởi dấu phẩy, người thắng trước)"),
        max_length=500,
    )
    minutes = forms.CharField(
        label=_("Ghi chép biểu quyết"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_order(self):
        try:
            return [
                int(part) for part in self.cleaned_data["order"].replace(" ", "").split(",") if part
            ]
        except ValueError:
            raise forms.ValidationError(
                _("Thứ tự phải là các mã hồ sơ (số), cách nhau bởi dấu phẩy.")
            ) from None
