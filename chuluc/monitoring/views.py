"""Monitoring pages: the dashboard with indicators, targets and published figures; the
records behind each number; reporting periods; firm reports (form, list, officer check);
the annual report download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.errors import ApplicationError
from chuluc.core.figures_cache import cached_figures
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, require, require_visible
from chuluc.monitoring import indicators as ind
from chuluc.monitoring import report_sheets, rules, selectors, services
from chuluc.monitoring.annual_report import (
    CONTENT_TYPES,
    FORMATS,
    build_annual_report,
    render_annual_report,
)
from chuluc.monitoring.enums import ReportStatus
from chuluc.monitoring.forms import (
    CheckForm,
    FirmReportForm,
    PeriodForm,
    ReportUploadForm,
    initial_from_version,
)

RECORD_RELATED = {
    "recognition": ("product", "enterprise", "decision", "product__industry_group"),
    "dossier": ("product", "enterprise", "campaign"),
    "report": ("enterprise", "period"),
    "support": ("enterprise", "policy"),
    "difficulty": ("enterprise",),
    "connection": ("enterprise", "partner", "counterpart_enterprise"),
}


def _year(request) -> int:
    """The year asked for, else the current one (the clock's, never the last year with
    data: the leader opens the page to see this year)."""
    raw = request.GET.get("nam", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:  # noqa: PLR2004 - plausible years
        return int(raw)
    return timezone.localdate().year


@login_required
def dashboard(request):
    require(rules.can_view_dashboard(request.user))
    years = selectors.years_with_data()
    year = _year(request)
    figures = selectors.dashboard_figures(year)
    context = _dashboard_context(year, years, figures)
    context["progress"] = selectors.target_progress(year)
    return render(request, "monitoring/dashboard.html", context)


def _dashboard_context(year: int, years: list[int], figures: dict) -> dict:
    values, money, groups = figures["values"], figures["money"], figures["groups"]
    per_year, published, coverage = figures["per_year"], figures["published"], figures["coverage"]
    published_by_code = {p.indicator: p for p in published.get(year, []) if p.indicator}
    chart = {
        "years": [r["year"] for r in per_year],
        "products": [r["products"] for r in per_year],
        "enterprises": [r["enterprises"] for r in per_year],
        "funnel": [float(values[c]) for c in ind.FUNNEL_CODES],
        "funnel_labels": [str(ind.indicator(c).name) for c in ind.FUNNEL_CODES],
        "groups": [g["group"] for g in groups],
        "group_products": [g["products"] for g in groups],
        "money_years": list(money),
        "revenue_bn": [float(r["revenue"] or 0) / 1e9 for r in money.values()],
        "export_musd": [float(r["export"] or 0) / 1e6 for r in money.values()],
        "coverage": [coverage.reached, coverage.counted - coverage.reached],
        # The words on the charts, in the reader's language.
        "labels": {
            "products": _("Sản phẩm"),
            "enterprises": _("Doanh nghiệp"),
            "revenue": _("Doanh thu (tỷ đồng)"),
            "export": _("Xuất khẩu (triệu USD)"),
            "reached": _("Đã được hỗ trợ"),
            "not_reached": _("Chưa được hỗ trợ"),
        },
    }
    return {
        "year": year,
        "years": sorted(set(years) | set(published) | {year}, reverse=True),
        "rows": [(i, values[i.code], published_by_code.get(i.code)) for i in ind.INDICATORS],
        "per_year": per_year,
        "groups": groups,
        "coverage": coverage,
        "targets": figures["targets"],
        "published": published.get(year, []),
        "chart": chart,
        "funnel": list(zip(chart["funnel_labels"], chart["funnel"], strict=True)),
        "money": money,
        "formats": FORMATS,
    }


@login_required
def indicator_records(request, code: str, year: int):
    require(rules.can_view_dashboard(request.user))
    spec = ind.BY_CODE.get(code)
    if spec is None:
        raise Http404
    queryset = spec.records(year).select_related(*RECORD_RELATED[spec.kind])
    return render(
        request,
        "monitoring/indicator_records.html",
        {
            "indicator": spec,
            "year": year,
            "value": spec.compute(year),
            "page": paginate(request, queryset),
        },
    )


@login_required
def annual_report(request, year: int, fmt: str):
    require(rules.can_view_dashboard(request.user))
    if fmt not in FORMATS:
        raise Http404
    content, content_type = cached_figures(
        f"annual_report:{year}:{fmt}:{get_language()}",
        lambda: render_annual_report(build_annual_report(year), fmt),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-spcncl-{year}.{fmt}"'
    return response


@login_required
def periods(request):
    require(rules.can_manage_periods(request.user))
    form = PeriodForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, services.period_create, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Đã tạo kỳ báo cáo."))
        return redirect("monitoring:periods")
    return render(
        request, "monitoring/periods.html", {"form": form, "periods": selectors.periods()}
    )


@login_required
def reports(request):
    require(rules.can_list_reports(request.user))
    status = request.GET.get("trang_thai", "")
    status = status if status in ReportStatus.values else ""
    period = request.GET.get("ky", "")
    queryset = selectors.reports_for(
        request.user, period_id=int(period) if period.isdigit() else None, status=status
    )
    return render(
        request,
        "monitoring/reports.html",
        {
            "page": paginate(request, queryset),
            "status": status,
            "statuses": ReportStatus.choices,
            "can_submit": rules.can_submit_report(request.user),
        },
    )


def _own_enterprise(request, own: list[int]) -> int:
    """The enterprise the representative chose (``?enterprise=``), if it is theirs."""
    raw = (request.POST or request.GET).get("enterprise", "")
    return int(raw) if raw.isdigit() and int(raw) in own else own[0]


@login_required
def report_template(request):
    require(rules.can_submit_report(request.user))
    enterprise_id = _own_enterprise(request, sorted(user_enterprise_ids(request.user)))
    content = report_sheets.template_xlsx(selectors.recognised_products(enterprise_id))
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="mau-bao-cao-dinh-ky.xlsx"'
    return response


@login_required
def report_upload(request):
    require(rules.can_submit_report(request.user))
    own = sorted(user_enterprise_ids(request.user))
    form = ReportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enterprise = form.cleaned_data["enterprise"]
        require(rules.can_submit_report_for(request.user, enterprise.pk))
        try:
            figures = report_sheets.read_report_sheet(
                form.cleaned_data["file"], products=selectors.recognised_products(enterprise.pk)
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            period = form.cleaned_data["period"]
            checked = selectors.submission_review(enterprise.pk, period).checked
            report = None
            if not _reason_missing(form, checked=checked):
                report = run_service(
                    form,
                    services.firm_report_submit,
                    actor=request.user,
                    enterprise=enterprise,
                    period=period,
                    reason=form.cleaned_data["reason"],
                    **figures,
                )
            if report:
                messages.success(
                    request,
                    _("Đã gửi bản sửa từ bảng tính; Sở Công Thương sẽ kiểm tra lại.")
                    if checked
                    else _("Đã nộp báo cáo từ bảng tính."),
                )
                return redirect("monitoring:report_detail", pk=report.pk)
    return render(
        request,
        "monitoring/report_upload.html",
        {"form": form, "enterprise_id": _own_enterprise(request, own)},
    )


def _reason_missing(form, *, checked: bool) -> bool:
    """A correction of a checked report without its reason: the error goes on the field."""
    if checked and not form.cleaned_data.get("reason", "").strip():
        form.add_error(
            "reason",
            _(
                "Báo cáo kỳ này đã được Sở Công Thương kiểm tra: số liệu mới là bản sửa, cần "
                "nêu lý do sửa."
            ),
        )
        return True
    return False


def _period_asked(request):
    """The period named by ``?ky=`` (a link to correct a report), if it exists."""
    raw = request.GET.get("ky", "")
    return selectors.periods().filter(pk=raw).first() if raw.isdigit() else None


def _report_initial(enterprise_id: int, period) -> dict:
    """The form's starting values: the enterprise, and for ``?ky=`` the period with the
    figures of the report's latest version, if there is one."""
    initial = {"enterprise": enterprise_id}
    if period is None:
        return initial
    initial["period"] = period.pk
    report = selectors.report_of(enterprise_id, period)
    latest = report.versions.order_by("-number").first() if report else None
    return {**initial, **initial_from_version(latest)} if latest else initial


