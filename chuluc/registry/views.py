from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuluc.accounts.rules import can_view_audit, is_officer
from chuluc.core.errors import ApplicationError
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, private_file, query_without_page, require, require_visible
from chuluc.core.selectors import audit_for
from chuluc.registry import exports, rules, selectors, services
from chuluc.registry.forms import (
    ContactForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    ImportUploadForm,
    ProductFilterForm,
    ProductForm,
    ProductImageForm,
    SelfRegistrationForm,
    Top500Form,
)
from chuluc.registry.models import (
    Enterprise,
    EnterpriseContact,
    ImportJob,
    Product,
    ProductImage,
    Top500Listing,
)


def _list_page(request, template: str, rows_template: str, page, form, **extra):
    """The page, or only its rows (a partial) when HTMX asks for the results."""
    context = {"page": page, "form": form, "query": query_without_page(request), **extra}
    if request.htmx and request.htmx.target == "results":
        return render(request, rows_template, context)
    return render(request, template, context)


@login_required
def enterprise_list(request):
    require(rules.can_view_register(request.user))
    form = EnterpriseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.enterprise_list(user=request.user, **{k: v for k, v in filters.items() if v})
    return _list_page(
        request,
        "registry/enterprise_list.html",
        "registry/_enterprise_rows.html",
        paginate(request, qs),
        form,
        can_create=rules.can_create_enterprise(request.user),
        can_export=rules.can_export_register(request.user),
    )


@login_required
def enterprise_detail(request, pk: int):
    enterprise = get_object_or_404(Enterprise, pk=pk)
    require_visible(rules.can_view_enterprise(request.user, enterprise))
    enterprise = selectors.enterprise_detail(pk=pk)
    context = {
        "enterprise": enterprise,
        "products": selectors.enterprise_products(enterprise=enterprise),
        "can_edit": rules.can_edit_enterprise(request.user, enterprise),
        "can_add_product": rules.can_add_product(request.user, enterprise),
        "can_view_audit": can_view_audit(request.user),
        "contact_form": ContactForm()
        if rules.can_edit_contacts(request.user, enterprise)
        else None,
        "top500_form": Top500Form() if rules.can_edit_top500(request.user, enterprise) else None,
    }
    return render(request, "registry/enterprise_detail.html", context)


@login_required
def enterprise_history(request, pk: int):
    enterprise = get_object_or_404(Enterprise, pk=pk)
    require_visible(rules.can_view_enterprise(request.user, enterprise))
    require(can_view_audit(request.user))
    page = paginate(request, audit_for(enterprise))
    return render(
        request,
        "registry/history.html",
        {
            "object": enterprise,
            "page": page,
            "back_url": reverse("registry:enterprise_detail", args=[pk]),
        },
    )


@login_required
def enterprise_create(request):
    require(rules.can_create_enterprise(request.user))
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprise = run_service(
            form, services.enterprise_create, actor=request.user, **form.cleaned_data
        )
        if enterprise:
            messages.success(request, _("Đã thêm doanh nghiệp %s.") % enterprise.name)
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(request, "registry/enterprise_form.html", {"form": form})


