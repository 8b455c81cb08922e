"""Who may open which page of the campaigns and dossiers, for every role and logged out.

The table is tests/campaigns/access_table.py: one entry per URL pattern of the
``campaigns`` namespace, saying what each role gets for each HTTP method. The parametrised test walks
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
from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.campaigns import services
from chuluc.campaigns import urls as campaigns_urls
from chuluc.campaigns.enums import (
    CampaignStatus,
    CertificateKind,
    DossierStatus,
    EvidenceKind,
    ScreeningOutcome,
)
from chuluc.campaigns.models import (
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
from tests.access import (
    LOGIN,
    NOT_FOUND,
    OK,
    STRANGERS_TO_B,
    assert_login_redirect,
    assert_table_covers,
    cases,
    check_row,
    int_params,
    login_as,
    patterns_of,
    read_body,
    rows_of,
    send,
    url_of,
    users_of,
)
from tests.campaigns.access_table import (
    NEW_PDF,
    OWNED_BY_B,
    ROLES,
    SHARED,
    TABLE,
    post_decision,
)
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.campaigns import complete_dossier, make_campaign
from tests.factories.registry import EnterpriseFactory, ProductFactory

SECRET_PDF = demo_pdf("Bao cao rieng cua doanh nghiep B - khong duoc lo")
DRAFT_CAMPAIGN_NAME = "Đợt xét chọn nội bộ chưa công bố 2027"
PATTERNS = patterns_of(campaigns_urls.urlpatterns)


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


def _url(name: str, objects: Objects) -> str:
    return url_of("campaigns", name, TABLE[name], objects)


# Fixtures and helpers --------------------------------------------------------------------


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


# Every table a request to a campaign or dossier page could write, and the files on disk.
_state = rows_of(
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


# The table-driven test ---------------------------------------------------------------------


def test_campaigns_url_table_covers_every_pattern():
    assert_table_covers(campaigns_urls.urlpatterns, TABLE, roles=ROLES)
    for name, entry in TABLE.items():
        assert (
            set(entry.ids) == int_params(PATTERNS[name]) == set(PATTERNS[name].pattern.converters)
        )
        assert set(entry.ids.values()) <= set(OWNED_BY_B) | SHARED, name


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


@pytest.mark.parametrize(
    ("name", "method", "variant"), list(cases(campaigns_urls.urlpatterns, TABLE))
)
def test_campaigns_url_answers_each_role_as_tabled(
    client, subtests, *, request, objects, name, method, variant
):
    """Every role, each as a subtest, against one URL of B's objects built once."""
    secrets = _secrets_of_b(objects)
    check_row(
        client,
        subtests,
        url=_url(name, objects),
        outcomes=TABLE[name].methods[method],
        users=users_of(request, ROLES),
        secrets_of=lambda role: secrets if role in STRANGERS_TO_B else (),
        method=method,
        data=TABLE[name].data,
        objects=objects,
        state=_state,
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
    flipped = post_decision(objects)["outcome"]

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
    assert read_body(response) == SECRET_PDF
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

    response = send(client, method, url, data)
    body = read_body(response)

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
    assert SECRET_PDF not in read_body(response)
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

    response = send(client, "POST", url, TABLE[name].data(objects))

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
    login_as(client, request, role)

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
