"""Accessibility: axe-core in Chromium on the public pages and every role's main pages, in
Vietnamese and English, on a desktop and a phone screen.

Each page is opened as the person who uses it (a visitor, the officer, an agency's officer,
the leader, the council's chair, secretary and a member, an enterprise's representative),
in each language (the language switch's cookie), and axe-core (installed from npm, never a
CDN) runs on the whole document at 1280×900 and again at 390×844 (the same page resized: the
phone layout is CSS media queries), against WCAG 2.0/2.1 A and AA and axe's best practices
(landmarks, empty table headers...); the test fails on any violation of impact "serious" or
"critical"; moderate and minor ones are printed for a human to read
(``docs/accessibility.md`` is the report).
The pages' addresses come from the seeded demo data, read once through ``chuluc shell``;
nothing is written. A last test walks the login form with the keyboard.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # What axe checks is the rendered HTML, the same on every database: CI runs it once, in the
    # SQLite browser step (the PostgreSQL step runs the journeys).
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="accessibility is checked in the SQLite browser run; the markup does not "
        "depend on the database",
    ),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
RUN_AXE = """async (tags) => {
  // resultTypes: only the violations are wanted in full (faster on long pages)
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""

# Two frames: layout and resize observers after a viewport change run before the second.
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

# Who opens the page: None is a visitor; the others are demo logins, or a role that the
# discovery resolves to a demo login (the representative of an enterprise with a draft).
OFFICER = "canbo"
AGENCY = "sokhcn"
LEADER = "lanhdao"
CHAIR = "chutich"
SECRETARY = "thuky"
MEMBER = "hoidong"
REPRESENTATIVE = "representative"
LANGUAGES = ["vi", "en"]
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Reads the seeded database once and prints the pages' addresses as one JSON line.
DISCOVER = """
import json
from django.urls import reverse
from chuluc.accounts.models import EnterpriseMembership
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.council.enums import SCORABLE_STATUSES
from chuluc.council.models import Council, Member, Round
from chuluc.decisions.models import Certificate, Decision, Publication, Recognition
from chuluc.monitoring.models import FirmReport
from chuluc.support.models import Difficulty, SupportRequest

r = reverse
rec = Recognition.objects.filter(status="active").select_related("product").latest("year", "id")
cert = Certificate.objects.filter(recognition=rec).first()
pub = Publication.objects.select_related("campaign").latest("campaign__year")
decision = Decision.objects.select_related("campaign").latest("campaign__year")
campaign = Campaign.objects.latest("year")
dossier = Dossier.objects.filter(campaign=campaign, status="submitted").first() or (
    Dossier.objects.filter(campaign=campaign).first()
)
open_round = Round.objects.filter(status="open").select_related("council").first()
seat = Member.objects.get(council=open_round.council, user__username="MEMBER")
scorable = Dossier.objects.filter(
    campaign=open_round.council.campaign, status__in=SCORABLE_STATUSES
).exclude(conflicts__member=seat).first()
closed = Council.objects.exclude(rounds__status="open").filter(rounds__isnull=False)
closed = closed.order_by("-campaign__year").first()
draft = Dossier.objects.filter(
    status__in=["draft", "returned"],
    enterprise__memberships__status="verified",
    enterprise__memberships__user__is_demo=True,
).order_by("-campaign__year", "id").first()
rep = EnterpriseMembership.objects.filter(enterprise=draft.enterprise, status="verified")
word = rec.product.name.split()[0]
print(json.dumps({
    "representative": rep.values_list("user__username", flat=True).first(),
    "home": r("core:home"),
    "directory": r("portal:products"),
    "directory_filtered": r("portal:products") + f"?q={word}&nam={rec.year}",
    "product": r("portal:product", args=[rec.product_id]),
    "enterprise": r("portal:enterprise", args=[rec.enterprise_id]),
    "results": r("portal:results"),
    "results_year": r("portal:results_year", args=[pub.campaign.year]),
    "verify": r("portal:verify"),
    "verify_valid": r("portal:verify_number", args=[cert.number]),
    "verify_not_found": r("portal:verify_number", args=["KHONG-CO-0000"]),
    "opendata": r("portal:opendata"),
    "comment_page": r("decisions:comment_page", args=[pub.campaign.year]),
    "login": r("accounts:login"),
    "register": r("accounts:register"),
    "api_docs": "/api/v1/docs",
    "dashboard": r("core:dashboard"),
    "enterprise_list": r("registry:enterprise_list"),
    "enterprise_detail": r("registry:enterprise_detail", args=[rec.enterprise_id]),
    "product_detail": r("registry:product_detail", args=[rec.product_id]),
    "campaign_list": r("campaigns:campaign_list"),
    "campaign": r("campaigns:campaign_detail", args=[campaign.pk]),
    "campaign_dossiers": r("campaigns:campaign_dossiers", args=[campaign.pk]),
    "dossier": r("campaigns:dossier_detail", args=[dossier.pk]),
    "council": r("council:home", args=[open_round.council_id]),
    "my_councils": r("council:my_councils"),
    "scoring": r("council:scoring", args=[open_round.council_id]),
    "member_dossier": r("council:dossier", args=[open_round.council_id, scorable.pk]),
    "ranking": r("council:results", args=[closed.pk]),
    "publication": r("decisions:publication", args=[pub.campaign_id]),
    "comments": r("decisions:comments", args=[pub.campaign_id]),
    "decision": r("decisions:decision", args=[decision.campaign_id]),
    "recognitions": r("decisions:recognitions"),
    "recognition": r("decisions:recognition_detail", args=[rec.pk]),
    "support": r("support:home"),
    "support_figures": r("support:figures"),
    "support_requests": r("support:requests"),
    "support_request": r("support:request_detail", args=[SupportRequest.objects.first().pk]),
    "difficulties": r("support:difficulties"),
    "difficulty": r("support:difficulty_detail", args=[Difficulty.objects.first().pk]),
    "monitoring": r("monitoring:dashboard"),
    "firm_reports": r("monitoring:reports"),
    "firm_report": r("monitoring:report_detail", args=[FirmReport.objects.first().pk]),
    "production": r("production:index"),
    "production_published": r("production:published"),
    "rep_dossiers": r("campaigns:my_dossiers"),
    "rep_dossier": r("campaigns:dossier_detail", args=[draft.pk]),
    "rep_dossier_form": r("campaigns:dossier_edit", args=[draft.pk]),
    "rep_support": r("support:home"),
    "rep_request_form": r("support:request_create"),
    "my_recognitions": r("decisions:my_recognitions"),
    "notifications": r("core:notifications"),
    "notification_preferences": r("core:notification_preferences"),
    "events": r("support:events"),
    "dialogues": r("support:dialogues"),
    "listings": r("support:listings"),
    "policies": r("support:policies"),
}))
""".replace("MEMBER", MEMBER)


@dataclass(frozen=True)
class Page:
    key: str  # names the test; also the page's address among the discovered ones
    who: str | None = None
    status: int = 200
    ready: str = ""  # a selector that shows the page has finished drawing itself
    submit: str = ""  # a form sent empty first, to check the page with its errors shown
    address: str = ""  # when not the key

    @property
    def address_key(self) -> str:
        return self.address or self.key


PAGES = [
    # Public pages, as a visitor.
    Page("home"),
    Page("directory"),
    Page("directory_filtered"),
    Page("product"),
    Page("enterprise"),
    Page("results"),
    Page("results_year"),
    Page("verify"),
    Page("verify_valid"),
    Page("verify_not_found", status=404),
    Page("opendata"),
    Page("comment_page"),
    Page("login"),
    Page("register"),
    Page("register_errors", submit="main form.form", address="register"),
    Page("api_docs", ready=".opblock"),  # Swagger UI draws the page from the schema
    # The officer's pages.
    Page("dashboard", OFFICER),
    Page("enterprise_list", OFFICER),
    Page("enterprise_detail", OFFICER),
    Page("product_detail", OFFICER),
    Page("campaign_list", OFFICER),
    Page("campaign", OFFICER),
    Page("campaign_dossiers", OFFICER),
    Page("dossier", OFFICER),
    Page("council", OFFICER),
    Page("ranking", OFFICER),
    Page("publication", OFFICER),
    Page("comments", OFFICER),
    Page("decision", OFFICER),
    Page("recognitions", OFFICER),
    Page("recognition", OFFICER),
    Page("support", OFFICER),
    Page("support_figures", OFFICER),
    Page("support_requests", OFFICER),
    Page("support_request", OFFICER),
    Page("difficulties", OFFICER),
    Page("difficulty", OFFICER),
    Page("monitoring", OFFICER),
    Page("firm_reports", OFFICER),
    Page("production", OFFICER),
    Page("production_published", OFFICER),
    Page("firm_report", OFFICER),
    # An agency's officer (difficulties routed to the agency) and the leader (read only).
    Page("dashboard_agency", AGENCY, address="dashboard"),
    Page("difficulties_agency", AGENCY, address="difficulties"),
    Page("dashboard_leader", LEADER, address="dashboard"),
    Page("monitoring_leader", LEADER, address="monitoring"),
    Page("campaign_leader", LEADER, address="campaign"),
    # The council's chair and secretary, on the open round's council.
    Page("dashboard_chair", CHAIR, address="dashboard"),
    Page("council_chair", CHAIR, address="council"),
    Page("dashboard_secretary", SECRETARY, address="dashboard"),
    Page("council_secretary", SECRETARY, address="council"),
    # A council member scoring in the open round.
    Page("dashboard_member", MEMBER, address="dashboard"),
    Page("my_councils", MEMBER),
    Page("notifications", MEMBER),
    Page("scoring", MEMBER),
    Page("member_dossier", MEMBER),
    # An enterprise's representative with a draft dossier.
    Page("rep_dashboard", REPRESENTATIVE, address="dashboard"),
    Page("rep_dossiers", REPRESENTATIVE),
    Page("my_recognitions", REPRESENTATIVE),
    Page("notification_preferences", REPRESENTATIVE),
    Page("rep_events", REPRESENTATIVE, address="events"),
    Page("rep_dialogues", REPRESENTATIVE, address="dialogues"),
    Page("rep_listings", REPRESENTATIVE, address="listings"),
    Page("rep_policies", REPRESENTATIVE, address="policies"),
    Page("rep_dossier", REPRESENTATIVE),
    Page("rep_dossier_form", REPRESENTATIVE),
    Page("rep_support", REPRESENTATIVE),
    Page("rep_request_form", REPRESENTATIVE),
    Page(
        "rep_request_form_errors",
        REPRESENTATIVE,
        status=422,
        submit="#request-form",
        address="rep_request_form",
    ),
]


@pytest.fixture(scope="module")
def addresses(chuluc_server) -> dict[str, str]:
    out = chuluc_server.manage("shell", "-v", "0", "-c", DISCOVER)
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def people(chromium_browser, chuluc_server):
    """One browser context per person, logged in once for the module."""
    contexts = {}

    def context_of(username: str | None, language: str):
        if (username, language) not in contexts:
            context = chromium_browser.new_context(
                base_url=chuluc_server.url, locale="vi-VN", viewport=SCREENS["desktop"]
            )
            context.set_default_timeout(15_000)
            if username is not None:
                _log_in(context, username)
            context.add_cookies(
                [
                    {
                        "name": settings.LANGUAGE_COOKIE_NAME,
                        "value": language,
                        "url": chuluc_server.url,
                    }
                ]
            )
            contexts[(username, language)] = context
        return contexts[(username, language)]

    yield context_of
    for context in contexts.values():
        context.close()


def _log_in(context, username: str) -> None:
    page = context.new_page()
    try:
        page.goto("/tai-khoan/dang-nhap/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
        page.locator("main form.form").get_by_role("button", name="Đăng nhập").click()
        expect(page).not_to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    finally:
        page.close()


def _wait_for_htmx(page) -> None:
    """Let requests that HTMX starts on load finish (a polling page keeps its timer)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']} ({len(v['nodes'])}): {v['help']}")
        lines.extend(f"    {n['target']}: {n['summary']}" for n in v["nodes"][:5])
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_spec", PAGES, ids=[p.key for p in PAGES])
def test_page_has_no_serious_accessibility_violation(page_spec, language, addresses, people):
    who = addresses[REPRESENTATIVE] if page_spec.who == REPRESENTATIVE else page_spec.who
    page = people(who, language).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    address = addresses[page_spec.address_key]
    found: dict[str, list[dict]] = {}
    try:
        response = page.goto(address)
        if page_spec.submit:
            with page.expect_navigation() as navigation:
                # form.submit() skips the browser's own checks: the server's errors are wanted
                page.locator(page_spec.submit).evaluate("form => form.submit()")
            response = navigation.value
        assert response is not None
        assert response.status == page_spec.status, f"{address} answered {response.status}"
        page.wait_for_load_state("load")
        _wait_for_htmx(page)
        if page_spec.ready:
            page.locator(page_spec.ready).first.wait_for()
        assert page.locator("html").get_attribute("lang") == language
        page.add_script_tag(path=str(AXE))
        for screen, size in SCREENS.items():
            page.set_viewport_size(size)
            page.evaluate(NEXT_FRAME)  # the page's resize observers have run
            found[screen] = page.evaluate(RUN_AXE, AXE_TAGS)
    finally:
        page.close()

    blocking = {}
    for screen, violations in found.items():
        other = [v for v in violations if v["impact"] not in BLOCKING]
        if other:
            print(f"{page_spec.key} {language} {screen}: moderate/minor:\n{_report(other)}")  # noqa: T201
        serious = [v for v in violations if v["impact"] in BLOCKING]
        if serious:
            blocking[screen] = _report(serious)
    assert blocking == {}, f"{address} ({language}):\n" + "\n".join(
        f"{screen}:\n{text}" for screen, text in blocking.items()
    )
    assert errors == []


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    name: el.getAttribute('name') || el.getAttribute('href') || el.textContent.trim(),
    inMain: !!el.closest('main'),
    inForm: !!el.closest('main form.form'),
    submit: el.type === 'submit',
    ring: el.matches(':focus-visible') && style.outlineStyle !== 'none'
      ? parseFloat(style.outlineWidth) : 0,
  };
}"""
RING = 3  # px: app.css draws the keyboard focus ring wider than the browser's


def test_skip_link_comes_first_and_leads_to_the_content(browser_page):
    page = browser_page
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert (focused["name"], focused["ring"]) == ("#main", RING)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert (focused["inMain"], focused["ring"]) == (True, RING)


def test_login_form_is_filled_and_sent_by_keyboard_with_visible_focus(browser_page):
    page = browser_page
    page.goto("/tai-khoan/dang-nhap/")
    # The form puts the person in its first field; Tab goes on in reading order.
    assert page.evaluate(FOCUSED)["name"] == "username"
    page.keyboard.type(OFFICER)
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert (focused["name"], focused["ring"]) == ("password", RING)
    page.keyboard.type(settings.DEMO_PASSWORD)
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert (focused["name"], focused["inForm"], focused["submit"], focused["ring"]) == (
        "Đăng nhập",
        True,
        True,
        RING,
    )
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    assert page.js_errors == []
