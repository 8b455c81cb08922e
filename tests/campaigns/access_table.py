"""The campaigns' access table: one entry per URL pattern of the ``campaigns`` namespace,
saying what each role of ``tests.access.ALL_ROLES`` gets for each HTTP method. Every URL
that takes an id aims at enterprise B's objects (``Objects`` of
tests/campaigns/test_access.py, which asks every cell): its dossiers, their evidence,
certificates, screening checks and computed scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuluc.campaigns import selectors
from chuluc.campaigns.criteria_io import spec_to_yaml
from chuluc.campaigns.enums import CertificateKind, EvidenceKind, ScreeningOutcome
from chuluc.campaigns.forms import CampaignForm
from chuluc.campaigns.models import FIGURE_FIELDS, Campaign, CriteriaSet, Dossier
from chuluc.demo.campaigns import demo_pdf
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

ROLES = ALL_ROLES  # the roles every entry tables
NEW_PDF = demo_pdf("Tai lieu moi tai len")
NEW_CAMPAIGN_YEAR = 2031

# A dossier of B: its representative and staff read it, strangers get 404.
READ_DOSSIER = expect(officer=OK, leader=OK, rep_b=OK, rep_a=NOT_FOUND, others=NOT_FOUND)
HISTORY_DOSSIER = expect(officer=OK, leader=OK, rep_b=FORBIDDEN, rep_a=NOT_FOUND, others=NOT_FOUND)
EDIT_FORM_DOSSIER = expect(
    officer=FORBIDDEN, leader=FORBIDDEN, rep_b=OK, rep_a=NOT_FOUND, others=NOT_FOUND
)


def enterprise_write(done: Redirect) -> dict[str, Any]:
    """Only the enterprise's representatives write a dossier while it is a draft."""
    return expect(
        officer=FORBIDDEN, leader=FORBIDDEN, rep_b=done, rep_a=NOT_FOUND, others=NOT_FOUND
    )


def officer_write(done: Redirect) -> dict[str, Any]:
    """Screening is the officers': B's representative reads the dossier but may not screen."""
    return expect(
        officer=done, leader=FORBIDDEN, rep_b=FORBIDDEN, rep_a=NOT_FOUND, others=NOT_FOUND
    )


# Redirect targets ------------------------------------------------------------------------


def _to_dossier(objects) -> str:
    return reverse("campaigns:dossier_detail", args=[objects.dossier.pk])


def _to_submitted(objects) -> str:
    return reverse("campaigns:dossier_detail", args=[objects.submitted.pk])


def _to_receipt(objects) -> str:
    return reverse("campaigns:dossier_receipt", args=[objects.dossier.pk])


def _to_my_dossiers(objects) -> str:
    return reverse("campaigns:my_dossiers")


def _to_campaign(objects) -> str:
    return reverse("campaigns:campaign_detail", args=[objects.campaign.pk])


def _to_new_campaign(objects) -> str:
    campaign = Campaign.objects.get(year=NEW_CAMPAIGN_YEAR)
    return reverse("campaigns:campaign_detail", args=[campaign.pk])


def _to_new_dossier_form(objects) -> str:
    dossier = Dossier.objects.get(product=objects.product_b_new)
    return reverse("campaigns:dossier_edit", args=[dossier.pk])


def _to_new_criteria_set(objects) -> str:
    criteria_set = CriteriaSet.objects.order_by("-pk").first()
    assert criteria_set.pk != objects.criteria_set.pk
    return reverse("campaigns:criteria_detail", args=[criteria_set.pk])


# POST bodies -----------------------------------------------------------------------------


def _post_dossier_edit(objects) -> dict[str, str]:
    dossier = objects.dossier
    data = {
        "track": dossier.track,
        "startup_statement": "Thuyết minh sửa qua biểu mẫu",
    }
    if dossier.hq_in_locality:
        data["hq_in_locality"] = "on"
    if dossier.factory_in_locality:
        data["factory_in_locality"] = "on"
    for row in dossier.figures.all():
        for name in FIGURE_FIELDS:
            value = getattr(row, name)
            data[f"{name}_{row.year}"] = "" if value is None else str(int(value))
    return data


def _post_evidence(objects) -> dict[str, Any]:
    return {
        "kind": EvidenceKind.PRODUCT_DESCRIPTION,
        "file": SimpleUploadedFile("thuyet-minh.pdf", NEW_PDF, content_type="application/pdf"),
    }


