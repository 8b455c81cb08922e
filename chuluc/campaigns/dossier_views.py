"""Pages of a dossier: the enterprise fills and submits it, the officer returns and screens it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuluc.campaigns import checklist, rules, selectors, services
from chuluc.campaigns.figures import figure_table
from chuluc.campaigns.forms import (
    CertificateForm,
    ConcludeForm,
    DeleteDraftForm,
    DossierForm,
    EvidenceForm,
    ReturnForm,
    ScreeningDecisionForm,
    SubmitForm,
)
from chuluc.campaigns.lifecycles import before_scores_locked
from chuluc.campaigns.models import (
    Campaign,
    ComputedScore,
    Dossier,
    Evidence,
    QualityCertificate,
    ScreeningCheck,
)
from chuluc.campaigns.panels import dossier_panels
from chuluc.campaigns.receipts import build_receipt, receipt_pdf
from chuluc.campaigns.stage import stage as campaign_stage
from chuluc.core.errors import ApplicationError
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, private_file, require, require_visible
from chuluc.registry.models import Product


def _dossier(request, pk: int) -> Dossier:
    dossier = get_object_or_404(Dossier, pk=pk)
    require_visible(rules.can_view_dossier(request.user, dossier))
    return dossier


@login_required
def my_dossiers(request):
    page = paginate(request, selectors.dossier_list(user=request.user))
    return render(request, "campaigns/my_dossiers.html", {"page": page, "query": ""})


@login_required
@require_POST
def dossier_create(request, campaign_pk: int, product_pk: int):
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    product = get_object_or_404(Product, pk=product_pk)
    require_visible(rules.can_create_dossier(request.user, product))
    try:
        dossier = services.dossier_create(actor=request.user, campaign=campaign, product=product)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return redirect("campaigns:dossier_edit", pk=dossier.pk)


def _detail_context(request, dossier: Dossier, **forms_) -> dict:
    can_screen = rules.can_screen_dossier(request.user, dossier)
    can_edit = rules.can_edit_dossier(request.user, dossier)
    screening_refusal = before_scores_locked(dossier) if can_screen else None
    context = {
        "dossier": dossier,
        "stage": campaign_stage(dossier.campaign),
        "screening_refusal": screening_refusal,
        "can_conclude": can_screen and screening_refusal is None,
        "checklist": checklist.dossier_checklist(dossier),
        "figure_table": figure_table(dossier),
        "can_edit": can_edit,
        "can_screen": can_screen,
        "can_view_history": rules.can_view_dossier_history(request.user, dossier),
        "panels": dossier_panels(dossier, request.user),
        "evidence_form": EvidenceForm(auto_id="evidence_%s") if can_edit else None,
        "certificate_form": CertificateForm(auto_id="cert_%s") if can_edit else None,
        "submit_form": SubmitForm(auto_id="submit_%s") if can_edit else None,
        "delete_form": DeleteDraftForm(auto_id="delete_%s")
        if can_edit and dossier.is_discardable
        else None,
    }
    if context["can_conclude"]:
        context.update(
            return_form=ReturnForm(auto_id="return_%s"),
            decision_form=ScreeningDecisionForm(),
            conclude_form=ConcludeForm(auto_id="conclude_%s"),
            automatic_acceptable=selectors.automatic_acceptable(dossier),
        )
    context.update(forms_)
    return context


@login_required
def dossier_detail(request, pk: int):
    dossier = selectors.dossier_detail(pk=_dossier(request, pk).pk)
    return render(request, "campaigns/dossier_detail.html", _detail_context(request, dossier))


@login_required
def dossier_edit(request, pk: int):
    dossier = selectors.dossier_detail(pk=_dossier(request, pk).pk)
    require(rules.can_edit_dossier(request.user, dossier))
    rows = list(dossier.figures.all())
    initial = {
        "track": dossier.track,
        "hq_in_locality": dossier.hq_in_locality,
        "factory_in_locality": dossier.factory_in_locality,
        "startup_statement": dossier.startup_statement,
    }
    form = DossierForm(request.POST or None, years=rows, initial=initial)
    saved = None
    if request.method == "POST" and form.is_valid():
        fields, figures = form.split()
        saved = run_service(
            form,
            services.dossier_save,
            actor=request.user,
            dossier=dossier,
            figures=figures,
            **fields,
        )
        if saved and not request.htmx:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("campaigns:dossier_detail", pk=pk)
    context = {
        "dossier": dossier,
        "form": form,
        "saved_at": timezone.localtime() if saved else None,
        "checklist": checklist.dossier_checklist(saved or dossier),
    }
    if request.htmx:
        return render(request, "campaigns/_dossier_autosave.html", context)
    return render(request, "campaigns/dossier_form.html", context)


def _dossier_post(request, pk: int, service, form=None, **extra):
    """Run one write on a dossier from its page and go back to the page with the outcome."""
    dossier = _dossier(request, pk)
    form = form or forms.Form(data={})
    if form.is_valid():
        result = run_service(form, service, actor=request.user, **extra, **form.cleaned_data)
        if result is not None:
            messages.success(request, _("Đã cập nhật hồ sơ."))
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("campaigns:dossier_detail", pk=dossier.pk)


@login_required
@require_POST
def evidence_upload(request, pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_edit_dossier(request.user, dossier))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and run_service(
        form,
        services.evidence_upload,
        actor=request.user,
        dossier=dossier,
        kind=form.cleaned_data["kind"],
        upload=form.cleaned_data["file"],
    ):
        messages.success(request, _("Đã tải tài liệu lên."))
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("campaigns:dossier_detail", pk=pk)


@login_required
def evidence_download(request, pk: int, evidence_pk: int):
    evidence = get_object_or_404(
        Evidence.objects.select_related("dossier"), pk=evidence_pk, dossier_id=pk
    )
    require_visible(rules.can_download_evidence(request.user, evidence))
    return private_file(
        evidence.file, content_type=evidence.content_type, filename=evidence.original_name
    )


@login_required
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_edit_dossier(request.user, dossier))
    evidence = get_object_or_404(Evidence, pk=evidence_pk, dossier=dossier)
    return _dossier_post(request, pk, services.evidence_remove, evidence=evidence)


@login_required
@require_POST
def certificate_add(request, pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_edit_dossier(request.user, dossier))
    return _dossier_post(
        request, pk, services.certificate_add, form=CertificateForm(request.POST), dossier=dossier
    )


@login_required
@require_POST
def certificate_remove(request, pk: int, certificate_pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_edit_dossier(request.user, dossier))
    certificate = get_object_or_404(QualityCertificate, pk=certificate_pk, dossier=dossier)
    return _dossier_post(request, pk, services.certificate_remove, certificate=certificate)


@login_required
@require_POST
def dossier_submit(request, pk: int):
    """Submit with the declaration, then the receipt; a refusal is shown on the dossier's
    page, beside the declaration when it was not ticked."""
    dossier = _dossier(request, pk)
    require(rules.can_edit_dossier(request.user, dossier))
    form = SubmitForm(request.POST, auto_id="submit_%s")
    if form.is_valid() and run_service(
        form,
        services.dossier_submit,
        actor=request.user,
        dossier=dossier,
        declared=form.cleaned_data["declared"],
    ):
        messages.success(request, _("Đã nộp hồ sơ. Đây là giấy biên nhận của doanh nghiệp."))
        return redirect("campaigns:dossier_receipt", pk=pk)
    dossier = selectors.dossier_detail(pk=pk)
    context = _detail_context(request, dossier, submit_form=form)
    return render(request, "campaigns/dossier_detail.html", context)


@login_required
def dossier_receipt(request, pk: int):
    """The receipt of the dossier's last submission, as a page."""
    dossier = selectors.dossier_detail(pk=_dossier(request, pk).pk)
    require_visible(dossier.has_receipt)
    receipt = build_receipt(dossier)
    return render(
        request, "campaigns/dossier_receipt.html", {"dossier": dossier, "receipt": receipt}
    )


