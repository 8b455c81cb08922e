from __future__ import annotations

import datetime as dt

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from chuluc.accounts import email_confirmation, rules, selectors, services
from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.forms import (
    AuditedPasswordChangeForm,
    AuditedSetPasswordForm,
    LoginForm,
    MembershipDecisionForm,
)
from chuluc.accounts.models import ApiToken, EnterpriseMembership
from chuluc.accounts.rules import can_use_api
from chuluc.accounts.services.tokens import NAME_MAX
from chuluc.core.errors import ApplicationError
from chuluc.core.forms import run_service
from chuluc.core.http import (
    paginate,
    private_file,
    query_without_page,
    require,
    require_visible,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


logout_view = auth_views.LogoutView.as_view()

password_change = login_required(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        form_class=AuditedPasswordChangeForm,
        success_url=reverse_lazy("accounts:password_change_done"),
    )
)
password_change_done = login_required(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=AuditedSetPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


@login_required
def membership_list(request):
    require(rules.can_verify_memberships(request.user))
    status = request.GET.get("status", "pending")
    page = paginate(request, selectors.membership_list(status=status or None))
    return render(
        request,
        "accounts/membership_list.html",
        {
            "page": page,
            "status_tabs": [
                (value, label, value == status) for value, label in MembershipStatus.choices
            ],
            "query": query_without_page(request),
            "form": MembershipDecisionForm(),
        },
    )


@login_required
@require_POST
def membership_decide(request, pk: int):
    require(rules.can_verify_memberships(request.user))
    membership = get_object_or_404(EnterpriseMembership, pk=pk)
    form = MembershipDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.membership_decide(
                actor=request.user,
                membership=membership,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Đã cập nhật trạng thái đại diện."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("accounts:membership_list")


@login_required
def membership_letter(request, pk: int):
    """The authorisation letter of a registration: to the officers and to its applicant."""
    membership = get_object_or_404(EnterpriseMembership, pk=pk)
    require_visible(rules.can_view_membership_letter(request.user, membership))
    if not membership.letter:
        raise Http404
    return private_file(
        membership.letter, content_type=membership.letter_type, filename=membership.letter_name
    )


def confirm_email(request, token: str):
    """The link mailed to a self-registered applicant: shows the registration and confirms
    it on the button (a mail scanner that follows links confirms nothing); a link past its
    time offers a fresh one, sent to the same address."""
    reading = email_confirmation.read_token(token)
    membership = reading.membership
    status = 200
    done = False
    if membership is None:
        status = 400
    elif request.method == "POST" and reading.expired:
        email_confirmation.resend(membership)
        messages.success(request, _("Đã gửi liên kết mới tới %s.") % membership.user.email)
        return redirect("accounts:login")
    elif request.method == "POST" and membership.is_unconfirmed:
        membership = services.membership_confirm_email(membership=membership)
        done = True
    elif reading.expired:
        status = 400
    return render(
        request,
        "accounts/confirm_email.html",
        {"reading": reading, "membership": membership, "done": done},
        status=status,
    )


# API tokens ------------------------------------------------------------------------------


class ApiTokenForm(django_forms.Form):
    name = django_forms.CharField(
        label=_lazy("Tên gợi nhớ"),
        max_length=NAME_MAX,
        help_text=_lazy("Ví dụ: máy chủ báo cáo của phòng."),
    )
    expires_on = django_forms.DateField(
        label=_lazy("Hết hạn sau ngày"),
        required=False,
        widget=django_forms.DateInput(attrs={"type": "date"}),
        help_text=_lazy("Để trống: không tự hết hạn."),
    )


def _end_of(day: dt.date) -> dt.datetime:
    """The token expires when ``day`` ends, in the program's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@login_required
def api_tokens(request):
    require(can_use_api(request.user))
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["expires_on"]
        created = run_service(
            form,
            services.api_token_create,
            actor=request.user,
            name=form.cleaned_data["name"],
            expires_at=_end_of(day) if day else None,
        )
        if created:
            form = ApiTokenForm()
    new_token, secret = created or (None, None)
    response = render(
        request,
        "accounts/api_tokens.html",
        {
            "tokens": [
                (t, selectors.token_is_active(t)) for t in selectors.user_tokens(request.user)
            ],
            "form": form,
            "new_token": new_token,
            "secret": secret,
            "docs_url": reverse("api-v1:openapi-view"),
        },
    )
    # The secret is shown once: keep the page out of every cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("Đã thu hồi mã “%s”; mã này không dùng được nữa.") % token.name)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:api_tokens")
