"""Production index pages: the index (tables, charts, contributions, flagged products,
published figures beside it), its XLSX export, the base years (create, load a workbook,
activate, discontinue a product, import quantities, pull the firms' reports) and the
published growth figures. Thin: parse → authorise → one service or selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.errors import ApplicationError
from chuluc.core.forms import run_service
from chuluc.core.http import require
from chuluc.production import exports, rules, selectors, services, tables
from chuluc.production.enums import GrowthKind, GrowthPeriod
from chuluc.production.forms import (
    BaseYearForm,
    DiscontinueForm,
    IndexFilterForm,
    PublishedGrowthForm,
    PullForm,
    UploadForm,
)
from chuluc.production.models import BaseYear, PublishedGrowth
from chuluc.production.sheets import ImportRejected
from chuluc.statistics import IIPOptions


def _computed(request):
    """The options of the request, the base years, the chosen one and its computation."""
    options = IndexFilterForm(request.GET).options()
    years = selectors.viewable_base_years()
    chosen = next((b for b in years if b.pk == options["base_year_id"]), None)
    chosen = chosen or (years[0] if years else None)
    data = None
    if chosen is not None:
        data = selectors.load_iip(
            chosen,
            options=IIPOptions(cumulative=options["method"], new_products=options["new_products"]),
        )
    t = tables.month_position(data, options["month"]) if data is not None else None
    return options, years, data, t


def _published_beside(data, t: int, method: str, published) -> list[dict]:
    """Each published figure of the month, with the computed IIP of the same period when it
    is an IIP figure (a value-added figure has no computed counterpart here)."""
    result = data.result
    computed = {
        GrowthPeriod.MONTH: result.yoy("total")[0, t],
        GrowthPeriod.QUARTER: result.qtd("total", method=method)[0, t],
        GrowthPeriod.YEAR_TO_DATE: result.ytd("total", method=method)[0, t],
    }
    rows = []
    for item in published:
        value = tables.number(computed[item.period])
        rows.append(
            {
                "item": item,
                "computed": tables.growth(value) if item.kind == GrowthKind.IIP_PUBLISHED else None,
            }
        )
    return rows


@login_required
def index(request):
    require(rules.can_view_iip(request.user))
    options, years, data, t = _computed(request)
    context = {
        "options": options,
        "years": years,
        "data": data,
        "t": t,
        "can_manage": rules.can_manage_iip(request.user),
    }
    if data is not None and data.result is not None:
        month = data.months[t]
        published = selectors.published_for(int(month[:4]), int(month[5:]))
        context.update(
            month=month,
            rows=tables.node_rows(data, t, options["method"]),
            contrib=tables.contributions(data, t, options["comparison"], options["method"]),
            flagged=tables.flagged_products(data, t),
            chart=tables.chart(data, options["comparison"], options["method"]),
            published=_published_beside(data, t, options["method"], published),
            query=request.GET.urlencode(),
        )
        context["chart_rows"] = tables.chart_rows(context["chart"])
    return render(request, "production/index.html", context)


@login_required
def export(request):
    require(rules.can_view_iip(request.user))
    options, _years, data, t = _computed(request)
    if data is None or data.result is None:
        messages.warning(request, _("Chưa có số liệu để xuất."))
        return redirect("production:index")
    month = data.months[t]
    content = exports.export_iip(
        data,
        t=t,
        comparison=options["comparison"],
        method=options["method"],
        published=selectors.published_for(int(month[:4]), int(month[5:])),
    )
    response = HttpResponse(content, content_type=exports.CONTENT_TYPE)
    name = f"chi-so-san-xuat-{data.base_year.year}v{data.base_year.version}-{month}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def base_years(request):
    require(rules.can_view_iip(request.user))
    form = BaseYearForm(request.POST or None)
    if request.method == "POST":
        require(rules.can_manage_iip(request.user))
        if form.is_valid():
            base_year = run_service(
                form, services.base_year_create, actor=request.user, **form.cleaned_data
            )
            if base_year:
                messages.success(request, _("Đã tạo năm gốc %(b)s (bản nháp).") % {"b": base_year})
                return redirect("production:base_year_detail", pk=base_year.pk)
    return render(
        request,
        "production/base_years.html",
        {
            "base_years": selectors.base_years(),
            "form": form,
            "can_manage": rules.can_manage_iip(request.user),
        },
    )


def _detail_action(request, base_year: BaseYear):
    """The officer's POST actions on a base year: activate, discontinue, pull."""
    action = request.POST.get("action", "")
    try:
        if action == "activate":
            services.base_year_activate(actor=request.user, base_year=base_year)
            messages.success(request, _("Năm gốc đã chuyển sang dùng chính thức."))
        elif action == "discontinue":
            form = DiscontinueForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(" ".join(e for errs in form.errors.values() for e in errs))
            product = get_object_or_404(base_year.products, pk=form.cleaned_data["product"])
            services.basket_product_discontinue(
                actor=request.user, product=product, month=form.cleaned_data["month"]
            )
            messages.success(request, _("Đã ghi tháng ngừng sản xuất."))
        elif action == "pull":
            form = PullForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("Năm lấy số liệu không hợp lệ."))
            counts = services.quantities_pull_from_reports(
                actor=request.user, base_year=base_year, year=form.cleaned_data["year"]
            )
            messages.success(
                request,
                _(
                    "Đã lấy %(stored)s giá trị sản lượng từ báo cáo của doanh nghiệp "
                    "(thay %(replaced)s giá trị lấy trước đó; giữ %(kept_import)s giá trị đã nhập "
                    "từ bảng tính; %(not_in_basket)s giá trị không thuộc rổ)."
                )
                % counts,
            )
        else:
            raise ApplicationError(_("Thao tác không hợp lệ."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("production:base_year_detail", pk=base_year.pk)


@login_required
def base_year_detail(request, pk: int):
    require(rules.can_view_iip(request.user))
    base_year = get_object_or_404(BaseYear, pk=pk)
    if request.method == "POST":
        require(rules.can_manage_iip(request.user))
        return _detail_action(request, base_year)
    return render(
        request,
        "production/base_year_detail.html",
        {
            "base_year": base_year,
            "products": selectors.basket_products(base_year),
            "nodes": selectors.node_weights(base_year),
            "imports": selectors.imports(base_year),
            "months": selectors.quantity_months(base_year),
            "can_manage": rules.can_manage_iip(request.user),
            "pull_form": PullForm(initial={"year": timezone.localdate().year}),
        },
    )


def _upload(request, pk: int, *, service, template: str, success: str):
    require(rules.can_manage_iip(request.user))
    base_year = get_object_or_404(BaseYear, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            counts = service(
                actor=request.user, base_year=base_year, upload=form.cleaned_data["file"]
            )
        except ImportRejected as exc:
            form.add_error(None, exc.message)
            errors = exc.errors
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, success % counts)
            return redirect("production:base_year_detail", pk=base_year.pk)
    return render(request, template, {"base_year": base_year, "form": form, "errors": errors})


@login_required
def basket_upload(request, pk: int):
    return _upload(
        request,
        pk,
        service=services.base_year_load,
        template="production/basket_upload.html",
        success=_(
            "Đã nạp dữ liệu năm gốc: %(created)s sản phẩm mới, %(updated)s sản phẩm sửa, "
            "%(removed)s sản phẩm bỏ, %(node_weights)s trọng số ngành."
        ),
    )


@login_required
def quantities_upload(request, pk: int):
    return _upload(
        request,
        pk,
        service=services.quantities_import,
        template="production/quantities_upload.html",
        success=_(
            "Đã nhập %(rows)s dòng sản lượng (%(created)s mới, %(replaced)s thay giá trị cũ, "
            "%(missing)s ghi thiếu số liệu)."
        ),
    )


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def basket_template(request, pk: int):
    require(rules.can_view_iip(request.user))
    base_year = get_object_or_404(BaseYear, pk=pk)
    content = exports.basket_template(
        selectors.basket_products(base_year), selectors.node_weights(base_year)
    )
    return _xlsx(content, f"nam-goc-{base_year.year}v{base_year.version}.xlsx")


@login_required
def quantities_template(request, pk: int):
    require(rules.can_manage_iip(request.user))
    base_year = get_object_or_404(BaseYear, pk=pk)
    today = timezone.localdate()
    raw = request.GET.get("nam", "")
    year = int(raw) if raw.isdigit() and base_year.year <= int(raw) <= today.year else today.year
    content = exports.quantities_template(
        selectors.basket_products(base_year),
        year,
        last_month=today.month if year == today.year else 12,  # no future month
    )
    return _xlsx(content, f"san-luong-{year}.xlsx")


@login_required
def published(request):
    require(rules.can_view_iip(request.user))
    form = PublishedGrowthForm(request.POST or None)
    if request.method == "POST":
        require(rules.can_manage_iip(request.user))
        if request.POST.get("action") == "delete":
            item = get_object_or_404(PublishedGrowth, pk=request.POST.get("pk") or 0)
            services.published_growth_delete(actor=request.user, item=item)
            messages.success(request, _("Đã xóa số liệu đã công bố."))
            return redirect("production:published")
        if form.is_valid() and run_service(
            form, services.published_growth_create, actor=request.user, **form.cleaned_data
        ):
            messages.success(request, _("Đã ghi số liệu đã công bố."))
            return redirect("production:published")
    return render(
        request,
        "production/published.html",
        {
            "items": selectors.published_growth(),
            "form": form,
            "can_manage": rules.can_manage_iip(request.user),
        },
    )