@login_required
def dossier_receipt_pdf(request, pk: int):
    """The same receipt as a PDF, with a QR code to the dossier's timeline."""
    dossier = selectors.dossier_detail(pk=_dossier(request, pk).pk)
    require_visible(dossier.has_receipt)
    with translation.override("vi"):  # an official document: Vietnamese whatever the reader
        content = receipt_pdf(build_receipt(dossier))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-nhan-{dossier.reference}.pdf"'
    return response


@login_required
@require_POST
def dossier_delete(request, pk: int):
    """Delete a draft never submitted, once its confirmation box is ticked."""
    dossier = _dossier(request, pk)
    require(rules.can_edit_dossier(request.user, dossier))
    form = DeleteDraftForm(request.POST, auto_id="delete_%s")
    if form.is_valid() and run_service(
        form, services.dossier_delete, actor=request.user, dossier=dossier
    ):
        messages.success(request, _("Đã xóa hồ sơ nháp."))
        return redirect("campaigns:my_dossiers")
    dossier = selectors.dossier_detail(pk=pk)
    context = _detail_context(request, dossier, delete_form=form)
    return render(request, "campaigns/dossier_detail.html", context)


@login_required
@require_POST
def dossier_return(request, pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_screen_dossier(request.user, dossier))
    return _dossier_post(
        request, pk, services.dossier_return, form=ReturnForm(request.POST), dossier=dossier
    )


@login_required
@require_POST
def screening_decide(request, pk: int, check_pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_screen_dossier(request.user, dossier))
    check = get_object_or_404(ScreeningCheck, pk=check_pk, dossier=dossier)
    return _dossier_post(
        request,
        pk,
        services.screening_decide,
        form=ScreeningDecisionForm(request.POST),
        check=check,
    )


@login_required
@require_POST
def computed_verify(request, pk: int, score_pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_screen_dossier(request.user, dossier))
    score = get_object_or_404(ComputedScore, pk=score_pk, dossier=dossier)
    return _dossier_post(
        request,
        pk,
        services.computed_score_verify,
        score=score,
        verified=request.POST.get("verified") != "0",
    )


@login_required
@require_POST
def dossier_conclude(request, pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_screen_dossier(request.user, dossier))
    return _dossier_post(
        request,
        pk,
        services.dossier_screen,
        form=ConcludeForm(request.POST),
        dossier=dossier,
        accept_automatic=request.POST.get("accept_automatic") == "1",
    )


@login_required
def dossier_history(request, pk: int):
    dossier = _dossier(request, pk)
    require(rules.can_view_dossier_history(request.user, dossier))
    page = paginate(request, selectors.dossier_history(dossier))
    versions = dossier.figure_versions.select_related("actor").order_by("-number")
    return render(
        request,
        "campaigns/dossier_history.html",
        {"dossier": dossier, "page": page, "versions": versions},
    )
