"""The hostile text corpus (tests/security/corpus.py) in every field of every form.

Forms are discovered from the pages: each route names the page a person opens, who opens
it and which form on it they send; the test reads the form from the HTML (its fields,
hidden values, first options), then sends it once per payload with every text field set
to the payload (fitted to the field's maxlength, except the 10,000-character string), and
once with every field, choices and numbers included, set to it. Expected: never a server
error; either the form comes back with a message and nothing is written (no audit row),
or a clean save whose pages show the payload escaped. Each submission is rolled back, so
every payload meets the same world.

A second test fails when a form class of ``chuluc/*/forms.py`` is neither sent through a
route nor listed in ``NOT_SENT`` with the state it would need."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote_plus, urljoin

import lxml.html
import pytest
from django import forms
from django.db import transaction
from django.urls import reverse

import chuluc
from chuluc.accounts.enums import MembershipStatus, Role
from chuluc.campaigns import services as campaign_services
from chuluc.core.models import AuditEntry
from chuluc.council import services as council_services
from chuluc.decisions import services as decision_services
from chuluc.monitoring import services as monitoring_services
from chuluc.monitoring.enums import Quarter
from chuluc.support import services as support_services
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.campaigns import complete_dossier, make_campaign
from tests.factories.decisions import closed_council, decided, published
from tests.factories.production import loaded
from tests.factories.registry import EnterpriseFactory, ProductFactory
from tests.factories.support import make_policy, raise_difficulty
from tests.security.corpus import Text, texts

FREE_TEXT = {"text", "search"}  # filled in "text" mode; every other input only in "all" mode
ERROR_MARKERS = ('role="alert"', 'class="error"', "msg-error", "has-error")
LONG = "long-10k"


@dataclass(frozen=True)
class Route:
    """``page``: URL name and args builder; ``action``: the form's URL name (None: the page
    itself); ``user``: who sends it (None: a visitor)."""

    id: str
    forms: tuple[str, ...]
    user: str | None
    page: tuple
    action: tuple | None = None
    method: str = "post"
    has: str | None = None  # the page's form holding this field, when several post there


def _r(name, *keys):
    return (name, keys)


ROUTES = [
    # accounts
    Route("login", ("LoginForm",), None, _r("accounts:login")),
    Route("register", ("SelfRegistrationForm",), None, _r("accounts:register")),
    Route(
        "password-change", ("AuditedPasswordChangeForm",), "rep_a", _r("accounts:password_change")
    ),
    Route("api-token", ("ApiTokenForm",), "officer", _r("accounts:api_tokens")),
    Route(
        "membership",
        ("MembershipDecisionForm",),
        "officer",
        _r("accounts:membership_list"),
        _r("accounts:membership_decide", "pending_membership"),
    ),
    # registry
    Route("enterprise-new", ("EnterpriseForm",), "officer", _r("registry:enterprise_create")),
    Route(
        "enterprise-edit",
        ("EnterpriseForm",),
        "rep_a",
        _r("registry:enterprise_edit", "enterprise_a"),
    ),
    Route(
        "product-new", ("ProductForm",), "officer", _r("registry:product_create", "enterprise_a")
    ),
    Route("product-edit", ("ProductForm",), "officer", _r("registry:product_edit", "product_a")),
    Route(
        "contact",
        ("ContactForm",),
        "officer",
        _r("registry:enterprise_detail", "enterprise_a"),
        _r("registry:contact_add", "enterprise_a"),
    ),
    Route(
        "top500",
        ("Top500Form",),
        "officer",
        _r("registry:enterprise_detail", "enterprise_a"),
        _r("registry:top500_add", "enterprise_a"),
    ),
    Route(
        "product-image",
        ("ProductImageForm",),
        "officer",
        _r("registry:product_detail", "product_a"),
        _r("registry:product_image_add", "product_a"),
    ),
    Route("import", ("ImportUploadForm",), "officer", _r("registry:import_list")),
    Route(
        "enterprise-filter",
        ("EnterpriseFilterForm",),
        "officer",
        _r("registry:enterprise_list"),
        method="get",
    ),
    Route(
        "product-filter",
        ("ProductFilterForm",),
        "officer",
        _r("registry:product_list"),
        method="get",
    ),
    # campaigns
    Route(
        "campaign-new",
        ("CampaignCopyForm", "FirstCampaignForm"),
        "officer",
        _r("campaigns:campaign_new"),
    ),
    Route(
        "campaign-edit",
        ("CampaignForm",),
        "officer",
        _r("campaigns:campaign_edit", "open_campaign"),
    ),
    Route(
        "campaign-target",
        ("TargetForm",),
        "officer",
        _r("campaigns:campaign_detail", "open_campaign"),
        _r("campaigns:campaign_target", "open_campaign"),
    ),
    Route(
        "campaign-rule",
        ("RuleForm",),
        "officer",
        _r("campaigns:campaign_detail", "open_campaign"),
        _r("campaigns:campaign_rule", "open_campaign"),
    ),
    Route(
        "campaign-legal",
        ("LegalBasisForm",),
        "officer",
        _r("campaigns:campaign_detail", "open_campaign"),
        _r("campaigns:campaign_legal_basis", "open_campaign"),
    ),
    Route("criteria-import", ("CriteriaImportForm",), "officer", _r("campaigns:criteria_import")),
    Route(
        "dossier-filter",
        ("DossierFilterForm",),
        "officer",
        _r("campaigns:campaign_dossiers", "open_campaign"),
        method="get",
    ),
    Route("dossier-edit", ("DossierForm",), "rep_a", _r("campaigns:dossier_edit", "draft")),
    Route(
        "evidence",
        ("EvidenceForm",),
        "rep_a",
        _r("campaigns:dossier_detail", "draft"),
        _r("campaigns:evidence_upload", "draft"),
    ),
    Route(
        "certificate",
        ("CertificateForm",),
        "rep_a",
        _r("campaigns:dossier_detail", "draft"),
        _r("campaigns:certificate_add", "draft"),
    ),
    Route(
        "return",
        ("ReturnForm",),
        "officer",
        _r("campaigns:dossier_detail", "submitted"),
        _r("campaigns:dossier_return", "submitted"),
    ),
    Route(
        "screening",
        ("ScreeningDecisionForm",),
        "officer",
        _r("campaigns:dossier_detail", "submitted"),
        _r("campaigns:screening_decide", "submitted", "check"),
    ),
    Route(
        "conclude",
        ("ConcludeForm",),
        "officer",
        _r("campaigns:dossier_detail", "submitted"),
        _r("campaigns:dossier_conclude", "submitted"),
    ),
    # council
    Route(
        "council-new",
        ("CouncilForm",),
        "officer",
        _r("council:campaign_council", "open_campaign"),
    ),
    Route(
        "member",
        ("MemberForm",),
        "officer",
        _r("council:home", "council"),
        _r("council:member_add", "council"),
    ),
    Route(
        "assignment",
        ("AssignmentForm",),
        "officer",
        _r("council:home", "council"),
        _r("council:assignment_set", "council"),
    ),
    Route(
        "round",
        ("RoundForm",),
        "officer",
        _r("council:home", "closed_council"),
        _r("council:round_open", "closed_council"),
    ),
    Route(
        "reopen",
        ("ReopenForm",),
        "chair",
        _r("council:home", "closed_council"),
        _r("council:assessment_reopen", "closed_council"),
    ),
    Route(
        "correction-decide",
        ("CorrectionDecisionForm",),
        "chair",
        _r("council:results", "closed_council"),
        _r("council:correction_decide", "closed_council", "correction"),
    ),
    # decisions
    Route(
        "comment",
        ("CommentForm",),
        None,
        _r("decisions:comment_page", "published_year"),
    ),
    Route(
        "answer",
        ("ModerateForm", "AnswerForm", "WithdrawForm"),
        "officer",
        _r("decisions:comment_detail", "comment"),
    ),
    Route("decision", ("DecisionForm",), "officer", _r("decisions:decision", "published_campaign")),
    Route(
        "past-decision",
        ("PastDecisionForm",),
        "officer",
        _r("decisions:decision_past", "past_campaign"),
    ),
    Route(
        "revoke",
        ("RevokeForm",),
        "officer",
        _r("decisions:recognition_detail", "recognition"),
    ),
    # monitoring
    Route("period", ("PeriodForm",), "officer", _r("monitoring:periods")),
    Route("report", ("FirmReportForm",), "rep_a", _r("monitoring:report_submit")),
    Route("report-upload", ("ReportUploadForm",), "rep_a", _r("monitoring:report_upload")),
    Route("report-check", ("CheckForm",), "officer", _r("monitoring:report_detail", "report")),
    # support
    Route("policy", ("PolicyForm",), "officer", _r("support:policies")),
    Route("budget", ("BudgetLineForm",), "officer", _r("support:policy_detail", "policy")),
    Route("record", ("RecordForm",), "officer", _r("support:record_create")),
    Route("request", ("RequestForm",), "rep_a", _r("support:request_create")),
    Route("decide", ("DecideForm",), "officer", _r("support:request_detail", "support_request")),
    Route(
        "request-record",
        ("RequestRecordForm",),
        "officer",
        _r("support:request_detail", "approved_request"),
    ),
    Route("event", ("EventForm",), "officer", _r("support:events")),
    Route("participant", ("ParticipantForm",), "officer", _r("support:event_detail", "event")),
    Route("dialogue", ("DialogueForm",), "officer", _r("support:dialogues")),
    Route("difficulty", ("DifficultyForm",), "rep_a", _r("support:difficulty_create")),
    Route("move", ("MoveForm",), "officer", _r("support:difficulty_detail", "difficulty")),
    Route("listing", ("ListingForm",), "rep_a", _r("support:listing_create")),
    Route(
        "connection-request",
        ("ConnectionRequestForm",),
        "rep_a",
        _r("support:listing_detail", "board_listing"),
    ),
    Route("partner", ("PartnerForm",), "officer", _r("support:partners")),
    Route("connection", ("ConnectionForm",), "officer", _r("support:connections")),
    # production index
    Route("base-year", ("BaseYearForm",), "officer", _r("production:base_years")),
    Route(
        "pull",
        ("PullForm",),
        "officer",
        _r("production:base_year_detail", "base_year"),
        has="year",
    ),
    Route(
        "discontinue",
        ("DiscontinueForm",),
        "officer",
        _r("production:base_year_detail", "base_year"),
        has="month",
    ),
    Route("published-growth", ("PublishedGrowthForm",), "officer", _r("production:published")),
    Route("iip-filter", ("IndexFilterForm",), "officer", _r("production:index"), method="get"),
    # portal
    Route("directory", ("DirectoryForm",), None, _r("portal:products"), method="get"),
    Route("verify", ("VerifyForm",), None, _r("portal:verify"), method="get"),
]

# Form classes not sent yet, each with the state it needs (known gaps, docs/reliability.md).
NOT_SENT = {
    "AuditedSetPasswordForm": "reached only through a mailed one-time link; its fields are "
    "AuditedPasswordChangeForm's, which is sent",
    "ConflictForm": "a council member's page during an open round",
    "CorrectionForm": "a closed round's correction request by a member",
    "TieVoteForm": "shown only on a tie",
    "PublishForm": "a closed council not yet published",
    "UploadForm": "a file field only: the upload corpus sends it (test_hostile_uploads.py)",
    "SubmitForm": "the declaration's checkbox only: no text to send",
    "DeleteDraftForm": "a confirmation checkbox only: no text to send",
    "JoinForm": "no text to send: a button, an enterprise and a number of booths "
    "(tests/support/test_trade_events.py sends bad ones)",
    "ConfirmForm": "an answered difficulty, on its enterprise's page "
    "(tests/support/test_difficulty_page.py sends it made-up answers)",
    "NotificationPreferencesForm": "choices only: no text to send "
    "(tests/core/test_notifications.py sends a choice that does not exist)",
}


# --------------------------------------------------------------------------- world


@pytest.fixture
def world(officer, rep_a, enterprise_a, product_a, settings):
    settings.COMMENT_MIN_SECONDS = 0
    settings.COMMENT_LIMIT_PER_HOUR = 100_000
    w = {"officer": officer, "rep_a": rep_a, "enterprise_a": enterprise_a, "product_a": product_a}
    w["pending_membership"] = MembershipFactory(
        user=UserFactory(username="xin_dai_dien", roles=[Role.ENTERPRISE_REP]),
        enterprise=enterprise_a,
        status=MembershipStatus.PENDING,
    )
    commented = EnterpriseFactory(name="Công ty Góp Ý")
    MembershipFactory(user=rep_a, enterprise=commented)  # rep_a submits its dossiers too
    rescored = EnterpriseFactory(name="Công ty Chấm Lại")
    MembershipFactory(user=rep_a, enterprise=rescored)
    done = decided(officer=officer, rep=rep_a, enterprise=enterprise_a, year=2025, number="9/QĐ")
    w["recognition"] = done["decision"].recognitions.order_by("rank").first()
    pub = published(officer=officer, rep=rep_a, enterprise=commented, year=2026)
    w["council"], w["published_campaign"] = pub["council"], pub["campaign"]
    w["published_year"] = pub["campaign"].year
    w["comment"] = decision_services.comment_submit(
        publication=pub["publication"],
        entry=pub["publication"].entries.first(),
        author_name="Lê Dân",
        author_contact="dan@example.vn",
        text="Góp ý thử",
        address="10.0.0.1",
    )
    # a council whose round is locked and not yet published (a new round, the chair's
    # reopening and decision on a correction; the decision of a past year recorded afterwards)
    closed = closed_council(officer=officer, rep=rep_a, enterprise=rescored, year=2024)
    w["closed_council"], w["past_campaign"] = closed["council"], closed["campaign"]
    w["chair"] = closed["members"]["chu_tich"].user
    score = closed["council"].rounds.get().scores.order_by("pk").first()
    w["correction"] = council_services.correction_request(
        actor=score.member.user, score=score, new_value=Decimal(1), reason="Nhập nhầm"
    )
    w["open_campaign"] = make_campaign(year=2027)
    enterprise_a.hq_in_hanoi, enterprise_a.email = True, "a@example.vn"
    enterprise_a.save()
    w["draft"] = campaign_services.dossier_create(
        actor=rep_a, campaign=w["open_campaign"], product=product_a
    )
    submitted = complete_dossier(
        actor=rep_a,
        campaign=w["open_campaign"],
        product=ProductFactory(enterprise=enterprise_a, name="Sản phẩm đã nộp"),
    )
    w["submitted"] = campaign_services.dossier_submit(actor=rep_a, dossier=submitted)
    w["check"] = w["submitted"].screening.first()
    period = monitoring_services.period_create(
        actor=officer, year=2025, quarter=Quarter.YEAR, due_on=dt.date(2026, 3, 31)
    )
    w["report"] = monitoring_services.firm_report_submit(
        actor=rep_a,
        enterprise=enterprise_a,
        period=period,
        revenue_vnd=Decimal(10**12),
        production_value_vnd=Decimal(10**12),
        export_usd=Decimal(10**6),
        employees=100,
    )
    w["policy"] = make_policy(officer)
    w["support_request"] = support_services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=w["policy"], description="Xin hỗ trợ"
    )
    approved = support_services.support_request_submit(
        actor=rep_a, enterprise=enterprise_a, policy=make_policy(officer), description="Xin hỗ trợ"
    )
    # approved without recording the support: the page then offers the ledger form alone
    w["approved_request"] = support_services.support_request_decide(
        actor=officer, support_request=approved, status="approved"
    )
    w["event"] = support_services.trade_event_create(
        actor=officer,
        name="Hội chợ thử",
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 5, 3),
        venue="Hà Nội",
    )
    w["difficulty"] = raise_difficulty(rep_a, enterprise_a)
    support_services.dialogue_create(
        actor=officer, title="Đối thoại thử", held_on=dt.date(2026, 4, 1), chair="Chủ trì"
    )
    support_services.partner_create(actor=officer, name="Đối tác thử")
    w["board_listing"] = support_services.listing_create(
        actor=officer,
        enterprise=EnterpriseFactory(name="Công ty Chào Bán"),
        kind="offer",
        subject="product",
        title="Chào bán thử",
    )

    w["base_year"] = loaded(officer)
    return w


# --------------------------------------------------------------------------- sending


def _url(spec, world) -> str:
    name, keys = spec
    args = [getattr(world[k], "pk", world[k]) for k in keys]
    return reverse(name, args=args)


def _form(page: bytes, page_url: str, action_url: str, has: str | None = None):
    doc = lxml.html.fromstring(page, base_url="http://testserver" + page_url)
    candidates = [
        f
        for f in doc.forms
        if urljoin(page_url, f.get("action") or page_url).split("?")[0] == action_url
        and (has is None or f.xpath(f".//*[@name='{has}']"))
    ]
    # the form with the most fields: a page may also carry small forms to the same address
    return max(candidates, key=lambda f: len(f.inputs), default=None)


def _fields(form) -> list[tuple[str, str, str]]:
    """(name, kind, default) of every control a browser would send."""
    out = []
    for element in form.inputs:
        name = element.name
        if not name or name == "csrfmiddlewaretoken":
            continue
        tag = element.tag
        if tag == "textarea":
            out.append((name, "text", element.text or ""))
        elif tag == "select":
            options = [o.get("value", o.text or "") for o in element.xpath(".//option")]
            selected = element.xpath(".//option[@selected]")
            chosen = (
                selected[0].get("value", "") if selected else next((o for o in options if o), "")
            )
            out.append((name, "choice", chosen))
        else:
            kind = (element.get("type") or "text").lower()
            if kind in {"submit", "image", "button", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"}:
                if element.get("checked") is not None or kind == "checkbox":
                    out.append((name, "check", element.get("value") or "on"))
                continue
            if kind == "hidden":
                out.append((name, "hidden", element.get("value") or ""))
            else:
                maxlength = element.get("maxlength")
                out.append(
                    (name, "text" if kind in FREE_TEXT else kind, element.get("value") or "")
                )
                if maxlength and out[-1][1] == "text":
                    out[-1] = (name, f"text:{maxlength}", out[-1][2])
    # a browser sends the button clicked: the first one with a name
    buttons = form.xpath(".//button[@name] | .//input[@type='submit'][@name]")
    if buttons and buttons[0].get("name") not in {n for n, _k, _d in out}:
        out.append((buttons[0].get("name"), "button", buttons[0].get("value") or ""))
    return out


def _fit(value: str, kind: str, payload: Text) -> str:
    if kind.startswith("text:") and payload.id != LONG:
        return value[: int(kind.split(":")[1])]
    return value


def _encode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(
        f"{quote_plus(k)}={quote_plus(v.encode('utf-8', 'surrogatepass'))}" for k, v in pairs
    )


def _send(client, method: str, url: str, pairs):
    body = _encode(pairs)
    if method == "get":
        return client.get(f"{url}?{body}", follow=True)
    return client.post(url, body, content_type="application/x-www-form-urlencoded", follow=True)


OUTCOMES: Counter = Counter()


class _Rollback(Exception):
    pass


def _attempt(client, route: Route, url: str, pairs, payload: Text) -> list[str]:
    problems: list[str] = []
    try:
        with transaction.atomic():
            audits = AuditEntry.objects.count()
            try:
                response = _send(client, route.method, url, pairs)
            except Exception as exc:
                problems.append(f"server error {type(exc).__name__}: {str(exc)[:160]}")
                raise _Rollback from None
            page = response.content.decode(errors="replace")
            if response.status_code >= 500:
                problems.append(f"status {response.status_code}")
            for danger in payload.dangerous:
                if danger in page:
                    problems.append(f"raw {danger!r} in the page")
            saved = AuditEntry.objects.count() > audits
            OUTCOMES[route.id, "saved" if saved else "not saved"] += 1
            if route.method == "post" and not saved and not any(m in page for m in ERROR_MARKERS):
                problems.append(f"nothing saved and no message (status {response.status_code})")
            raise _Rollback
    except _Rollback:
        pass
    return problems


def _check_route(client, world, route: Route) -> dict[str, list[str]]:
    user = world[route.user] if route.user else None
    if user is not None:
        client.force_login(user)
    else:
        client.logout()
    page_url = _url(route.page, world)
    action_url = _url(route.action, world) if route.action else page_url
    page = client.get(page_url)
    assert page.status_code == 200, (route.id, page.status_code)
    form = _form(page.content, page_url, action_url, route.has)
    assert form is not None, f"{route.id}: no form to {action_url} on {page_url}"
    fields = _fields(form)
    assert [n for n, kind, _d in fields if kind not in {"hidden", "button"}], route.id
    failures = {}
    for payload in texts():
        for mode in ("text", "all"):
            pairs = []
            for name, kind, default in fields:
                hostile = kind.startswith("text") or (
                    mode == "all" and kind not in {"hidden", "button"}
                )
                pairs.append((name, _fit(payload.value, kind, payload) if hostile else default))
            problems = _attempt(client, route, action_url, pairs, payload)
            if problems:
                failures[f"{route.id}/{payload.id}/{mode}"] = problems
    return failures


GROUPS = {
    "accounts-registry": [
        r
        for r in ROUTES
        if r.id
        in {
            "login",
            "register",
            "password-change",
            "api-token",
            "membership",
            "enterprise-new",
            "enterprise-edit",
            "product-new",
            "product-edit",
            "contact",
            "top500",
            "product-image",
            "import",
            "enterprise-filter",
            "product-filter",
            "directory",
            "verify",
        }
    ],
    "campaigns-council-decisions": [
        r
        for r in ROUTES
        if r.id
        in {
            "campaign-new",
            "campaign-edit",
            "campaign-target",
            "campaign-rule",
            "campaign-legal",
            "criteria-import",
            "dossier-filter",
            "dossier-edit",
            "evidence",
            "certificate",
            "return",
            "screening",
            "conclude",
            "council-new",
            "member",
            "assignment",
            "round",
            "reopen",
            "correction-decide",
            "comment",
            "answer",
            "decision",
            "past-decision",
            "revoke",
        }
    ],
    "production": [
        r
        for r in ROUTES
        if r.id in {"base-year", "pull", "discontinue", "published-growth", "iip-filter"}
    ],
    "monitoring-support": [
        r
        for r in ROUTES
        if r.id
        in {
            "period",
            "report",
            "report-upload",
            "report-check",
            "policy",
            "budget",
            "record",
            "request",
            "decide",
            "request-record",
            "event",
            "participant",
            "dialogue",
            "difficulty",
            "move",
            "listing",
            "connection-request",
            "partner",
            "connection",
        }
    ],
}


def test_every_route_is_in_a_group():
    grouped = [r.id for routes in GROUPS.values() for r in routes]
    assert sorted(grouped) == sorted(r.id for r in ROUTES)


@pytest.mark.parametrize("group", list(GROUPS))
def test_hostile_text_in_every_field_never_breaks_a_form(client, world, group, record_property):
    failures = {}
    for route in GROUPS[group]:
        failures.update(_check_route(client, world, route))
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
    outcomes = {k: v for k, v in OUTCOMES.items() if k[0] in {r.id for r in GROUPS[group]}}
    record_property("outcomes", sorted(outcomes.items()))
    # the save path was walked, not only the refusals
    saved = {route for (route, outcome) in outcomes if outcome == "saved"}
    assert saved, sorted(outcomes.items())


def _form_classes() -> set[str]:
    names = set()
    for module_info in pkgutil.iter_modules(chuluc.__path__):
        try:
            module = importlib.import_module(f"chuluc.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and value.base_fields
            ):
                names.add(name)
    return names


def test_every_form_class_is_covered():
    covered = {name for route in ROUTES for name in route.forms} | set(NOT_SENT)
    base_classes = {"RecordFields"}  # sent as RecordForm, RequestRecordForm and DecideForm
    assert sorted(_form_classes() - covered - base_classes) == []
