"""The public portal: no login, Vietnamese first. Thin views over ``portal.selectors`` (and
``decisions.selectors``); nothing here decides what is public."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from chuluc.core.http import paginate, private_file, query_without_page
from chuluc.decisions import opendata
from chuluc.portal import selectors
from chuluc.portal.caching import public_page, render
from chuluc.portal.forms import DirectoryForm, VerifyForm

PER_PAGE = 30
#: Rows of a published list on one page: Hanoi's whole list, a page of a national one (a
#: national list of thousands of rows is too slow to render and too heavy to send as one
#: page; docs/reliability.md).
RESULTS_PER_PAGE = 100
#: A version's files never change once published: any cache may keep them.
IMMUTABLE = "public, max-age=31536000, immutable"
#: A product's image may be replaced: kept a day.
IMAGE_CACHE = "public, max-age=86400"


def _found(obj):
    if obj is None:
        raise Http404
    return obj


def _comment_url(year: int) -> str | None:
    """The public comment page of a year, when the decisions app provides one."""
    try:
        return reverse("decisions:comment_page", args=[year])
    except NoReverseMatch:
        return None


@require_GET
@public_page
def products(request):
    form = DirectoryForm(request.GET, choices=selectors.directory_choices())
    filters = form.filters()
    page = paginate(request, selectors.directory(**filters), per_page=PER_PAGE, counted=True)
    return render(
        request,
        "portal/products.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.product_rows(page.object_list),
            "public_records": selectors.public_records(filters["q"]),
            "query": query_without_page(request),
        },
    )


@require_GET
@public_page
def product(request, pk: int):
    item = _found(selectors.public_product(pk))
    return render(
        request,
        "portal/product.html",
        {"product": item, "history": selectors.product_history(item)},
    )


@require_GET
def product_image(request, product_pk: int, pk: int):
    """A public product's image, inline: only the stored types an upload may have (checked
    by its content when it was added), never sniffed as another, never run as a page."""
    image = _found(selectors.public_product_image(product_pk, pk))
    response = private_file(image.image, content_type=image.content_type, cache=IMAGE_CACHE)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
@public_page
def enterprise(request, pk: int):
    item = _found(selectors.public_enterprise(pk))
    return render(
        request,
        "portal/enterprise.html",
        {
            "enterprise": item,
            "rows": selectors.product_rows(selectors.enterprise_products(item)),
        },
    )


@require_GET
@public_page
def results(request):
    return render(request, "portal/results.html", {"publications": selectors.results_archive()})


@require_GET
@public_page
def results_year(request, year: int):
    found = _found(selectors.results_for_year(year) or None)
    for result in found:  # every program's list at the same page number
        result.page = paginate(request, result.entries, per_page=RESULTS_PER_PAGE)
        result.entries = list(result.page.object_list)
    return render(
        request,
        "portal/results_year.html",
        {"year": year, "results": found, "comment_url": _comment_url(year)},
    )


def _not_found(request, number: str):
    return render(
        request,
        "portal/verify_not_found.html",
        {"number": number, "form": VerifyForm(initial={"so": number})},
        status=404,
    )


@require_GET
def verify(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        number = form.cleaned_data["so"].strip()
        try:
            return redirect("portal:verify_number", number=number)
        except NoReverseMatch:  # a "/" cannot be in a certificate number
            return _not_found(request, number)
    return render(request, "portal/verify.html", {"form": form})


@require_GET
@public_page
def verify_number(request, number: str):
    found = selectors.verification(number)
    if found is None:
        return _not_found(request, number)
    return render(request, "portal/verify_result.html", {"v": found})


@require_GET
def opendata_index(request):
    return render(request, "portal/opendata.html", {"entries": selectors.open_data_index()})


def _public(response):
    response["Cache-Control"] = IMMUTABLE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def opendata_file(request, decision_pk: int, version: int, fmt: str):
    snapshot = _found(selectors.snapshot(decision_pk, version))
    name = (
        f"spcncl-{snapshot.decision.campaign.year}-qd{decision_pk}-v{version}.{fmt}"
        if fmt != "json"
        else None  # JSON opens in place; the spreadsheets download
    )
    field_file = {"csv": snapshot.csv_file, "json": snapshot.json_file, "xlsx": snapshot.xlsx_file}
    return _public(
        private_file(
            field_file[fmt], content_type=opendata.content_type(fmt), filename=name, cache=IMMUTABLE
        )
    )


@require_GET
def opendata_metadata(request, decision_pk: int, version: int):
    snapshot = _found(selectors.snapshot(decision_pk, version))
    return _public(
        JsonResponse(snapshot.metadata, json_dumps_params={"ensure_ascii": False, "indent": 2})
    )


@require_GET
def opendata_latest(request, decision_pk: int, fmt: str):
    snapshot = _found(selectors.latest_snapshot(decision_pk))
    response = HttpResponseRedirect(
        reverse(
            "portal:opendata_file",
            kwargs={"decision_pk": decision_pk, "version": snapshot.version, "fmt": fmt},
        )
    )
    response["Cache-Control"] = "no-cache"
    response["Access-Control-Allow-Origin"] = "*"
    return response