@login_required
def enterprise_edit(request, pk: int):
    enterprise = get_object_or_404(Enterprise, pk=pk)
    require_visible(rules.can_view_enterprise(request.user, enterprise))
    require(rules.can_edit_enterprise(request.user, enterprise))
    restricted = not is_officer(request.user)
    form = EnterpriseForm(request.POST or None, instance=enterprise, restricted=restricted)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if restricted:
            data.pop("tax_code", None)
        updated = run_service(
            form, services.enterprise_update, actor=request.user, enterprise=enterprise, **data
        )
        if updated:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("registry:enterprise_detail", pk=enterprise.pk)
    return render(
        request, "registry/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )


@login_required
def product_list(request):
    require(rules.can_view_register(request.user))
    form = ProductFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.product_list(user=request.user, **{k: v for k, v in filters.items() if v})
    return _list_page(
        request,
        "registry/product_list.html",
        "registry/_product_rows.html",
        paginate(request, qs),
        form,
        can_export=rules.can_export_register(request.user),
    )


@login_required
def product_detail(request, pk: int):
    product = get_object_or_404(Product, pk=pk)
    require_visible(rules.can_view_product(request.user, product))
    product = selectors.product_detail(pk=pk)
    can_edit = rules.can_edit_product(request.user, product)
    context = {
        "product": product,
        "can_edit": can_edit,
        "can_view_audit": can_view_audit(request.user),
        "image_form": ProductImageForm() if can_edit else None,
    }
    return render(request, "registry/product_detail.html", context)


@login_required
def product_history(request, pk: int):
    product = get_object_or_404(Product, pk=pk)
    require_visible(rules.can_view_product(request.user, product))
    require(can_view_audit(request.user))
    page = paginate(request, audit_for(product))
    return render(
        request,
        "registry/history.html",
        {
            "object": product,
            "page": page,
            "back_url": reverse("registry:product_detail", args=[pk]),
        },
    )


@login_required
def product_create(request, enterprise_pk: int):
    enterprise = get_object_or_404(Enterprise, pk=enterprise_pk)
    require_visible(rules.can_view_enterprise(request.user, enterprise))
    require(rules.can_add_product(request.user, enterprise))
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = run_service(
            form,
            services.product_create,
            actor=request.user,
            enterprise=enterprise,
            is_demo=enterprise.is_demo,
            **form.cleaned_data,
        )
        if product:
            messages.success(request, _("Đã thêm sản phẩm %s.") % product.name)
            return redirect("registry:product_detail", pk=product.pk)
    return render(request, "registry/product_form.html", {"form": form, "enterprise": enterprise})


@login_required
def product_edit(request, pk: int):
    product = get_object_or_404(Product.objects.select_related("enterprise"), pk=pk)
    require_visible(rules.can_view_product(request.user, product))
    require(rules.can_edit_product(request.user, product))
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        updated = run_service(
            form, services.product_update, actor=request.user, product=product, **form.cleaned_data
        )
        if updated:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("registry:product_detail", pk=product.pk)
    return render(
        request,
        "registry/product_form.html",
        {"form": form, "enterprise": product.enterprise, "product": product},
    )


@login_required
@require_POST
def product_image_add(request, pk: int):
    product = get_object_or_404(Product, pk=pk)
    require_visible(rules.can_view_product(request.user, product))
    require(rules.can_edit_product(request.user, product))
    form = ProductImageForm(request.POST, request.FILES)
    if form.is_valid():
        image = run_service(
            form,
            services.product_image_add,
            actor=request.user,
            product=product,
            upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
        if image:
            messages.success(request, _("Đã thêm ảnh."))
            return redirect("registry:product_detail", pk=product.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("registry:product_detail", pk=product.pk)


@login_required
def product_image(request, pk: int):
    image = get_object_or_404(ProductImage.objects.select_related("product"), pk=pk)
    require_visible(rules.can_view_product(request.user, image.product))
    return private_file(image.image, content_type=image.content_type, cache="private, max-age=3600")


def _enterprise_post(request, target, allowed, service, form=None, **extra):
    """Authorise a small write on an enterprise's page, run it, and go back to the page."""
    require_visible(rules.can_view_enterprise(request.user, target))
    require(allowed(request.user, target))
    form = form or forms.Form(data={})
    if form.is_valid() and run_service(
        form, service, actor=request.user, **extra, **form.cleaned_data
    ):
        messages.success(request, _("Đã lưu thay đổi."))
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("registry:enterprise_detail", pk=target.pk)


@login_required
@require_POST
def contact_add(request, pk: int):
    enterprise = get_object_or_404(Enterprise, pk=pk)
    return _enterprise_post(
        request,
        enterprise,
        rules.can_edit_contacts,
        services.enterprise_contact_add,
        form=ContactForm(request.POST),
        enterprise=enterprise,
    )


@login_required
@require_POST
def contact_remove(request, pk: int, contact_pk: int):
    contact = get_object_or_404(
        EnterpriseContact.objects.select_related("enterprise"), pk=contact_pk, enterprise_id=pk
    )
    return _enterprise_post(
        request,
        contact.enterprise,
        rules.can_edit_contacts,
        services.enterprise_contact_remove,
        contact=contact,
    )


@login_required
@require_POST
def top500_add(request, pk: int):
    enterprise = get_object_or_404(Enterprise, pk=pk)
    return _enterprise_post(
        request,
        enterprise,
        rules.can_edit_top500,
        services.top500_listing_add,
        form=Top500Form(request.POST),
        enterprise=enterprise,
    )


@login_required
@require_POST
def top500_remove(request, pk: int, listing_pk: int):
    listing = get_object_or_404(
        Top500Listing.objects.select_related("enterprise"), pk=listing_pk, enterprise_id=pk
    )
    return _enterprise_post(
        request,
        listing.enterprise,
        rules.can_edit_top500,
        services.top500_listing_remove,
        listing=listing,
    )


# Self-registration (the page of /tai-khoan/dang-ky/, handed to accounts.sign_up) -------


def self_register(request):
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SelfRegistrationForm(request.POST or None, request.FILES or None)
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
            letter=data["letter"] or None,
        )
        if membership:
            return render(request, "accounts/register_done.html", {"membership": membership})
    return render(request, "accounts/register.html", {"form": form})


# Import and export -------------------------------------------------------------------


@login_required
def import_list(request):
    require(rules.can_import_register(request.user))
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = run_service(
            form,
            services.import_job_create,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        if job:
            return redirect("registry:import_detail", pk=job.pk)
    page = paginate(request, selectors.import_job_list(), per_page=20)
    return render(request, "registry/import_list.html", {"form": form, "page": page})


@login_required
def import_detail(request, pk: int):
    require(rules.can_import_register(request.user))
    job = get_object_or_404(ImportJob, pk=pk)
    require(rules.can_view_import(request.user, job))
    template = "registry/_import_status.html" if request.htmx else "registry/import_detail.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def import_commit(request, pk: int):
    require(rules.can_import_register(request.user))
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        services.import_job_commit(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("registry:import_detail", pk=job.pk)


@login_required
@require_POST
def import_cancel(request, pk: int):
    require(rules.can_import_register(request.user))
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        services.import_job_cancel(actor=request.user, job=job)
        messages.info(request, _("Đã hủy lượt nhập; không dữ liệu nào được ghi."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("registry:import_detail", pk=job.pk)


@login_required
def import_template(request, kind: str, fmt: str):
    require(rules.can_import_register(request.user))
    content, content_type = exports.template_file(kind=kind, fmt=fmt)
    return _download(content, content_type, f"mau-nhap-{kind}.{fmt}")


@login_required
def export(request, kind: str, fmt: str):
    require(rules.can_export_register(request.user))
    if kind == "enterprises":
        form = EnterpriseFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        qs = selectors.enterprise_list(user=request.user, **{k: v for k, v in filters.items() if v})
    else:
        form = ProductFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        qs = selectors.product_list(user=request.user, **{k: v for k, v in filters.items() if v})
    content, content_type = exports.export_file(kind=kind, fmt=fmt, queryset=qs)
    return _download(content, content_type, f"{kind}.{fmt}")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
