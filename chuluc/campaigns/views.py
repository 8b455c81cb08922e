"""Pages for campaigns and criteria sets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuluc.accounts.rules import is_enterprise_rep, is_internal
from chuluc.campaigns import rules, selectors, services
from chuluc.campaigns.criteria_io import spec_to_yaml
from chuluc.campaigns.forms import (
    CampaignCopyForm,
    CampaignForm,
    CriteriaImportForm,
    DossierFilterForm,
    FirstCampaignForm,
    LegalBasisForm,
    RuleForm,
    TargetForm,
)
from chuluc.campaigns.models import Campaign, CriteriaSet
from chuluc.campaigns.stage import stage as campaign_stage
from chuluc.campaigns.stage import with_stages
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, query_without_page, require, require_visible


@login_required
def campaign_list(request):
    campaigns = with_stages(selectors.campaign_list(user=request.user))
    can_manage = rules.can_manage_campaigns(request.user)
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "campaigns": campaigns,
            "can_manage": can_manage,
            "show_counts": is_internal(request.user),
        },
    )


@login_required
def campaign_new(request):
    require(rules.can_manage_campaigns(request.user))
    has_any = Campaign.objects.exists()
    form = (CampaignCopyForm if has_any else FirstCampaignForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if has_any:
            campaign = run_service(
                form,
                services.campaign_copy,
                actor=request.user,
                source=data["source"],
                year=data["year"],
            )
        else:
            campaign = run_service(
                form,
                services.campaign_create,
                actor=request.user,
                program=selectors.default_program(),
                **data,
            )
        if campaign:
            messages.success(
                request,
                _("Đã tạo đợt xét chọn %s. Hãy rà soát thời hạn, điều kiện và chỉ tiêu.")
                % campaign.year,
            )
            return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_new.html", {"form": form, "has_any": has_any})


@login_required
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    require_visible(rules.can_view_campaign(request.user, campaign))
    campaign = selectors.campaign_detail(pk=pk)
    can_manage = rules.can_manage_campaigns(request.user)
    context = {"campaign": campaign, "can_manage": can_manage, "stage": campaign_stage(campaign)}
    if rules.can_list_dossiers(request.user, campaign):
        context["funnel"] = selectors.campaign_funnel(campaign=campaign)
    if is_enterprise_rep(request.user):
        registrations = selectors.products_for_registration(user=request.user, campaign=campaign)
        # beside "Lập hồ sơ": whether the product's last known figures meet its threshold
        hints = selectors.registration_hints(
            campaign=campaign, products=[p for p, dossier in registrations if dossier is None]
        )
        context["registrations"] = [(p, d, hints.get(p.pk)) for p, d in registrations]
        context["registration_refusal"] = selectors.registration_refusal(campaign, timezone.now())
    if can_manage:
        context.update(target_form=TargetForm(), rule_form=RuleForm(), legal_form=LegalBasisForm())
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_edit(request, pk: int):
    require(rules.can_manage_campaigns(request.user))
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.campaign_update,
            actor=request.user,
            campaign=campaign,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("Đã lưu thay đổi."))
        return redirect("campaigns:campaign_detail", pk=pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


def _campaign_post(request, pk: int, form_class, service, message: str):
    require(rules.can_manage_campaigns(request.user))
    campaign = get_object_or_404(Campaign, pk=pk)
    form = form_class(request.POST)
    if form.is_valid() and run_service(
        form, service, actor=request.user, campaign=campaign, **form.cleaned_data
    ):
        messages.success(request, message)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return redirect("campaigns:campaign_detail", pk=pk)


@login_required
@require_POST
def campaign_target(request, pk: int):
    return _campaign_post(request, pk, TargetForm, services.target_save, _("Đã lưu chỉ tiêu."))


@login_required
@require_POST
def campaign_rule(request, pk: int):
    return _campaign_post(
        request, pk, RuleForm, services.eligibility_rule_save, _("Đã lưu điều kiện.")
    )


@login_required
@require_POST
def campaign_legal_basis(request, pk: int):
    return _campaign_post(
        request, pk, LegalBasisForm, services.legal_basis_add, _("Đã thêm văn bản.")
    )


@login_required
def campaign_dossiers(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    require(rules.can_list_dossiers(request.user, campaign))
    form = DossierFilterForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    page = paginate(
        request, selectors.dossier_list(user=request.user, campaign=campaign, **filters)
    )
    context = {
        "campaign": campaign,
        "page": page,
        "form": form,
        "query": query_without_page(request),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "campaigns/_dossier_table.html", context)
    return render(request, "campaigns/campaign_dossiers.html", context)


# Criteria sets ------------------------------------------------------------------------


@login_required
def criteria_set_list(request):
    require(rules.can_view_criteria(request.user))
    form = CriteriaImportForm()
    return render(
        request,
        "campaigns/criteria_list.html",
        {
            "sets": selectors.criteria_set_list(),
            "form": form,
            "can_manage": rules.can_manage_campaigns(request.user),
        },
    )


@login_required
def criteria_set_detail(request, pk: int):
    require(rules.can_view_criteria(request.user))
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    return render(
        request,
        "campaigns/criteria_detail.html",
        {"set": selectors.criteria_set_detail(pk=criteria_set.pk)},
    )


@login_required
def criteria_set_import(request):
    require(rules.can_manage_campaigns(request.user))
    form = CriteriaImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        criteria_set = run_service(
            form,
            services.criteria_set_import,
            actor=request.user,
            program=selectors.default_program(),
            upload=form.cleaned_data["file"],
            name=form.cleaned_data["name"],
        )
        if criteria_set:
            messages.success(
                request, _("Đã nhận bộ tiêu chí, phiên bản %s.") % criteria_set.version
            )
            return redirect("campaigns:criteria_detail", pk=criteria_set.pk)
    return render(request, "campaigns/criteria_import.html", {"form": form})


@login_required
def criteria_set_export(request, pk: int):
    require(rules.can_view_criteria(request.user))
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    spec = selectors.criteria_set_spec(pk=criteria_set.pk)
    response = HttpResponse(spec_to_yaml(spec), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="bo-tieu-chi-v{criteria_set.version}.yaml"'
    )
    return response