def _post_certificate(objects) -> dict[str, str]:
    return {
        "kind": CertificateKind.TRADEMARK,
        "number": "NH-4-0099999",
        "issuer": "Cục Sở hữu trí tuệ",
        "issued_on": "",
        "valid_until": "",
    }


def _post_return(objects) -> dict[str, str]:
    return {"comment": "Bổ sung báo cáo kiểm toán năm gần nhất", "resubmit_by": ""}


def post_decision(objects) -> dict[str, str]:
    """The opposite of what the officer decided, so that a write is visible."""
    check = objects.check
    flipped = (
        ScreeningOutcome.FAIL
        if check.officer_outcome == ScreeningOutcome.PASS
        else ScreeningOutcome.PASS
    )
    return {"outcome": flipped, "reason": "Cán bộ kiểm tra lại hồ sơ gốc"}


def _post_conclude(objects) -> dict[str, str]:
    return {"comment": "Kết luận thẩm định"}


def _post_campaign_new(objects) -> dict[str, str]:
    return {"source": str(objects.campaign.pk), "year": str(NEW_CAMPAIGN_YEAR)}


def _post_campaign_edit(objects) -> dict[str, str]:
    form = CampaignForm(instance=objects.campaign)
    data: dict[str, str] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            data[name] = ""
        elif isinstance(value, dt.datetime):  # the bound field gives it in local time
            data[name] = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    data["name"] = "Đợt xét chọn 2026 (đã sửa tên)"
    return data


def _post_target(objects) -> dict[str, str]:
    return {
        "indicator": "so-san-pham-moi",
        "label": "Số sản phẩm được công nhận mới",
        "low": "5",
        "high": "10",
        "unit": "sản phẩm",
    }


def _post_rule(objects) -> dict[str, str]:
    return {
        "code": "E9",
        "name": "Điều kiện thử nghiệm",
        "kind": "qualitative",
        "track": "",
        "threshold": "",
        "document_kind": "",
    }


def _post_legal_basis(objects) -> dict[str, str]:
    return {"kind": "plan", "number": "999/KH-UBND", "issued_on": "", "title": "Kế hoạch thử"}


def _post_criteria_import(objects) -> dict[str, Any]:
    content = spec_to_yaml(selectors.criteria_set_spec(pk=objects.criteria_set.pk))
    if isinstance(content, str):
        content = content.encode()
    return {
        "name": "Bộ tiêu chí nhập lại",
        "file": SimpleUploadedFile("bo-tieu-chi.yaml", content, content_type="application/yaml"),
    }


# The table -------------------------------------------------------------------------------


CAMPAIGN = {"pk": "campaign"}
DRAFT = {"pk": "dossier"}
SUBMITTED = {"pk": "submitted"}
POST_ONLY = everyone(NOT_ALLOWED)

