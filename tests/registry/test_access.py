"""Who may open which page of the register, for every role and for someone logged out.

The table is tests/registry/access_table.py: one entry per URL pattern of the ``registry``
namespace, saying what each role gets for each HTTP method. The parametrised test below
walks ``chuluc.registry.urls.urlpatterns`` and builds every URL that takes an id for
enterprise B's objects, so a representative of enterprise A is tried against all of them.
``test_registry_url_table_covers_every_pattern`` fails when a pattern has no entry.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.core.models import AuditEntry
from chuluc.registry import exports
from chuluc.registry import urls as registry_urls
from chuluc.registry.enums import ImportStatus
from chuluc.registry.models import (
    Enterprise,
    EnterpriseContact,
    ImportJob,
    Product,
    ProductImage,
    Top500Listing,
)
from tests.access import (
    NOT_ALLOWED,
    NOT_FOUND,
    STRANGERS_TO_B,
    assert_login_redirect,
    assert_table_covers,
    cases,
    check_cell,
    patterns_of,
    read_body,
    send,
    url_of,
)
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.files import PNG
from tests.factories.registry import (
    EnterpriseContactFactory,
    ImportJobFactory,
    ProductImageFactory,
    Top500ListingFactory,
)
from tests.registry.access_table import OTHER_TAX_CODE, ROLES, TABLE, enterprise_data, product_data

PATTERNS = patterns_of(registry_urls.urlpatterns)


def _url(name: str, variant: dict[str, str], objects: SimpleNamespace) -> str:
    return url_of("registry", name, TABLE[name], objects, variant)


# Fixtures and helpers --------------------------------------------------------------------


@pytest.fixture
def contact_b(enterprise_b):
    return EnterpriseContactFactory(
        enterprise=enterprise_b, name="Bà Liên Hệ Riêng B", phone="0900000222"
    )


@pytest.fixture
def listing_b(enterprise_b):
    return Top500ListingFactory(enterprise=enterprise_b, year=2023, rank=321)


@pytest.fixture
def image_b(product_b):
    return ProductImageFactory(
        product=product_b, caption="Ảnh riêng của B", image__filename="b.png"
    )


@pytest.fixture
def import_job(officer):
    content, _content_type = exports.template_file(kind="enterprises", fmt="csv")
    return ImportJobFactory(
        original_name="so-dang-ky.csv",
        file=ContentFile(content, name="so-dang-ky.csv"),
        created_by=officer,
        status=ImportStatus.VALIDATED,
        total_rows=1,
        processed_rows=1,
        valid_rows=1,
        report={"format": "csv"},
    )


@pytest.fixture
def objects(
    *,
    enterprise_a,
    product_a,
    rep_a,
    rep_b,
    enterprise_b,
    product_b,
    image_b,
    contact_b,
    listing_b,
    import_job,
):
    """Enterprise A with its representative, and enterprise B's objects to aim at."""
    return SimpleNamespace(
        enterprise_b=enterprise_b,
        product_b=product_b,
        image_b=image_b,
        contact_b=contact_b,
        listing_b=listing_b,
        import_job=import_job,
    )


def _state() -> tuple:
    """Everything a request to the register could write."""
    return (
        list(Enterprise.objects.order_by("pk").values_list()),
        list(Product.objects.order_by("pk").values_list()),
        list(ProductImage.objects.order_by("pk").values_list()),
        list(EnterpriseContact.objects.order_by("pk").values_list()),
        list(Top500Listing.objects.order_by("pk").values_list()),
        list(ImportJob.objects.order_by("pk").values_list("pk", "status", "valid_rows")),
        AuditEntry.objects.count(),
    )


def _secrets_of_b(objects) -> list[bytes]:
    return [
        objects.enterprise_b.name.encode(),
        objects.enterprise_b.tax_code.encode(),
        objects.product_b.name.encode(),
        objects.image_b.caption.encode(),
        objects.contact_b.name.encode(),
        objects.contact_b.phone.encode(),
    ]


# The table-driven test ---------------------------------------------------------------------


def test_registry_url_table_covers_every_pattern():
    assert_table_covers(registry_urls.urlpatterns, TABLE, roles=ROLES)


