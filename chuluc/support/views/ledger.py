"""Policies and budget lines, the ledger of support given, requests and trade events."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, private_file, query_without_page, require, require_visible
from chuluc.registry.models import Enterprise
from chuluc.support import rules, selectors, services
from chuluc.support.enums import RequestStatus
from chuluc.support.forms import (
    BudgetLineForm,
    DecideForm,
    EventForm,
    JoinForm,
    ParticipantForm,
    PolicyForm,
    RecordForm,
    RequestForm,
    RequestRecordForm,
)
from chuluc.support.models import SupportRecord, SupportRequest


def _status(form) -> int:
    return 422 if form is not None and form.is_bound and form.errors else 200


# --------------------------------------------------------------------------- policies


@login_required
def policies(request):
    require(rules.can_view_policies(request.user))
    form = None
    if rules.can_manage_support(request.user):
        form = PolicyForm(request.POST or None)
    if request.method == "POST":
        require(form is not None)
        if form.is_valid():
            policy = run_service(
                form, services.policy_create, actor=request.user, **form.cleaned_data
            )
            if policy:
                messages.success(request, _("Đã thêm chính sách."))
                return redirect("support:policy_detail", pk=policy.pk)
    return render(
        request,
        "support/policies.html",
        {
            "catalogue": selectors.policy_catalogue(request.user),
            "internal": rules.can_view_support(request.user),
            "form": form,
        },
        status=_status(form),
    )


@login_required
def policy_detail(request, pk: int):
    require(rules.can_view_policies(request.user))
    policy = get_object_or_404(selectors.policies(), pk=pk)
    manage = rules.can_manage_support(request.user)
    budget_form = BudgetLineForm(request.POST or None) if manage else None
    if request.method == "POST":
        require(manage)
        if budget_form.is_valid() and run_service(
            budget_form,
            services.budget_line_set,
            actor=request.user,
            policy=policy,
            **budget_form.cleaned_data,
        ):
            messages.success(request, _("Đã lưu dự toán."))
            return redirect("support:policy_detail", pk=policy.pk)
    return render(
        request,
        "support/policy_detail.html",
        {
            "policy": policy,
            "lines": selectors.budget_lines(policy=policy)
            if rules.can_view_support(request.user)
            else [],
            "budget_form": budget_form,
            "can_request": rules.can_request_support(request.user),
            "standings": selectors.policy_catalogue(request.user, only=policy)[0][1],
        },
        status=_status(budget_form),
    )


# --------------------------------------------------------------------------- ledger


@login_required
def records(request):
    require(rules.can_view_support_lists(request.user))
    year = request.GET.get("nam", "")
    queryset = selectors.records_for(request.user, year=int(year) if year.isdigit() else None)
    return render(
        request,
        "support/records.html",
        {
            "page": paginate(request, queryset),
            "query": query_without_page(request),
            "year": year,
            "years": selectors.record_years(),
            "manage": rules.can_manage_support(request.user),
        },
    )


@login_required
def record_create(request):
    require(rules.can_manage_support(request.user))
    form = RecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = run_service(
            form,
            services.support_record_create,
            actor=request.user,
            enterprise=form.cleaned_data["enterprise"],
            policy=form.cleaned_data["policy"],
            **form.record_values(),
        )
        if record:
            messages.success(request, _("Đã ghi sổ hỗ trợ."))
            return redirect("support:record_detail", pk=record.pk)
    return render(request, "support/record_form.html", {"form": form}, status=_status(form))


def _record(request, pk: int) -> SupportRecord:
    record = get_object_or_404(
        SupportRecord.objects.select_related("enterprise", "policy", "agency", "request"), pk=pk
    )
    require_visible(rules.can_view_record(request.user, record))
    return record


@login_required
def record_detail(request, pk: int):
    return render(request, "support/record_detail.html", {"record": _record(request, pk)})


@login_required
def record_evidence(request, pk: int):
    record = _record(request, pk)
    if not record.evidence:
        raise Http404
    return private_file(
        record.evidence,
        content_type=record.evidence_type or "application/octet-stream",
        filename=record.evidence_name or "minh-chung",
    )


# --------------------------------------------------------------------------- requests


@login_required
def requests(request):
    require(rules.can_view_support_lists(request.user))
    status = request.GET.get("trang-thai", "")
    status = status if status in RequestStatus.values else ""
    return render(
        request,
        "support/requests.html",
        {
            "page": paginate(request, selectors.requests_for(request.user, status=status)),
            "query": query_without_page(request),
            "status": status,
            "statuses": RequestStatus.choices,
            "can_request": rules.can_request_support(request.user),
        },
    )


@login_required
def request_create(request):
    require(rules.can_request_support(request.user))
    enterprises = Enterprise.objects.filter(pk__in=user_enterprise_ids(request.user)).order_by(
        "search_key"
    )
    initial = {"policy": request.GET.get("chinh-sach")} if request.method == "GET" else None
    form = RequestForm(request.POST or None, enterprises=enterprises, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form, services.support_request_submit, actor=request.user, **form.cleaned_data
        )
        if created:
            messages.success(
                request,
                _("Đã gửi đề nghị hỗ trợ, số tiếp nhận %(ref)s. Hạn xử lý: %(due)s.")
                % {"ref": created.reference, "due": created.due_on.strftime("%d/%m/%Y")},
            )
            return redirect("support:request_detail", pk=created.pk)
    return render(request, "support/request_form.html", {"form": form}, status=_status(form))


@login_required
def request_detail(request, pk: int):
    support_request = get_object_or_404(
        SupportRequest.objects.select_related("enterprise", "policy", "submitted_by", "decided_by"),
        pk=pk,
    )
    require_visible(rules.can_view_request(request.user, support_request))
    decide = rules.can_decide_request(request.user)
    approved = support_request.status == RequestStatus.APPROVED
    form_class = RequestRecordForm if approved else DecideForm
    form = form_class(request.POST or None, request.FILES or None) if decide else None
    if request.method == "POST":
        require(decide)
        if form.is_valid() and _decide(request, form, support_request):
            return redirect("support:request_detail", pk=support_request.pk)
    record = SupportRecord.objects.filter(request=support_request).first()
    submitted = support_request.status == RequestStatus.SUBMITTED
    return render(
        request,
        "support/request_detail.html",
        {
            "req": support_request,
            "record": record,
            "decide_form": form if submitted else None,
            "record_form": form if approved and record is None else None,
            "overdue": selectors.is_overdue(support_request),
        },
        status=_status(form),
    )


def _decide(request, form: DecideForm | RequestRecordForm, support_request: SupportRequest) -> bool:
    data = form.cleaned_data
    if support_request.status == RequestStatus.APPROVED:
        done = run_service(
            form,
            services.support_request_record,
            actor=request.user,
            support_request=support_request,
            **form.record_values(),
        )
        if done:
            messages.success(request, _("Đã ghi sổ hỗ trợ."))
        return bool(done)
    record = form.record_values() if data["decision"] == "approved" and data["record_now"] else None
    done = run_service(
        form,
        services.support_request_decide,
        actor=request.user,
        support_request=support_request,
        status=data["decision"],
        reason=data.get("reason", ""),
        record=record,
    )
    if done:
        messages.success(request, _("Đã lưu quyết định về đề nghị."))
    return bool(done)


# --------------------------------------------------------------------------- events


@login_required
def events(request):
    require(rules.can_view_events(request.user))
    form = EventForm(request.POST or None) if rules.can_manage_support(request.user) else None
    if request.method == "POST":
        require(form is not None)
        if form.is_valid():
            event = run_service(
                form, services.trade_event_create, actor=request.user, **form.cleaned_data
            )
            if event:
                messages.success(request, _("Đã thêm sự kiện."))
                return redirect("support:event_detail", pk=event.pk)
    internal = rules.can_view_support(request.user)
    return render(
        request,
        "support/events.html",
        {
            "page": paginate(request, selectors.events()),
            "form": form,
            "registered": None if internal else selectors.registered_event_ids(request.user),
        },
        status=_status(form),
    )


@login_required
def event_detail(request, pk: int):
    require(rules.can_view_events(request.user))
    event = get_object_or_404(selectors.events(), pk=pk)
    if not rules.can_view_support(request.user):
        return _event_for_a_firm(request, event)
    manage = rules.can_manage_support(request.user)
    form = ParticipantForm(request.POST or None) if manage else None
    if request.method == "POST":
        require(manage)
        if form.is_valid() and run_service(
            form,
            services.event_participant_add,
            actor=request.user,
            event=event,
            **form.cleaned_data,
        ):
            messages.success(request, _("Đã thêm doanh nghiệp tham gia."))
            return redirect("support:event_detail", pk=event.pk)
    return render(
        request,
        "support/event_detail.html",
        {"event": event, "participants": selectors.event_participants(event), "form": form},
        status=_status(form),
    )


def _event_for_a_firm(request, event):
    """A representative's page of an event: its facts, their own enterprise's registration
    and, before it begins, the buttons to register or withdraw; never who else joined."""
    user = request.user
    upcoming = event.starts_on > timezone.localdate()
    form = None
    if upcoming and rules.can_join_events(user):
        form = JoinForm(
            request.POST if request.method == "POST" else None,
            enterprises=selectors.own_enterprises(user),
            booths=True,
        )
    if request.method == "POST":
        require(form is not None)
        if form.is_valid() and join_or_withdraw(
            request,
            form,
            join=services.event_register,
            withdraw=services.event_withdraw,
            said=(
                _("Đã đăng ký tham gia sự kiện cho %s."),
                _("Đã rút đăng ký tham gia sự kiện của %s."),
            ),
            event=event,
        ):
            return redirect("support:event_detail", pk=event.pk)
    return render(
        request,
        "support/event_detail.html",
        {
            "event": event,
            "firm": True,
            "own": selectors.own_participations(user, event),
            "join_form": form,
        },
        status=_status(form),
    )


def join_or_withdraw(request, form: JoinForm, *, join, withdraw, said: tuple, **target) -> bool:
    """Run the registration (``join``) or the withdrawal (``withdraw``) the pressed button
    asks for, for the enterprise chosen; ``said``: the two messages of success."""
    data = form.cleaned_data
    joining = data["action"] == JoinForm.JOIN
    extra = {"booths": data.get("booths") or 1} if joining and "booths" in data else {}
    run_service(
        form,
        join if joining else withdraw,
        actor=request.user,
        enterprise=data["enterprise"],
        **target,
        **extra,
    )
    if form.errors:
        return False
    messages.success(request, (said[0] if joining else said[1]) % data["enterprise"].name)
    return True
