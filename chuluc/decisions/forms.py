"""Forms of the decisions part. The public comment form carries its own challenge: a signed
arithmetic question that needs no outside service, a field hidden from people that bots
fill in, and a minimum time between showing the form and sending it."""

from __future__ import annotations

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuluc.decisions.enums import CommentEffect
from chuluc.decisions.models import PublishedEntry

CHALLENGE_SALT = "chuluc.decisions.comment-challenge"
CHALLENGE_MAX_AGE = 2 * 60 * 60  # seconds a shown form stays valid


def new_challenge() -> tuple[str, str]:
    """A question and its signed token (answer and time of issue inside, tamper-proof)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"sum": a + b, "at": time.time()}, salt=CHALLENGE_SALT)
    return _("%(a)s cộng %(b)s bằng bao nhiêu?") % {"a": a, "b": b}, token


class CommentForm(forms.Form):
    entry = forms.ModelChoiceField(
        label=gettext_lazy("Sản phẩm được góp ý"),
        queryset=PublishedEntry.objects.none(),
        empty_label=gettext_lazy("— Chọn sản phẩm —"),
        error_messages={
            "required": gettext_lazy("Vui lòng chọn sản phẩm được góp ý."),
            "invalid_choice": gettext_lazy("Sản phẩm này không có trong danh sách công bố."),
        },
    )
    author_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=120)
    author_contact = forms.CharField(
        label=gettext_lazy("Thư điện tử hoặc số điện thoại"),
        max_length=120,
        help_text=gettext_lazy("Để Sở liên hệ khi cần; không công khai."),
    )
    text = forms.CharField(
        label=gettext_lazy("Nội dung góp ý"), widget=forms.Textarea(attrs={"rows": 6})
    )
    attachment = forms.FileField(
        label=gettext_lazy("Tệp đính kèm (PDF, JPEG, PNG; không bắt buộc)"), required=False
    )
    answer = forms.CharField(label=gettext_lazy("Câu hỏi kiểm tra"), max_length=4, required=False)
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=gettext_lazy("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, publication, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = publication.entries.filter(withdrawn=False).select_related(
            "product", "enterprise"
        )
        self.fields["entry"].label_from_instance = lambda e: (
            f"{e.product.name} — {e.enterprise.name}"
        )
        self.fields["text"].error_messages["required"] = _("Vui lòng ghi nội dung góp ý.")
        self.fields["author_name"].error_messages["required"] = _("Vui lòng ghi họ và tên.")
        self.fields["author_contact"].error_messages["required"] = _(
            "Vui lòng ghi thư điện tử hoặc số điện thoại để Sở liên hệ."
        )

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(
                _("Không gửi được góp ý: ô “Để trống ô này” phải để trống.")
            )
        token = data.get("challenge") or ""
        try:
            issued = signing.loads(token, salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(
                _("Trang góp ý đã mở quá lâu. Vui lòng tải lại trang và gửi lại.")
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Thiếu câu hỏi kiểm tra. Vui lòng tải lại trang góp ý và trả lời câu hỏi.")
            ) from None
        if str(issued.get("sum")) != (data.get("answer") or "").strip():
            self.add_error("answer", _("Câu trả lời kiểm tra chưa đúng. Vui lòng tính lại."))
        elif time.time() - float(issued.get("at", 0)) < settings.COMMENT_MIN_SECONDS:
            raise forms.ValidationError(
                _("Góp ý được gửi quá nhanh sau khi mở trang. Vui lòng kiểm tra lại và gửi lại.")
            )
        return data


class PublishForm(forms.Form):
    notice = forms.CharField(
        label=gettext_lazy("Thông báo kèm theo (cách thức góp ý, địa chỉ liên hệ)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ModerateForm(forms.Form):
    """The moderation states the comment's lifecycle offers now (``offered``: its events)."""

    status = forms.ChoiceField(label=gettext_lazy("Kiểm duyệt"))

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(t.target, t.label) for t in offered]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Trả lời của Sở"), widget=forms.Textarea(attrs={"rows": 4})
    )
    effect = forms.ChoiceField(
        label=gettext_lazy("Góp ý có làm thay đổi kết quả?"), choices=CommentEffect.choices
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do đưa sản phẩm ra khỏi danh sách"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=60)
    signed_on = forms.DateField(
        label=gettext_lazy("Ngày ký"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Ngày ký không hợp lệ.")},
    )
    signer_name = forms.CharField(label=gettext_lazy("Người ký"), max_length=120)
    signer_title = forms.CharField(label=gettext_lazy("Chức vụ người ký"), max_length=200)


class PastDecisionForm(DecisionForm):
    """History mode: a past campaign's decision with its real dates."""

    published_on = forms.DateField(
        label=gettext_lazy("Ngày công bố kết quả lấy ý kiến"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Ngày công bố không hợp lệ.")},
    )
    field_order = ["published_on", "number", "signed_on", "signer_name", "signer_title"]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_ref = forms.CharField(
        label=gettext_lazy("Quyết định thu hồi (số, ngày)"), max_length=120
    )
