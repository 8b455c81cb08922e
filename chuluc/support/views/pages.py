"""The support hub, the figures page and an enterprise's support page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.http import require, require_visible
from chuluc.registry.models import Enterprise
from chuluc.support import figures as support_figures
from chuluc.support import rules, selectors


@login_required
def home(request):
    """What the person may do here: the sections, and the overdue work waiting for them."""
    user = request.user
    require(rules.can_use_support(user))
    internal = rules.can_view_support(user)
    context = {
        "internal": internal,
        "manage": rules.can_manage_support(user),
        "agency_officer": rules.user_agency_id(user) is not None,
        "rep": rules.can_request_support(user),
        "own_enterprises": Enterprise.objects.filter(pk__in=user_enterprise_ids(user)).order_by(
            "search_key"
        ),
        "overdue_difficulties": selectors.overdue_difficulties_for(user)[:20]
        if rules.can_view_difficulties(user)
        else [],
        "overdue_requests": selectors.overdue_requests()[:20] if internal else [],
    }
    return render(request, "support/home.html", context)


@login_required
def figures(request):
    require(rules.can_view_support(request.user))
    years = support_figures.figure_years()
    raw = request.GET.get("nam", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else years[0]
    return render(
        request,
        "support/figures.html",
        {
            "year": year,
            "years": years,
            "coverage": support_figures.coverage(year),
            "difficulties": support_figures.difficulty_outcomes(year),
            "requests": support_figures.request_outcomes(year),
            "by_category": support_figures.amount_by_category(year),
            "budget": support_figures.budget_use(year),
            "linkages": support_figures.linkages(year),
        },
    )


@login_required
def enterprise_support(request, enterprise_pk: int):
    enterprise = get_object_or_404(Enterprise, pk=enterprise_pk)
    require_visible(rules.can_view_enterprise_support(request.user, enterprise.pk))
    return render(
        request,
        "support/enterprise.html",
        {
            "enterprise": enterprise,
            "can_request": rules.can_request_support(request.user, enterprise.pk),
            **selectors.enterprise_support(enterprise.pk),
        },
    )