def _review(form: FirmReportForm) -> selectors.SubmissionReview:
    """What the form's figures would do, once its enterprise and period are valid."""
    data = form.cleaned_data
    enterprise, period = data.get("enterprise"), data.get("period")
    if enterprise is None or period is None:
        return selectors.SubmissionReview()
    if not form.is_valid():
        return selectors.submission_review(enterprise.pk, period)
    figures, lines = form.figures()
    return selectors.submission_review(enterprise.pk, period, figures=figures, lines=lines)


@login_required
def report_submit(request):
    """The report form: ``action=check`` (the check button, or HTMX on each change) shows
    the warnings and whether it would correct a checked report without saving; submitting
    asks the firm to confirm the warnings first, and a correction's reason."""
    require(rules.can_submit_report(request.user))
    own = sorted(user_enterprise_ids(request.user))
    enterprise_id = _own_enterprise(request, own)
    asked = _period_asked(request)
    form = FirmReportForm(
        request.POST or None,
        user=request.user,
        products=selectors.recognised_products(enterprise_id),
        initial=_report_initial(enterprise_id, asked),
    )
    review = selectors.SubmissionReview()
    if request.method == "POST":
        form.is_valid()
        review = _review(form)
        if request.POST.get("action") != "check" and review.complete:
            report = _submit_reviewed(request, form, review)
            if report:
                return redirect("monitoring:report_detail", pk=report.pk)
    context = {
        "form": form,
        "review": review,
        "enterprises": form.fields["enterprise"].queryset if len(own) > 1 else [],
    }
    if request.htmx:
        return render(request, "monitoring/_report_review.html", context)
    if request.method == "GET" and asked is not None:
        context["review"] = selectors.submission_review(enterprise_id, asked)
    return render(request, "monitoring/report_form.html", context)


