"""Offers and needs with their matching suggestions, partner firms and connections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, query_without_page, require, require_visible
from chuluc.registry.models import Enterprise
from chuluc.registry.rules import represents
from chuluc.support import matching, rules, selectors, services
from chuluc.support.enums import ListingKind
from chuluc.support.forms import (
    ConnectionForm,
    ConnectionRequestForm,
    ListingForm,
    PartnerForm,
    all_enterprises,
)
from chuluc.support.models import Listing


def _status(form) -> int:
    return 422 if form is not None and form.is_bound and form.errors else 200


@login_required
def listings(request):
    require(rules.can_view_linkages(request.user))
    kind = request.GET.get("loai", "")
    kind = kind if kind in ListingKind.values else ""
    return render(
        request,
        "support/listings.html",
        {
            "page": paginate(request, selectors.listings_for(request.user, kind=kind)),
            "query": query_without_page(request),
            "kind": kind,
            "kinds": ListingKind.choices,
            "can_post": rules.can_post_listing(request.user),
            "manage": rules.can_manage_support(request.user),
        },
    )


@login_required
def listing_create(request):
    user = request.user
    require(rules.can_post_listing(user))
    enterprises = (
        all_enterprises()
        if rules.can_manage_support(user)
        else Enterprise.objects.filter(pk__in=user_enterprise_ids(user)).order_by("search_key")
    )
    form = ListingForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        listing = run_service(form, services.listing_create, actor=user, **form.cleaned_data)
        if listing:
            messages.success(request, _("Đã đăng nhu cầu kết nối."))
            return redirect("support:listing_detail", pk=listing.pk)
    return render(request, "support/listing_form.html", {"form": form}, status=_status(form))


@login_required
def listing_detail(request, pk: int):
    listing = get_object_or_404(
        Listing.objects.select_related("enterprise", "partner", "industry_group"), pk=pk
    )
    require_visible(rules.can_view_listing(request.user, listing))
    can_close = listing.is_open and (
        rules.can_manage_support(request.user)
        or (listing.enterprise_id is not None and represents(request.user, listing.enterprise_id))
    )
    ask = rules.can_request_connection(request.user, listing)
    ask_form = (
        ConnectionRequestForm(
            request.POST if request.method == "POST" else None,
            enterprises=selectors.own_enterprises(request.user),
        )
        if ask
        else None
    )
    if request.method == "POST" and ask:
        if ask_form.is_valid() and run_service(
            ask_form,
            services.connection_request_send,
            actor=request.user,
            listing=listing,
            **ask_form.cleaned_data,
        ):
            messages.success(
                request,
                _("Đã gửi đề nghị kết nối; Sở Công Thương và doanh nghiệp kia sẽ nhận được."),
            )
            return redirect("support:listing_detail", pk=listing.pk)
    elif request.method == "POST":
        require(can_close)
        form = ListingForm()
        if run_service(form, services.listing_close, actor=request.user, listing=listing):
            messages.success(request, _("Đã đóng nhu cầu."))
        else:
            for error in form.non_field_errors():
                messages.error(request, error)
        return redirect("support:listing_detail", pk=listing.pk)
    return render(
        request,
        "support/listing_detail.html",
        {
            "listing": listing,
            "suggestions": matching.suggestions(listing)
            if rules.can_view_matches(request.user)
            else None,
            "can_close": can_close,
            "show_contact": rules.can_view_partners(request.user),
            "ask_form": ask_form,
            "sent": selectors.connection_requests_sent(request.user, listing) if ask else None,
            "received": selectors.connection_requests_on(listing)
            if rules.can_view_connection_requests(request.user, listing)
            else None,
        },
        status=_status(ask_form),
    )


@login_required
def partners(request):
    require(rules.can_view_partners(request.user))
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = run_service(
            form, services.partner_create, actor=request.user, **form.cleaned_data
        )
        if partner:
            messages.success(request, _("Đã thêm doanh nghiệp đối tác."))
            return redirect("support:partner_detail", pk=partner.pk)
    return render(
        request,
        "support/partners.html",
        {"page": paginate(request, selectors.partners()), "form": form},
        status=_status(form),
    )


@login_required
def partner_detail(request, pk: int):
    require(rules.can_view_partners(request.user))
    partner = get_object_or_404(selectors.partners(), pk=pk)
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        listing = run_service(
            form, services.listing_create, actor=request.user, partner=partner, **form.cleaned_data
        )
        if listing:
            messages.success(request, _("Đã đăng nhu cầu kết nối."))
            return redirect("support:listing_detail", pk=listing.pk)
    return render(
        request,
        "support/partner_detail.html",
        {
            "partner": partner,
            "listings": partner.listings.select_related("industry_group"),
            "connections": partner.connections.select_related("enterprise"),
            "form": form,
        },
        status=_status(form),
    )


@login_required
def connections(request):
    require(rules.can_view_support(request.user))
    form = ConnectionForm(request.POST or None) if rules.can_manage_support(request.user) else None
    if request.method == "POST":
        require(form is not None)
        if form.is_valid() and run_service(
            form, services.connection_record, actor=request.user, **form.cleaned_data
        ):
            messages.success(request, _("Đã ghi kết nối."))
            return redirect("support:connections")
    return render(
        request,
        "support/connections.html",
        {
            "page": paginate(request, selectors.connections()),
            "requests": selectors.connection_requests()[:50],
            "form": form,
        },
        status=_status(form),
    )