TABLE: dict[str, Entry] = {
    # Campaigns: any logged-in user reads a published one; officers manage them.
    "campaign_list": Entry({"GET": everyone(OK)}),
    "campaign_new": Entry(
        {"GET": officers_only(OK), "POST": officers_only(Redirect(_to_new_campaign))},
        data=_post_campaign_new,
    ),
    "campaign_detail": Entry({"GET": everyone(OK)}, ids=CAMPAIGN),
    "campaign_edit": Entry(
        {"GET": officers_only(OK), "POST": officers_only(Redirect(_to_campaign))},
        ids=CAMPAIGN,
        data=_post_campaign_edit,
    ),
    "campaign_target": Entry(
        {"GET": POST_ONLY, "POST": officers_only(Redirect(_to_campaign))},
        ids=CAMPAIGN,
        data=_post_target,
    ),
    "campaign_rule": Entry(
        {"GET": POST_ONLY, "POST": officers_only(Redirect(_to_campaign))},
        ids=CAMPAIGN,
        data=_post_rule,
    ),
    "campaign_legal_basis": Entry(
        {"GET": POST_ONLY, "POST": officers_only(Redirect(_to_campaign))},
        ids=CAMPAIGN,
        data=_post_legal_basis,
    ),
    "campaign_dossiers": Entry(
        {"GET": expect(officer=OK, leader=OK, rep_b=FORBIDDEN, rep_a=FORBIDDEN, others=FORBIDDEN)},
        ids=CAMPAIGN,
    ),
    # Only a representative of the product's enterprise registers it; to anyone else the
    # product might as well not exist (the view checks with require_visible).
    "dossier_create": Entry(
        {
            "GET": POST_ONLY,
            "POST": expect(
                officer=NOT_FOUND,
                leader=NOT_FOUND,
                rep_b=Redirect(_to_new_dossier_form),
                rep_a=NOT_FOUND,
                others=NOT_FOUND,
            ),
        },
        ids={"campaign_pk": "campaign", "product_pk": "product_b_new"},
    ),
    # Criteria sets: published rules, readable by anyone logged in.
    "criteria_list": Entry({"GET": everyone(OK)}),
    "criteria_import": Entry(
        {"GET": officers_only(OK), "POST": officers_only(Redirect(_to_new_criteria_set))},
        data=_post_criteria_import,
    ),
    "criteria_detail": Entry({"GET": everyone(OK)}, ids={"pk": "criteria_set"}),
    "criteria_export": Entry({"GET": everyone(OK)}, ids={"pk": "criteria_set"}),
    # Dossiers.
    "my_dossiers": Entry({"GET": everyone(OK)}),
    "dossier_detail": Entry({"GET": READ_DOSSIER}, ids=DRAFT),
    "dossier_edit": Entry(
        {"GET": EDIT_FORM_DOSSIER, "POST": enterprise_write(Redirect(_to_dossier))},
        ids=DRAFT,
        data=_post_dossier_edit,
    ),
    "dossier_history": Entry({"GET": HISTORY_DOSSIER}, ids=DRAFT),
    "evidence_upload": Entry(
        {"GET": POST_ONLY, "POST": enterprise_write(Redirect(_to_dossier))},
        ids=DRAFT,
        data=_post_evidence,
    ),
    "evidence_download": Entry(
        {"GET": READ_DOSSIER}, ids={"pk": "dossier", "evidence_pk": "evidence"}
    ),
    "evidence_remove": Entry(
        {"GET": POST_ONLY, "POST": enterprise_write(Redirect(_to_dossier))},
        ids={"pk": "dossier", "evidence_pk": "evidence"},
    ),
    "certificate_add": Entry(
        {"GET": POST_ONLY, "POST": enterprise_write(Redirect(_to_dossier))},
        ids=DRAFT,
        data=_post_certificate,
    ),
    "certificate_remove": Entry(
        {"GET": POST_ONLY, "POST": enterprise_write(Redirect(_to_dossier))},
        ids={"pk": "dossier", "certificate_pk": "certificate"},
    ),
    # Submitting asks for the declaration and answers with the receipt.
    "dossier_submit": Entry(
        {"GET": POST_ONLY, "POST": enterprise_write(Redirect(_to_receipt))},
        ids=DRAFT,
        data=lambda objects: {"declared": "on"},
    ),
    "dossier_receipt": Entry({"GET": READ_DOSSIER}, ids=SUBMITTED),
    "dossier_receipt_pdf": Entry({"GET": READ_DOSSIER}, ids=SUBMITTED),
    # A draft never submitted is deleted by its enterprise, after confirming.
    "dossier_delete": Entry(
        {"GET": POST_ONLY, "POST": enterprise_write(Redirect(_to_my_dossiers))},
        ids=DRAFT,
        data=lambda objects: {"confirm": "on"},
    ),
    "dossier_return": Entry(
        {"GET": POST_ONLY, "POST": officer_write(Redirect(_to_submitted))},
        ids=SUBMITTED,
        data=_post_return,
    ),
    "screening_decide": Entry(
        {"GET": POST_ONLY, "POST": officer_write(Redirect(_to_submitted))},
        ids={"pk": "submitted", "check_pk": "check"},
        data=post_decision,
    ),
    "computed_verify": Entry(
        {"GET": POST_ONLY, "POST": officer_write(Redirect(_to_submitted))},
        ids={"pk": "submitted", "score_pk": "score"},
    ),
    "dossier_conclude": Entry(
        {"GET": POST_ONLY, "POST": officer_write(Redirect(_to_submitted))},
        ids=SUBMITTED,
        data=_post_conclude,
    ),
}

# Targets that belong to enterprise B (the campaign and the criteria set are shared).
OWNED_BY_B: dict[str, Callable[[Any], int]] = {
    "dossier": lambda o: o.enterprise_id,
    "submitted": lambda o: o.enterprise_id,
    "evidence": lambda o: o.dossier.enterprise_id,
    "certificate": lambda o: o.dossier.enterprise_id,
    "check": lambda o: o.dossier.enterprise_id,
    "score": lambda o: o.dossier.enterprise_id,
    "product_b_new": lambda o: o.enterprise_id,
}
SHARED = {"campaign", "criteria_set"}
