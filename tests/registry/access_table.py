"""The register's access table: one entry per URL pattern of the ``registry`` namespace,
saying what each role of ``tests.access.ALL_ROLES`` gets for each HTTP method. Every URL that
takes an id aims at enterprise B's objects (the ``objects`` fixture of
tests/registry/test_access.py, which asks every cell), so that a representative of
enterprise A is tried against all of them."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuluc.registry import exports
from chuluc.registry.enums import ImportKind
from chuluc.registry.models import Enterprise, ImportJob, IndustryGroup, Product
from tests.access import (
    ALL_ROLES,
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Entry,
    Redirect,
    everyone,
    expect,
    officers_only,
)
from tests.factories.files import PNG
from tests.factories.registry import valid_tax_code

ROLES = ALL_ROLES  # the roles every entry tables
NEW_ENTERPRISE_TAX_CODE = valid_tax_code(900_001)
OTHER_TAX_CODE = valid_tax_code(900_002)
NEW_PRODUCT_NAME = "Sản phẩm mới thêm qua biểu mẫu"

# What B's objects answer: its representative and staff see them, strangers get 404.
READ_B = expect(officer=OK, leader=OK, rep_b=OK, rep_a=NOT_FOUND, others=NOT_FOUND)
HISTORY_B = expect(officer=OK, leader=OK, rep_b=FORBIDDEN, rep_a=NOT_FOUND, others=NOT_FOUND)
EDIT_FORM_B = expect(officer=OK, leader=FORBIDDEN, rep_b=OK, rep_a=NOT_FOUND, others=NOT_FOUND)


def write_b(done: Redirect) -> dict[str, Any]:
    return expect(officer=done, leader=FORBIDDEN, rep_b=done, rep_a=NOT_FOUND, others=NOT_FOUND)


def officers_write_b(done: Redirect) -> dict[str, Any]:
    """Writes on B that only officers make, though B's representative may read B."""
    return expect(
        officer=done, leader=FORBIDDEN, rep_b=FORBIDDEN, rep_a=NOT_FOUND, others=NOT_FOUND
    )


# Redirect targets ------------------------------------------------------------------------


def _to_enterprise_b(objects) -> str:
    return reverse("registry:enterprise_detail", args=[objects.enterprise_b.pk])


def _to_product_b(objects) -> str:
    return reverse("registry:product_detail", args=[objects.product_b.pk])


def _to_new_enterprise(objects) -> str:
    enterprise = Enterprise.objects.get(tax_code=NEW_ENTERPRISE_TAX_CODE)
    return reverse("registry:enterprise_detail", args=[enterprise.pk])


def _to_new_product(objects) -> str:
    product = Product.objects.get(enterprise=objects.enterprise_b, name=NEW_PRODUCT_NAME)
    return reverse("registry:product_detail", args=[product.pk])


def _to_import_job(objects) -> str:
    return reverse("registry:import_detail", args=[objects.import_job.pk])


def _to_new_import_job(objects) -> str:
    job = ImportJob.objects.exclude(pk=objects.import_job.pk).get()
    return reverse("registry:import_detail", args=[job.pk])


# POST bodies -----------------------------------------------------------------------------


def enterprise_data(*, name: str, tax_code: str) -> dict[str, str]:
    return {
        "name": name,
        "short_name": "",
        "tax_code": tax_code,
        "ownership": "private",
        "vsic": "",
        "district": "",
        "address": "",
        "website": "",
        "email": "",
        "phone": "",
    }


def product_data(*, name: str) -> dict[str, str]:
    group = IndustryGroup.objects.order_by("position").first()
    return {
        "name": name,
        "industry_group": str(group.pk),
        "vsic": "",
        "hs_code": "",
        "track": "other",
        "high_tech_ref": "",
        "description": "",
    }


def _post_enterprise_create(objects) -> dict[str, str]:
    return enterprise_data(name="Công ty CP Mới Đăng Ký", tax_code=NEW_ENTERPRISE_TAX_CODE)


def _post_enterprise_edit(objects) -> dict[str, str]:
    b = objects.enterprise_b
    return enterprise_data(name=f"{b.name} (đã sửa)", tax_code=b.tax_code)


def _post_product_create(objects) -> dict[str, str]:
    return product_data(name=NEW_PRODUCT_NAME)


def _post_product_edit(objects) -> dict[str, str]:
    return product_data(name=f"{objects.product_b.name} (đã sửa)")


def _post_image(objects) -> dict[str, Any]:
    return {
        "image": SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
        "caption": "Ảnh mới",
    }


