"""Who may open which page of the campaigns and dossiers, for every role and logged out.

The heart of this file is ``TABLE``: one entry per URL pattern of the ``campaigns``
namespace, saying what each role gets for each HTTP method. The parametrised test walks
``chuluc.campaigns.urls.urlpatterns`` and builds every URL that takes an id from enterprise
B's objects (its dossiers, their evidence, certificates, screening checks and computed
scores), so a representative of enterprise A, a council member assigned to nothing, an
agency officer and a user without a role are tried against all of them. B's objects are
built once per URL and method; each role is a subtest run inside a savepoint that is rolled
back, so every role meets the same database.
``test_campaigns_url_table_covers_every_pattern`` fails when a pattern has no entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.campaigns import selectors, services
from chuluc.campaigns import urls as campaigns_urls
from chuluc.campaigns.criteria_io import spec_to_yaml
from chuluc.campaigns.enums import (
    CampaignStatus,
    CertificateKind,
    DossierStatus,
    EvidenceKind,
    ScreeningOutcome,
)
from chuluc.campaigns.forms import CampaignForm
from chuluc.campaigns.models import (
    FIGURE_FIELDS,
    Campaign,
    ComputedScore,
    CriteriaSet,
    Dossier,
    DossierEvent,
    EligibilityRule,
    Evidence,
    FigureVersion,
    LegalBasis,
    QualityCertificate,
    ScreeningCheck,
    Target,
    YearFigures,
)
from chuluc.core.models import AuditEntry
from chuluc.demo.campaigns import demo_pdf
from chuluc.registry.models import IndustryGroup
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.campaigns import complete_dossier, make_campaign
from tests.factories.registry import EnterpriseFactory, ProductFactory

LOGIN_PATH = "/tai-khoan/dang-nhap/"

SECRET_PDF = demo_pdf("Bao cao rieng cua doanh nghiep B - khong duoc lo")
NEW_PDF = demo_pdf("Tai lieu moi tai len")
NEW_CAMPAIGN_YEAR = 2031
DRAFT_CAMPAIGN_NAME = "Đợt xét chọn nội bộ chưa công bố 2027"


# Expected outcomes ---------------------------------------------------------------------

OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
LOGIN = "login"


@dataclass(frozen=True)
class Redirect:
    """A successful write: 302 to the path ``to(objects)`` computes after the request."""

    to: Callable[[Any], str]


ROLES = (
    "anonymous",
    "officer",
    "admin_user",
    "leader",
    "council_member",
    "agency_officer",
    "outsider",
    "rep_a",
    "rep_b",
)
# Roles that may not know anything about enterprise B: nothing of B may reach them.
STRANGERS_TO_B = ("anonymous", "council_member", "agency_officer", "outsider", "rep_a")


def expect(*, officer, leader, rep_b, rep_a, others) -> dict[str, Any]:
    """Outcomes per role; the administrator is an officer, anyone logged out goes to login.

    ``others`` are the council member (assigned to no council, so no dossier is theirs),
    the agency officer and the user without a role."""
    return {
        "anonymous": LOGIN,
        "officer": officer,
        "admin_user": officer,
        "leader": leader,
        "council_member": others,
        "agency_officer": others,
        "outsider": others,
        "rep_a": rep_a,
        "rep_b": rep_b,
    }


def everyone(outcome) -> dict[str, Any]:
    return expect(officer=outcome, leader=outcome, rep_b=outcome, rep_a=outcome, others=outcome)


def officers_only(outcome) -> dict[str, Any]:
    return expect(
        officer=outcome, leader=FORBIDDEN, rep_b=FORBIDDEN, rep_a=FORBIDDEN, others=FORBIDDEN
    )


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


# Enterprise B's objects, built on first use ------------------------------------------------


class Objects:
    """What the URLs aim at. The draft dossier is always there (so lists and funnels have
    something of B to leak); the submitted one is built only for the URLs that need it, so
    that a campaign's rules stay editable for the other entries."""

    def __init__(self, *, campaign, enterprise_b, product_b, rep_b, officer, dossier_a):
        self.campaign = campaign
        self.enterprise_b = enterprise_b
        self.product_b = product_b
        self.rep_b = rep_b
        self.officer = officer
        self.dossier_a = dossier_a
        self.product_b2 = ProductFactory(enterprise=enterprise_b, name="Máy nén khí riêng B2")
        self.product_b_new = ProductFactory(enterprise=enterprise_b, name="Van công nghiệp B mới")
        self.dossier = complete_dossier(actor=rep_b, campaign=campaign, product=product_b)
        self.evidence = services.evidence_upload(
            actor=rep_b,
            dossier=self.dossier,
            kind=EvidenceKind.OTHER,
            upload=SimpleUploadedFile("rieng-b.pdf", SECRET_PDF),
        )
        self.certificate = services.certificate_add(
            actor=rep_b,
            dossier=self.dossier,
            kind=CertificateKind.ISO9001,
            number="ISO-B-000123",
            issuer="Tổ chức chứng nhận thử",
        )

    @cached_property
    def criteria_set(self) -> CriteriaSet:
        return self.campaign.criteria_set

    @cached_property
    def submitted(self) -> Dossier:
        """B's second dossier, submitted, every check already decided by the officer."""
        dossier = complete_dossier(
            actor=self.rep_b, campaign=self.campaign, product=self.product_b2
        )
        services.dossier_submit(actor=self.rep_b, dossier=dossier)
        for check in dossier.screening.all():
            decided = check.automatic
            reason = ""
            if decided not in {ScreeningOutcome.PASS, ScreeningOutcome.FAIL}:
                decided, reason = ScreeningOutcome.PASS, "Cán bộ đánh giá đạt"
            services.screening_decide(
                actor=self.officer, check=check, outcome=decided, reason=reason
            )
        dossier.refresh_from_db()
        assert dossier.status == DossierStatus.SUBMITTED
        return dossier

    @cached_property
    def check(self) -> ScreeningCheck:
        return self.submitted.screening.order_by("pk").first()

    @cached_property
    def score(self) -> ComputedScore:
        score = self.submitted.computed_scores.order_by("pk").first()
        assert score is not None, "the default criteria set has no computed criterion"
        return score


