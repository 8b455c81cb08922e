from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuluc.accounts.models import User
from chuluc.campaigns.forms import DateInput
from chuluc.core.models import Agency
from chuluc.council.enums import MemberRole
from chuluc.council.services.sheets import parse_score


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


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại việc đánh giá"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: hồ sơ được kết luận đủ điều kiện sau khi khóa điểm."),
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Lý do xung đột lợi ích"), max_length=2000)
    whole_enterprise = forms.BooleanField(
        label=_("Xung đột với cả doanh nghiệp: không chấm mọi hồ sơ của doanh nghiệp này"),
        required=False,
    )


class CorrectionForm(forms.Form):
    """A correction of a locked score: the new value read as the score cells read it, so
    that the form shows every error by its field at once."""

    new_value = forms.CharField(label=_("Điểm mới"), max_length=10)
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criterion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion

    def clean_new_value(self):
        value = self.cleaned_data["new_value"]
        if self.criterion is not None:
            try:
                parse_score(value, self.criterion)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["value"]) from None
        return value


class TieVoteForm(forms.Form):
    """The council's vote on dossiers left tied: each gets its place (1 = first) from a list,
    no typed ids; ``cleaned_data["order"]`` is the dossiers best first."""

    minutes = forms.CharField(
        label=_("Ghi chép biểu quyết"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, tied, **kwargs):
        """``tied``: the ``TiedSet`` voted on; its dossiers in their current order."""
        kwargs.setdefault("prefix", f"dong-hang-{tied.rank}")
        super().__init__(*args, **kwargs)
        self.tied = tied
        places = [(n, str(n)) for n in range(1, len(tied.results) + 1)]
        self.position_fields = []
        for n, result in enumerate(tied.results, start=1):
            name = f"vi_tri_{result.dossier_id}"
            self.fields[name] = forms.TypedChoiceField(
                label=_("Vị trí của %(product)s — %(enterprise)s")
                % {
                    "product": result.dossier.product.name,
                    "enterprise": result.dossier.enterprise.name,
                },
                choices=places,
                coerce=int,
                initial=n,
            )
            self.position_fields.append((name, result))
        self.order_fields([*(name for name, _r in self.position_fields), "minutes"])

    def clean(self):
        cleaned = super().clean()
        chosen: dict[int, str] = {}
        for name, _result in self.position_fields:
            place = cleaned.get(name)
            if place is None:
                continue
            if place in chosen:
                self.add_error(
                    name,
                    _("Vị trí %(n)s đã được chọn cho hồ sơ khác; mỗi hồ sơ một vị trí.")
                    % {"n": place},
                )
            chosen[place] = name
        if not self.errors:
            by_name = dict(self.position_fields)
            cleaned["order"] = [by_name[name].dossier_id for _place, name in sorted(chosen.items())]
        return cleaned


class CorrectionDecisionForm(forms.Form):
    """The chair's decision on a correction: approve or reject, with the reason (required to
    reject: the member is told why)."""

    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Duyệt")), ("0", _("Từ chối"))],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("Lý do"), max_length=2000, required=False)