def test_registry_url_table_aims_at_enterprise_b_only(objects, enterprise_a):
    owners = {
        "enterprise_b": lambda o: o.pk,
        "product_b": lambda o: o.enterprise_id,
        "image_b": lambda o: o.product.enterprise_id,
        "contact_b": lambda o: o.enterprise_id,
        "listing_b": lambda o: o.enterprise_id,
    }
    for name, entry in TABLE.items():
        for param, target in entry.ids.items():
            if target != "import_job":
                owner = owners[target](getattr(objects, target))
                assert owner == objects.enterprise_b.pk != enterprise_a.pk, (name, param)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "variant"), list(cases(registry_urls.urlpatterns, TABLE))
)
def test_registry_url_answers_each_role_as_tabled(
    client, *, request, objects, name, method, variant, role
):
    entry = TABLE[name]
    check_cell(
        client,
        url=_url(name, variant, objects),
        outcome=entry.methods[method][role],
        user=None if role == "anonymous" else request.getfixturevalue(role),
        method=method,
        data=entry.data,
        objects=objects,
        state=_state,
        secrets=_secrets_of_b(objects) if role in STRANGERS_TO_B else (),
    )


def test_product_image_is_served_to_representative_as_stored(client, *, rep_b, image_b):
    client.force_login(rep_b)

    response = client.get(reverse("registry:product_image", args=[image_b.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert read_body(response) == PNG


def test_product_image_upload_by_representative_is_stored(client, *, rep_b, product_b):
    client.force_login(rep_b)

    response = client.post(
        reverse("registry:product_image_add", args=[product_b.pk]),
        {"image": SimpleUploadedFile("x.png", PNG, content_type="image/png"), "caption": "Mới"},
    )

    assert response.status_code == 302
    image = ProductImage.objects.get(product=product_b)
    assert image.caption == "Mới"
    assert image.content_type == "image/png"
    with image.image.open("rb") as handle:
        assert handle.read() == PNG


def test_product_image_of_b_is_refused_to_rep_a_even_by_raw_file_id(
    client, *, rep_a, image_b, product_a
):
    client.force_login(rep_a)

    response = client.get(reverse("registry:product_image", args=[image_b.pk]))

    assert response.status_code == 404
    assert PNG not in read_body(response)


# Lists and exports -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["enterprise_list", "product_list"])
def test_register_list_shows_rep_only_own_enterprise(
    client, *, rep_a, enterprise_a, enterprise_b, product_a, product_b, name
):
    client.force_login(rep_a)

    response = client.get(reverse(f"registry:{name}"))

    assert response.status_code == 200
    body = response.content.decode()
    assert enterprise_a.name in body
    assert enterprise_b.name not in body
    assert enterprise_b.tax_code not in body
    assert product_b.name not in body
    if name == "enterprise_list":
        assert enterprise_a.tax_code in body
    else:
        assert product_a.name in body


@pytest.mark.parametrize("name", ["enterprise_list", "product_list"])
@pytest.mark.parametrize("query", ["name", "tax_code"])
def test_register_list_search_for_b_finds_nothing_for_rep_a(
    client, *, rep_a, enterprise_a, enterprise_b, product_b, name, query
):
    client.force_login(rep_a)

    response = client.get(
        reverse(f"registry:{name}"),
        {"q": getattr(enterprise_b, query)},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    assert response.status_code == 200
    body = response.content.decode()  # the result rows only: the search box is not echoed
    assert enterprise_b.name not in body
    assert enterprise_b.tax_code not in body
    assert product_b.name not in body


@pytest.mark.parametrize("name", ["enterprise_list", "product_list"])
def test_register_list_htmx_rows_hide_b_from_rep_a(
    client, *, rep_a, enterprise_a, product_a, enterprise_b, product_b, name
):
    client.force_login(rep_a)

    response = client.get(
        reverse(f"registry:{name}"), headers={"HX-Request": "true", "HX-Target": "results"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # the rows fragment, not the whole page
    assert enterprise_a.name in body
    assert enterprise_b.name not in body
    assert product_b.name not in body


@pytest.mark.parametrize("role", ["officer", "admin_user", "leader"])
@pytest.mark.parametrize("name", ["enterprise_list", "product_list"])
def test_register_list_shows_staff_every_enterprise(
    client, *, request, enterprise_a, enterprise_b, product_a, product_b, role, name
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(f"registry:{name}"))

    assert response.status_code == 200
    body = response.content.decode()
    assert enterprise_a.name in body
    assert enterprise_b.name in body
    if name == "product_list":
        assert product_a.name in body
        assert product_b.name in body
    else:
        assert enterprise_a.tax_code in body
        assert enterprise_b.tax_code in body


@pytest.mark.parametrize("name", ["enterprise_list", "product_list"])
def test_register_list_redirects_logged_out_visitor(client, *, enterprise_a, enterprise_b, name):
    url = reverse(f"registry:{name}")

    response = client.get(url)

    assert_login_redirect(response, url)
    assert enterprise_b.name.encode() not in response.content


@pytest.mark.parametrize("role", ["officer", "leader"])
@pytest.mark.parametrize("kind", ["enterprises", "products"])
def test_export_csv_holds_every_enterprise_for_staff(
    client, *, request, enterprise_a, enterprise_b, product_a, product_b, role, kind
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(f"/so-dang-ky/xuat/{kind}.csv")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{kind}.csv"'
    body = response.content.decode("utf-8-sig")
    assert enterprise_a.tax_code in body
    assert enterprise_b.tax_code in body


@pytest.mark.parametrize("role", ["rep_a", "rep_b", "outsider", "council_member", "agency_officer"])
@pytest.mark.parametrize(
    "path", ["/so-dang-ky/xuat/enterprises.csv", "/so-dang-ky/xuat/products.xlsx"]
)
def test_export_is_forbidden_outside_staff(client, *, request, enterprise_b, product_b, role, path):
    client.force_login(request.getfixturevalue(role))

    response = client.get(path)

    assert response.status_code == 403
    assert enterprise_b.tax_code.encode() not in response.content


def test_export_redirects_logged_out_visitor(client):
    response = client.get("/so-dang-ky/xuat/enterprises.csv")

    assert_login_redirect(response, "/so-dang-ky/xuat/enterprises.csv")


# Representatives editing their own enterprise --------------------------------------------


def test_rep_edit_cannot_change_tax_code(client, *, rep_a, enterprise_a):
    original = enterprise_a.tax_code
    assert original != OTHER_TAX_CODE
    client.force_login(rep_a)
    url = reverse("registry:enterprise_edit", args=[enterprise_a.pk])

    form = client.get(url)
    response = client.post(
        url, enterprise_data(name="Công ty CP Khóa Thử Nghiệm A (mới)", tax_code=OTHER_TAX_CODE)
    )

    assert form.status_code == 200
    assert form.context["form"].fields["tax_code"].disabled is True
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse(
        "registry:enterprise_detail", args=[enterprise_a.pk]
    )
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "Công ty CP Khóa Thử Nghiệm A (mới)"
    assert enterprise_a.tax_code == original
    assert not Enterprise.objects.filter(tax_code=OTHER_TAX_CODE).exists()
    entry = AuditEntry.objects.get(action="enterprise.update")
    assert "tax_code" not in entry.diff


def test_rep_edit_posting_only_a_new_tax_code_changes_nothing(client, *, rep_a, enterprise_a):
    original = enterprise_a.tax_code
    client.force_login(rep_a)

    response = client.post(
        reverse("registry:enterprise_edit", args=[enterprise_a.pk]),
        enterprise_data(name=enterprise_a.name, tax_code=OTHER_TAX_CODE),
    )

    assert response.status_code == 200  # the form comes back: there was nothing to save
    enterprise_a.refresh_from_db()
    assert enterprise_a.tax_code == original
    assert not AuditEntry.objects.filter(action="enterprise.update").exists()


def test_rep_edit_ignores_status_flags_posted_beside_the_form(client, *, rep_a, enterprise_a):
    Enterprise.objects.filter(pk=enterprise_a.pk).update(is_verified=False)
    client.force_login(rep_a)

    data = enterprise_data(name="Công ty CP Khóa Thử Nghiệm A (2)", tax_code=enterprise_a.tax_code)
    data.update({"is_verified": "on", "is_demo": "on", "is_public_record": "on"})
    response = client.post(reverse("registry:enterprise_edit", args=[enterprise_a.pk]), data)

    assert response.status_code == 302
    enterprise_a.refresh_from_db()
    assert enterprise_a.name == "Công ty CP Khóa Thử Nghiệm A (2)"
    assert enterprise_a.is_verified is False
    assert enterprise_a.is_demo is False
    assert enterprise_a.is_public_record is False


def test_rep_cannot_move_own_product_to_another_enterprise(
    client, *, rep_a, product_a, enterprise_a, enterprise_b
):
    client.force_login(rep_a)

    data = product_data(name="Ổ khóa thử A (mới)")
    data["enterprise"] = str(enterprise_b.pk)
    response = client.post(reverse("registry:product_edit", args=[product_a.pk]), data)

    assert response.status_code == 302
    product_a.refresh_from_db()
    assert product_a.name == "Ổ khóa thử A (mới)"
    assert product_a.enterprise_id == enterprise_a.pk


# Memberships that are not (or no longer) verified ------------------------------------------


def _pages_of_b():
    """Every (URL, method) of the table aimed at B's own objects, with what rep_a gets."""
    for name, entry in TABLE.items():
        if not entry.ids or "import_job" in entry.ids.values():
            continue
        for method, outcomes in entry.methods.items():
            yield pytest.param(name, method, outcomes["rep_a"], id=f"{name}-{method}")


@pytest.fixture
def unverified_rep(enterprise_b, request):
    status = getattr(request, "param", MembershipStatus.PENDING)
    user = UserFactory(username="rep_cho", roles=[Role.ENTERPRISE_REP])
    MembershipFactory(user=user, enterprise=enterprise_b, status=status)
    return user


@pytest.mark.parametrize(
    "unverified_rep", [MembershipStatus.PENDING, MembershipStatus.REJECTED], indirect=True
)
@pytest.mark.parametrize(("name", "method", "outcome"), list(_pages_of_b()))
def test_unverified_rep_is_refused_like_a_stranger_on_b_pages(
    client, *, unverified_rep, objects, name, method, outcome
):
    url = _url(name, {}, objects)
    client.force_login(unverified_rep)
    before = _state()

    response = send(client, method, url, TABLE[name].data(objects))
    body = read_body(response)

    assert response.status_code == outcome
    assert outcome in {NOT_FOUND, NOT_ALLOWED}
    assert _state() == before
    for secret in _secrets_of_b(objects):
        assert secret not in body


@pytest.mark.parametrize(
    "unverified_rep", [MembershipStatus.PENDING, MembershipStatus.REJECTED], indirect=True
)
@pytest.mark.parametrize("name", ["enterprise_list", "product_list"])
def test_unverified_rep_is_refused_the_register_lists(
    client, *, unverified_rep, enterprise_b, product_b, name
):
    client.force_login(unverified_rep)

    response = client.get(reverse(f"registry:{name}"))

    assert response.status_code == 403
    assert enterprise_b.name.encode() not in response.content


def test_rep_with_verified_and_pending_memberships_sees_only_verified(
    client, *, rep_a, enterprise_a, enterprise_b
):
    MembershipFactory(user=rep_a, enterprise=enterprise_b, status=MembershipStatus.PENDING)
    client.force_login(rep_a)

    listing = client.get(reverse("registry:enterprise_list"))
    detail = client.get(reverse("registry:enterprise_detail", args=[enterprise_b.pk]))

    assert listing.status_code == 200
    assert enterprise_a.name in listing.content.decode()
    assert enterprise_b.name not in listing.content.decode()
    assert detail.status_code == 404


def _page_shape(body: bytes, url: str) -> bytes:
    """The page with its per-request CSRF tokens and its own address blanked out."""
    body = re.sub(rb'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', b"", body)
    return body.replace(url.encode(), b"")


def test_rep_a_cannot_probe_missing_ids_differently_from_b(client, *, rep_a, enterprise_b):
    client.force_login(rep_a)
    missing = Enterprise.objects.order_by("-pk").first().pk + 1000
    url_b = reverse("registry:enterprise_detail", args=[enterprise_b.pk])
    url_missing = reverse("registry:enterprise_detail", args=[missing])

    for_b = client.get(url_b)
    for_missing = client.get(url_missing)

    assert for_b.status_code == for_missing.status_code == 404
    assert _page_shape(for_b.content, url_b) == _page_shape(for_missing.content, url_missing)


@pytest.mark.parametrize(
    ("name", "child", "role"),
    [
        ("contact_remove", "contact_b", "rep_a"),
        ("contact_remove", "contact_b", "officer"),
        ("top500_remove", "listing_b", "rep_a"),
        ("top500_remove", "listing_b", "officer"),
    ],
)
def test_child_of_b_cannot_be_reached_through_enterprise_a_url(
    client, request, *, objects, enterprise_a, name, child, role
):
    """A's id in the path and B's contact/listing id after it: the pair must not match."""
    client.force_login(request.getfixturevalue(role))
    converters = PATTERNS[name].pattern.converters
    child_param = next(p for p in converters if p != "pk")
    url = reverse(
        f"registry:{name}",
        kwargs={"pk": enterprise_a.pk, child_param: getattr(objects, child).pk},
    )
    before = _state()

    response = client.post(url)

    assert response.status_code == 404
    assert _state() == before