# Redirect targets ------------------------------------------------------------------------


def _to_dossier(objects) -> str:
    return reverse("campaigns:dossier_detail", args=[objects.dossier.pk])


def _to_submitted(objects) -> str:
    return reverse("campaigns:dossier_detail", args=[objects.submitted.pk])


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


def _no_body(objects) -> dict[str, Any]:
    return {}


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


def _post_decision(objects) -> dict[str, str]:
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


@dataclass(frozen=True)
class Entry:
    methods: dict[str, dict[str, Any]]
    ids: dict[str, str] = field(default_factory=dict)  # URL id parameter -> attribute of Objects
    data: Callable[[Any], dict[str, Any]] = _no_body


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
    "dossier_submit": Entry(
        {"GET": POST_ONLY, "POST": enterprise_write(Redirect(_to_dossier))}, ids=DRAFT
    ),
    "dossier_return": Entry(
        {"GET": POST_ONLY, "POST": officer_write(Redirect(_to_submitted))},
        ids=SUBMITTED,
        data=_post_return,
    ),
    "screening_decide": Entry(
        {"GET": POST_ONLY, "POST": officer_write(Redirect(_to_submitted))},
        ids={"pk": "submitted", "check_pk": "check"},
        data=_post_decision,
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

PATTERNS: dict[str, URLPattern] = {
    p.name: p for p in campaigns_urls.urlpatterns if isinstance(p, URLPattern)
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


def _cases():
    for pattern in campaigns_urls.urlpatterns:
        entry = TABLE.get(getattr(pattern, "name", None))
        if entry is None:
            continue  # test_campaigns_url_table_covers_every_pattern reports it
        for method in entry.methods:
            yield pytest.param(pattern.name, method, id=f"{pattern.name}-{method}")


def _url(name: str, objects: Objects) -> str:
    entry = TABLE[name]
    kwargs = {param: getattr(objects, entry.ids[param]).pk for param in entry.ids}
    return reverse(f"campaigns:{name}", kwargs=kwargs)


def _int_params(name: str) -> set[str]:
    converters = PATTERNS[name].pattern.converters
    return {param for param, conv in converters.items() if isinstance(conv, IntConverter)}


# Fixtures and helpers --------------------------------------------------------------------


@pytest.fixture
def campaign(db):
    return make_campaign()


@pytest.fixture
def objects(*, campaign, enterprise_a, product_a, rep_a, enterprise_b, product_b, rep_b, officer):
    """Enterprise A with its representative and a dossier, and enterprise B's objects."""
    dossier_a = complete_dossier(actor=rep_a, campaign=campaign, product=product_a)
    return Objects(
        campaign=campaign,
        enterprise_b=enterprise_b,
        product_b=product_b,
        rep_b=rep_b,
        officer=officer,
        dossier_a=dossier_a,
    )


def _login_as(client, request, role: str):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


def _send(client, method: str, url: str, data: dict[str, Any]):
    return client.post(url, data) if method == "POST" else client.get(url)


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        # The test client closes the response once read; closing it again fires
        # request_finished, which closes the test's PostgreSQL connection.
        return b"".join(response.streaming_content)
    return response.content


def _files_on_disk() -> list[tuple[str, int]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(
        (str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*") if p.is_file()
    )


# Every table a request to a campaign or dossier page could write.
WRITABLE = (
    Campaign,
    Target,
    EligibilityRule,
    LegalBasis,
    CriteriaSet,
    Dossier,
    YearFigures,
    FigureVersion,
    Evidence,
    QualityCertificate,
    ScreeningCheck,
    ComputedScore,
    DossierEvent,
    AuditEntry,
)


def _state() -> tuple:
    """Every row of those tables, and the files on disk. Read with plain SQL: it is taken
    twice per role and URL, and the ORM's query building would dominate the run time."""
    with connection.cursor() as cursor:
        rows = []
        for model in WRITABLE:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - our table names
            rows.append(cursor.fetchall())
    return (*rows, _files_on_disk())


def _secrets_of_b(objects: Objects) -> list[bytes]:
    return [
        objects.enterprise_b.name.encode(),
        objects.enterprise_b.tax_code.encode(),
        objects.product_b.name.encode(),
        objects.product_b2.name.encode(),
        objects.product_b_new.name.encode(),
        objects.certificate.number.encode(),
        SECRET_PDF,
    ]


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == LOGIN_PATH
    assert parse_qs(location.query) == {"next": [url]}


# The table-driven test ---------------------------------------------------------------------


def test_campaigns_url_table_covers_every_pattern():
    for pattern in campaigns_urls.urlpatterns:
        assert isinstance(pattern, URLPattern), pattern
    names = [p.name for p in campaigns_urls.urlpatterns]
    assert len(names) == len(set(names))
    assert sorted(name for name in names if name not in TABLE) == []
    assert sorted(set(TABLE) - set(names)) == []
    for name, entry in TABLE.items():
        params = set(PATTERNS[name].pattern.converters)
        assert params == _int_params(name), name
        assert set(entry.ids) == params, name
        assert set(entry.ids.values()) <= set(OWNED_BY_B) | SHARED, name
        for outcomes in entry.methods.values():
            assert set(outcomes) == set(ROLES), name


def test_campaigns_url_table_aims_at_enterprise_b_only(objects, enterprise_a):
    for name, entry in TABLE.items():
        for param, target in entry.ids.items():
            if target in SHARED:
                continue
            owner = OWNED_BY_B[target](getattr(objects, target))
            assert owner == objects.enterprise_b.pk != enterprise_a.pk, (name, param)


def test_objects_of_b_are_what_the_table_expects(objects):
    assert objects.dossier.status == DossierStatus.DRAFT
    assert objects.campaign.status == CampaignStatus.PUBLISHED
    assert objects.dossier.evidence.count() == 4
    assert objects.submitted.status == DossierStatus.SUBMITTED
    assert objects.check.officer_outcome in {ScreeningOutcome.PASS, ScreeningOutcome.FAIL}
    assert objects.score.evidence_verified is False
    assert not Dossier.objects.filter(product=objects.product_b_new).exists()
    with objects.evidence.file.open("rb") as handle:
        assert handle.read() == SECRET_PDF


def _expected(outcome) -> str:
    if isinstance(outcome, Redirect):
        return "302 after a write"
    return "302 to login" if outcome == LOGIN else str(outcome)


def _check_cell(client, *, name, method, role, outcome, url, objects, user, secrets) -> None:
    """One role against one URL, inside a savepoint rolled back afterwards, so that every
    role starts from the same database. The client is shared (building one loads the
    middleware, which is slow); only its cookies are cleared."""
    client.cookies.clear()
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        before = _state()

        response = _send(client, method, url, TABLE[name].data(objects))
        body = _body(response)

        if outcome == LOGIN:
            assert_login_redirect(response, url)
        elif isinstance(outcome, Redirect):
            assert response.status_code == 302
            assert urlsplit(response["Location"]).path == outcome.to(objects)
        else:
            assert response.status_code == outcome

        if isinstance(outcome, Redirect):
            assert _state() != before, "a successful write changed nothing"
        else:
            assert _state() == before, "a refused or read-only request wrote something"

        if role in STRANGERS_TO_B:
            location = response.get("Location", "").encode()
            for secret in secrets:
                assert secret not in body
                assert secret not in location
        transaction.set_rollback(True)


@pytest.mark.parametrize(("name", "method"), list(_cases()))
def test_campaigns_url_answers_each_role_as_tabled(
    client, subtests, *, request, objects, name, method
):
    """Every role, each as a subtest, against one URL of B's objects built once."""
    url = _url(name, objects)
    users = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    secrets = _secrets_of_b(objects)

    for role in ROLES:
        outcome = TABLE[name].methods[method][role]
        with subtests.test(role=role, expected=_expected(outcome)):
            _check_cell(
                client,
                name=name,
                method=method,
                role=role,
                outcome=outcome,
                url=url,
                objects=objects,
                user=users.get(role),
                secrets=secrets,
            )


# What each successful write did ---------------------------------------------------------


def _post(client, user, name: str, objects: Objects):
    client.force_login(user)
    return client.post(_url(name, objects), TABLE[name].data(objects))


def test_rep_b_writes_on_draft_dossier_do_what_they_say(client, *, objects, rep_b):
    dossier = objects.dossier

    _post(client, rep_b, "evidence_upload", objects)
    uploaded = Evidence.objects.get(dossier=dossier, kind=EvidenceKind.PRODUCT_DESCRIPTION)
    with uploaded.file.open("rb") as handle:
        assert handle.read() == NEW_PDF
    _post(client, rep_b, "certificate_add", objects)
    assert dossier.certificates.filter(number="NH-4-0099999").exists()
    _post(client, rep_b, "certificate_remove", objects)
    assert not QualityCertificate.objects.filter(pk=objects.certificate.pk).exists()
    _post(client, rep_b, "evidence_remove", objects)
    assert not Evidence.objects.filter(pk=objects.evidence.pk).exists()
    _post(client, rep_b, "dossier_edit", objects)
    dossier.refresh_from_db()
    assert dossier.startup_statement == "Thuyết minh sửa qua biểu mẫu"
    _post(client, rep_b, "dossier_submit", objects)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


@pytest.mark.parametrize(
    ("name", "status"),
    [("dossier_return", DossierStatus.RETURNED), ("dossier_conclude", None)],
)
def test_officer_status_writes_move_the_submitted_dossier(
    client, *, objects, officer, name, status
):
    _post(client, officer, name, objects)

    objects.submitted.refresh_from_db()
    if status is None:
        assert objects.submitted.status in {DossierStatus.ELIGIBLE, DossierStatus.INELIGIBLE}
    else:
        assert objects.submitted.status == status


def test_officer_screening_writes_record_decision_and_verification(client, *, objects, officer):
    flipped = _post_decision(objects)["outcome"]

    _post(client, officer, "screening_decide", objects)
    _post(client, officer, "computed_verify", objects)

    objects.check.refresh_from_db()
    objects.score.refresh_from_db()
    assert objects.check.officer_outcome == flipped
    assert objects.check.decided_by == officer
    assert objects.score.evidence_verified is True
    assert objects.score.verified_by == officer


def test_evidence_download_is_the_stored_file_privately(client, *, objects, rep_b):
    client.force_login(rep_b)

    response = client.get(_url("evidence_download", objects))

    assert response.status_code == 200
    assert _body(response) == SECRET_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


# Ids of B's children behind a dossier id that is not theirs ------------------------------


@pytest.mark.parametrize(
    ("name", "child", "role", "method"),
    [
        ("evidence_download", "evidence", "rep_a", "GET"),
        ("evidence_remove", "evidence", "rep_a", "POST"),
        ("certificate_remove", "certificate", "rep_a", "POST"),
        ("evidence_download", "evidence", "officer", "GET"),
        ("screening_decide", "check", "officer", "POST"),
        ("computed_verify", "score", "officer", "POST"),
    ],
)
def test_child_of_b_cannot_be_reached_through_another_dossier_url(
    client, request, *, objects, name, child, role, method
):
    """A's dossier id (or B's draft) in the path and B's child id after it: no match."""
    # Evidence and certificates of B's draft behind A's dossier; checks and scores of B's
    # submitted dossier behind B's draft.
    outer = objects.dossier_a if child in {"evidence", "certificate"} else objects.dossier
    target = getattr(objects, child)
    assert target.dossier_id != outer.pk
    child_param = next(p for p in PATTERNS[name].pattern.converters if p != "pk")
    url = reverse(f"campaigns:{name}", kwargs={"pk": outer.pk, child_param: target.pk})
    data = TABLE[name].data(objects)
    client.force_login(request.getfixturevalue(role))
    before = _state()

    response = _send(client, method, url, data)
    body = _body(response)

    assert response.status_code == 404
    assert _state() == before
    assert SECRET_PDF not in body


def test_rep_a_cannot_register_b_product_and_nothing_is_created(
    client, *, objects, rep_a, campaign
):
    client.force_login(rep_a)
    count = Dossier.objects.count()

    response = client.post(
        reverse("campaigns:dossier_create", args=[campaign.pk, objects.product_b_new.pk])
    )

    assert response.status_code == 404
    assert Dossier.objects.count() == count
    assert not Dossier.objects.filter(product=objects.product_b_new).exists()
    assert objects.product_b_new.name.encode() not in response.content


def test_rep_a_probing_b_dossier_looks_like_a_missing_one(client, *, objects, rep_a):
    client.force_login(rep_a)
    missing = Dossier.objects.order_by("-pk").first().pk + 1000

    for_b = client.get(reverse("campaigns:dossier_detail", args=[objects.dossier.pk]))
    for_missing = client.get(reverse("campaigns:dossier_detail", args=[missing]))

    assert for_b.status_code == for_missing.status_code == 404


@pytest.mark.parametrize("status", [MembershipStatus.PENDING, MembershipStatus.REJECTED])
@pytest.mark.parametrize("name", ["dossier_detail", "evidence_download", "dossier_edit"])
def test_unverified_rep_of_b_is_a_stranger_to_b_dossier(client, *, objects, status, name):
    user = UserFactory(username="rep_cho", roles=[Role.ENTERPRISE_REP])
    MembershipFactory(user=user, enterprise=objects.enterprise_b, status=status)
    client.force_login(user)

    response = client.get(_url(name, objects))

    assert response.status_code == 404
    assert SECRET_PDF not in _body(response)
    assert objects.enterprise_b.name.encode() not in response.content


# A returned dossier opens again for its representative only -------------------------------


def test_returned_dossier_is_editable_by_rep_b_only(client, *, objects, rep_b, rep_a, officer):
    services.dossier_return(actor=officer, dossier=objects.submitted, comment="Bổ sung")
    url = reverse("campaigns:dossier_edit", args=[objects.submitted.pk])

    client.force_login(rep_b)
    assert client.get(url).status_code == 200
    client.force_login(officer)
    assert client.get(url).status_code == 403
    client.force_login(rep_a)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["dossier_edit", "evidence_upload", "certificate_add", "dossier_submit"]
)
def test_rep_b_cannot_write_a_submitted_dossier(client, *, objects, rep_b, name):
    url = reverse(f"campaigns:{name}", args=[objects.submitted.pk])
    client.force_login(rep_b)
    before = _state()

    response = _send(client, "POST", url, TABLE[name].data(objects))

    assert response.status_code == 403
    assert _state() == before


# Campaign pages -------------------------------------------------------------------------


@pytest.fixture
def draft_campaign(db):
    return make_campaign(year=2027, status=CampaignStatus.DRAFT, name=DRAFT_CAMPAIGN_NAME)


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        ("anonymous", LOGIN),
        ("officer", OK),
        ("admin_user", OK),
        ("leader", OK),
        ("council_member", NOT_FOUND),
        ("agency_officer", NOT_FOUND),
        ("outsider", NOT_FOUND),
        ("rep_a", NOT_FOUND),
        ("rep_b", NOT_FOUND),
    ],
)
def test_draft_campaign_is_seen_by_staff_only(
    client, request, *, draft_campaign, rep_a, rep_b, role, outcome
):
    url = reverse("campaigns:campaign_detail", args=[draft_campaign.pk])
    _login_as(client, request, role)

    detail = client.get(url)
    listing = client.get(reverse("campaigns:campaign_list"))

    if outcome == LOGIN:
        assert_login_redirect(detail, url)
        return
    assert detail.status_code == outcome
    assert listing.status_code == 200
    shown = DRAFT_CAMPAIGN_NAME in listing.content.decode()
    assert shown is (outcome == OK)
    if outcome == NOT_FOUND:
        assert DRAFT_CAMPAIGN_NAME.encode() not in detail.content


@pytest.mark.parametrize("role", ["officer", "leader", "council_member", "rep_a", "rep_b"])
def test_published_campaign_is_listed_for_everyone_logged_in(client, request, *, campaign, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("campaigns:campaign_list"))

    assert response.status_code == 200
    assert campaign.name in response.content.decode()


def test_my_dossiers_lists_only_own_enterprise(client, *, objects, rep_a, rep_b, product_a):
    client.force_login(rep_a)
    body_a = client.get(reverse("campaigns:my_dossiers")).content.decode()
    client.force_login(rep_b)
    body_b = client.get(reverse("campaigns:my_dossiers")).content.decode()

    assert product_a.name in body_a
    assert objects.product_b.name not in body_a
    assert objects.enterprise_b.name not in body_a
    assert objects.product_b.name in body_b
    assert product_a.name not in body_b


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_campaign_dossier_list_shows_staff_every_enterprise(
    client, request, *, objects, product_a, role
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("campaigns:campaign_dossiers", args=[objects.campaign.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert product_a.name in body
    assert objects.product_b.name in body
    assert objects.enterprise_b.name in body


def test_campaign_detail_offers_rep_a_only_own_products(
    client, *, objects, rep_a, product_a, officer
):
    url = reverse("campaigns:campaign_detail", args=[objects.campaign.pk])
    client.force_login(rep_a)
    body = client.get(url).content.decode()
    client.force_login(officer)
    staff_body = client.get(url).content.decode()

    assert product_a.name in body
    assert objects.product_b_new.name not in body
    assert 'class="table funnel"' not in body  # the funnel is for staff
    assert 'class="table funnel"' in staff_body


@pytest.mark.parametrize("name", ["criteria_list", "criteria_detail", "criteria_export"])
def test_criteria_pages_redirect_logged_out_visitor(client, *, campaign, name):
    kwargs = {"pk": campaign.criteria_set_id} if name != "criteria_list" else {}
    url = reverse(f"campaigns:{name}", kwargs=kwargs)

    assert_login_redirect(client.get(url), url)


# Query counts -------------------------------------------------------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _add_dossiers(n: int, *, campaign, actor, enterprise=None, start: int = 0) -> list[Dossier]:
    """n complete dossiers over the industry groups; every other one submitted."""
    groups = list(IndustryGroup.objects.order_by("position"))
    made = []
    for i in range(start, start + n):
        owner = enterprise or EnterpriseFactory()
        product = ProductFactory(enterprise=owner, industry_group=groups[i % len(groups)])
        dossier = complete_dossier(actor=actor, campaign=campaign, product=product)
        if i % 2:
            services.dossier_submit(actor=actor, dossier=dossier)
        made.append(dossier)
    return made


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("officer", "campaign_dossiers"),
        ("leader", "campaign_dossiers"),
        ("officer", "campaign_detail"),
        ("leader", "campaign_detail"),
        ("rep_a", "campaign_detail"),
        ("officer", "campaign_list"),
        ("rep_a", "campaign_list"),
        ("rep_a", "my_dossiers"),
        ("officer", "my_dossiers"),
    ],
)
def test_campaign_pages_query_count_is_fixed(
    client, request, *, campaign, enterprise_a, rep_a, role, page
):
    """1 dossier, then 20 (for rep_a: of their own enterprise, so they are on the page)."""
    client.force_login(request.getfixturevalue(role))
    enterprise = enterprise_a if role == "rep_a" else None
    # Other enterprises' dossiers are lodged by an officer, as the rule allows.
    actor = rep_a if role == "rep_a" else request.getfixturevalue("officer")
    url = reverse(f"campaigns:{page}", args=[campaign.pk] if page.startswith("campaign_d") else [])
    _add_dossiers(1, campaign=campaign, actor=actor, enterprise=enterprise)
    client.get(url)  # warm per-process caches
    one = _count(client, url)

    _add_dossiers(19, campaign=campaign, actor=actor, enterprise=enterprise, start=1)
    if page == "campaign_list":
        for year in (2023, 2024, 2025):
            make_campaign(year=year)
    many = _count(client, url)

    assert Dossier.objects.filter(campaign=campaign).count() == 20
    assert many == one


def _dossier_with(n: int, *, campaign, rep, enterprise, submitted: bool) -> Dossier:
    """A dossier of ``enterprise`` with n evidence files and n certificates."""
    product = ProductFactory(enterprise=enterprise)
    if submitted:
        dossier = complete_dossier(actor=rep, campaign=campaign, product=product)
        extra = n - dossier.evidence.count()
    else:
        dossier = services.dossier_create(actor=rep, campaign=campaign, product=product)
        extra = n
    for i in range(extra):
        services.evidence_upload(
            actor=rep,
            dossier=dossier,
            kind=EvidenceKind.OTHER,
            upload=SimpleUploadedFile(f"them-{i}.pdf", demo_pdf(f"Them {i}")),
        )
    for i in range(n):
        services.certificate_add(
            actor=rep,
            dossier=dossier,
            kind=CertificateKind.ISO9001,
            number=f"ISO-{product.pk}-{i}",
            valid_until=dt.date(campaign.year + 2, 12, 31),
        )
    if submitted:
        services.dossier_submit(actor=rep, dossier=dossier)
    dossier.refresh_from_db()
    return dossier


@pytest.mark.parametrize("role", ["officer", "leader", "rep_a"])
@pytest.mark.parametrize(("submitted", "few"), [(False, 1), (True, 3)])
def test_dossier_detail_query_count_is_fixed(
    client, request, *, campaign, enterprise_a, rep_a, role, submitted, few
):
    small = _dossier_with(
        few, campaign=campaign, rep=rep_a, enterprise=enterprise_a, submitted=submitted
    )
    large = _dossier_with(
        10, campaign=campaign, rep=rep_a, enterprise=enterprise_a, submitted=submitted
    )
    assert small.evidence.count() == few
    assert large.evidence.count() == large.certificates.count() == 10
    client.force_login(request.getfixturevalue(role))
    small_url = reverse("campaigns:dossier_detail", args=[small.pk])
    client.get(small_url)  # warm per-process caches

    assert _count(client, reverse("campaigns:dossier_detail", args=[large.pk])) == _count(
        client, small_url
    )


# History -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_dossier_history_shows_evidence_and_figure_changes(client, request, *, objects, role):
    """Dossier audit rows name reverse relations ("evidence", "figures"): they render."""
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("campaigns:dossier_history", args=[objects.dossier.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert objects.evidence.original_name in body
    assert "v1" in body  # the first version of the figures