def _submit_reviewed(request, form: FirmReportForm, review: selectors.SubmissionReview):
    """Submit once the warnings are confirmed and a correction has its reason; else mark the
    form (nothing saved)."""
    kwargs = form.service_kwargs()
    require(rules.can_submit_report_for(request.user, kwargs["enterprise"].pk))
    if _reason_missing(form, checked=review.checked):
        return None
    if not form.confirmed(review.flags):
        form.ask_to_confirm(review.flags)
        return None
    report = run_service(form, services.firm_report_submit, actor=request.user, **kwargs)
    if report is None:
        return None
    if review.checked:
        messages.success(
            request,
            _(
                "Đã gửi bản sửa. Số liệu đã được kiểm tra vẫn được dùng cho đến khi Sở Công "
                "Thương kiểm tra bản sửa."
            ),
        )
    elif report.flags:
        messages.warning(request, _("Đã nộp báo cáo. Một số số liệu cần Sở kiểm tra lại."))
    else:
        messages.success(request, _("Đã nộp báo cáo."))
    return report


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(selectors.report_detail(pk), pk=pk)
    require_visible(rules.can_view_report(request.user, report))
    form = CheckForm(request.POST or None)
    if request.method == "POST":
        require(rules.can_review_reports(request.user))
        if form.is_valid() and run_service(
            form,
            services.firm_report_check,
            actor=request.user,
            report=report,
            note=form.cleaned_data["note"],
        ):
            messages.success(request, _("Đã đánh dấu báo cáo là đã kiểm tra."))
            return redirect("monitoring:report_detail", pk=report.pk)
    pending = selectors.pending_correction(report)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "form": form,
            "can_review": rules.can_review_reports(request.user)
            and report.status != ReportStatus.CHECKED,
            "can_correct": rules.can_submit_report_for(request.user, report.enterprise_id),
            "versions": selectors.versions(report),
            "pending": pending,
            "differences": selectors.differences(report, pending) if pending else [],
        },
    )
