from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuluc.accounts import rules, selectors, services
from chuluc.accounts.forms import (
    AuditedPasswordChangeForm,
    AuditedSetPasswordForm,
    LoginForm,
    MembershipDecisionForm,
    SelfRegistrationForm,
)
from chuluc.accounts.models import EnterpriseMembership
from chuluc.core.errors import ApplicationError
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, query_without_page, require


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


def register(request):
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SelfRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = run_service(
            form,
            services.enterprise_self_register,
            username=data["username"],
            email=data["email"],
            full_name=data["full_name"],
            phone=data["phone"],
            password=data["password1"],
            position=data["position"],
            tax_code=data["tax_code"],
            enterprise_name=data["enterprise_name"],
            ownership=data["ownership"],
            address=data["address"],
        )
        if membership:
            return render(request, "accounts/register_done.html", {"membership": membership})
    return render(request, "accounts/register.html", {"form": form})


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
            "status": status,
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
    return redirect("accounts:membership_list")