def _post_import(objects) -> dict[str, Any]:
    content, _content_type = exports.template_file(kind="enterprises", fmt="csv")
    return {
        "kind": "enterprises",
        "file": SimpleUploadedFile("doanh-nghiep.csv", content, content_type="text/csv"),
    }


def _post_contact(objects) -> dict[str, str]:
    return {"name": "Người liên hệ mới", "position": "", "phone": "", "email": ""}


def _post_top500(objects) -> dict[str, str]:
    return {"year": "2024", "ranking": "VNR500", "rank": "12"}


# The table -------------------------------------------------------------------------------

SPREADSHEETS = tuple({"kind": k, "fmt": f} for k in ImportKind.values for f in ("csv", "xlsx"))


TABLE: dict[str, Entry] = {
    "enterprise_list": Entry(
        {"GET": expect(officer=OK, leader=OK, rep_b=OK, rep_a=OK, others=FORBIDDEN)}
    ),
    "enterprise_create": Entry(
        {
            "GET": officers_only(OK),
            "POST": officers_only(Redirect(_to_new_enterprise)),
        },
        data=_post_enterprise_create,
    ),
    "enterprise_detail": Entry({"GET": READ_B}, ids={"pk": "enterprise_b"}),
    "enterprise_edit": Entry(
        {"GET": EDIT_FORM_B, "POST": write_b(Redirect(_to_enterprise_b))},
        ids={"pk": "enterprise_b"},
        data=_post_enterprise_edit,
    ),
    "enterprise_history": Entry({"GET": HISTORY_B}, ids={"pk": "enterprise_b"}),
    "contact_add": Entry(
        {"GET": everyone(NOT_ALLOWED), "POST": write_b(Redirect(_to_enterprise_b))},
        ids={"pk": "enterprise_b"},
        data=_post_contact,
    ),
    "contact_remove": Entry(
        {"GET": everyone(NOT_ALLOWED), "POST": write_b(Redirect(_to_enterprise_b))},
        ids={"pk": "enterprise_b", "contact_pk": "contact_b"},
    ),
    "top500_add": Entry(
        {"GET": everyone(NOT_ALLOWED), "POST": officers_write_b(Redirect(_to_enterprise_b))},
        ids={"pk": "enterprise_b"},
        data=_post_top500,
    ),
    "top500_remove": Entry(
        {"GET": everyone(NOT_ALLOWED), "POST": officers_write_b(Redirect(_to_enterprise_b))},
        ids={"pk": "enterprise_b", "listing_pk": "listing_b"},
    ),
    "product_create": Entry(
        {"GET": EDIT_FORM_B, "POST": write_b(Redirect(_to_new_product))},
        ids={"enterprise_pk": "enterprise_b"},
        data=_post_product_create,
    ),
    "product_list": Entry(
        {"GET": expect(officer=OK, leader=OK, rep_b=OK, rep_a=OK, others=FORBIDDEN)}
    ),
    "product_detail": Entry({"GET": READ_B}, ids={"pk": "product_b"}),
    "product_edit": Entry(
        {"GET": EDIT_FORM_B, "POST": write_b(Redirect(_to_product_b))},
        ids={"pk": "product_b"},
        data=_post_product_edit,
    ),
    "product_history": Entry({"GET": HISTORY_B}, ids={"pk": "product_b"}),
    "product_image_add": Entry(
        {"GET": everyone(NOT_ALLOWED), "POST": write_b(Redirect(_to_product_b))},
        ids={"pk": "product_b"},
        data=_post_image,
    ),
    "product_image": Entry({"GET": READ_B}, ids={"pk": "image_b"}),
    "import_list": Entry(
        {"GET": officers_only(OK), "POST": officers_only(Redirect(_to_new_import_job))},
        data=_post_import,
    ),
    "import_detail": Entry({"GET": officers_only(OK)}, ids={"pk": "import_job"}),
    "import_commit": Entry(
        {"GET": everyone(NOT_ALLOWED), "POST": officers_only(Redirect(_to_import_job))},
        ids={"pk": "import_job"},
    ),
    "import_cancel": Entry(
        {"GET": everyone(NOT_ALLOWED), "POST": officers_only(Redirect(_to_import_job))},
        ids={"pk": "import_job"},
    ),
    "import_template": Entry({"GET": officers_only(OK)}, variants=SPREADSHEETS),
    "export": Entry(
        {"GET": expect(officer=OK, leader=OK, rep_b=FORBIDDEN, rep_a=FORBIDDEN, others=FORBIDDEN)},
        variants=SPREADSHEETS,
    ),
}
