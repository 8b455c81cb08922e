"""One language at a time: every page each role can reach, rendered in Vietnamese and in
English, shows no internal code, field name, JSON or English word in Vietnamese, and no
Vietnamese outside the data (nor "1 days") in English.

The pages are the site's URL patterns as the authorisation matrix knows them
(tests/security/matrix_pages.py, and for the patterns it delegates, the apps' own access
tables), built against the matrix's world (tests/security/matrix_world.py) plus the council's
chair and a member who scores. Each role gets one client and asks every page; only the pages
it may open (200, HTML) are read. The roles are one of each kind of reader (the second
firm's representative, the administrator and the second agency see the same pages as the
first); the back office (Django's admin) and the API are not the site's own words.

Visible text is the text of the page less its scripts and styles, plus the attributes a
person reads or hears (title, alt, placeholder, aria-label, a button's value). In Vietnamese
it fails on a snake_case identifier, a JSON fragment, ``field=value`` or a word of
tests/core/data/english_words.txt. In English it fails on a word with Vietnamese diacritics,
unless the word is part of a value the world stored (an enterprise's name, an address, a
person's name, text someone typed): reference data (districts, industry groups, criteria)
is not such a value, its English name must be shown."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse
from lxml import html as lxml_html

from tests.access import Entry, no_kwargs
from tests.campaigns.access_table import TABLE as CAMPAIGNS_TABLE
from tests.council.access_table import TABLE as COUNCIL_TABLE
from tests.registry.access_table import TABLE as REGISTRY_TABLE
from tests.security.matrix_outcomes import Delegated, Page
from tests.security.matrix_pages import PAGES
from tests.security.matrix_pages import url_of as matrix_url
from tests.security.matrix_world import (
    AGENCY,
    ANON,
    LEADER,
    OFFICER,
    OUTSIDER,
    REP_A,
    world_for_module,
)

DATA = Path(__file__).parent / "data"
ENGLISH_WORDS = frozenset(
    line.strip().casefold()
    for line in (DATA / "english_words.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
# Names that stay Vietnamese in English, as proper names do (the language's own name in the
# language switch, the product's name).
PROPER_NAMES = tuple(
    line.strip()
    for line in (DATA / "vietnamese_proper_names.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
# Known leaks waiting for their fix, each line "<language> <page key or *> <finding>": the
# test reports every other finding. A line goes when its leak is fixed.
PENDING = frozenset(
    tuple(line.split(" ", 2))
    for line in (DATA / "one_language_pending.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
CHAIR, MEMBER_UV1 = "council_chair", "council_uv1"
ROLES = (ANON, OUTSIDER, REP_A, LEADER, AGENCY, OFFICER, CHAIR, MEMBER_UV1)
# Pages that are not the site's own words: the API's and its documentation, files, health.
NOT_PAGES = ("api", "api-", "set_language", "core:healthz", "core:robots", "portal:opendata_")
# Reference data: shown in the reader's language, so never allowed as stored Vietnamese.
REFERENCE_MODELS = frozenset(
    {
        "registry.district",
        "registry.industrygroup",
        "campaigns.criteriongroup",
        "campaigns.criterion",
    }
)

# The detector -------------------------------------------------------------------------------

_READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
# snake_case, but not a file's name (``bao_cao.pdf``), a path or an address
_SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-]|\.\w)")
_FIELD_VALUE = re.compile(r"(?<![\w/?&.-])[a-z][a-z0-9_]*=[^\s=]")
_JSON = re.compile(r"""\{\s*["'][^"']*["']?""")
_QUOTED = re.compile(r"“[^”\n]{1,60}”")
_DOCUMENT_NUMBER = re.compile(r"\d+/(?:\d{4}/)?[A-ZĐ]+(?:-[A-ZĐ&]+)+")
# "1 days": a count of one with a plural noun, where the English needed ngettext
_ONE_PLURAL = re.compile(
    r"(?<![\d.,/])\b1 (?:[a-z]+ )?(?:days|months|years|products|enterprises|dossiers|errors|"
    r"certificates|comments|rows|characters|seconds|notifications|addresses|members|criteria)\b"
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_VIETNAMESE = re.compile(
    "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE
)


def visible_text(page: str) -> str:
    """The text a person reads or hears on ``page``: text nodes outside scripts, styles and
    templates, then the read attributes, one per line."""
    tree = lxml_html.fromstring(page)
    # ``translate="no"``: text meant literally, such as the column names a file may use
    for element in tree.xpath("//script | //style | //template | //*[@translate='no']"):
        element.drop_tree()
    # one line per text node: a count and a noun in separate elements (a figure above its
    # caption) are not read as one phrase
    parts = [" ".join(text.split()) for text in tree.itertext() if text.strip()]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        parts.extend(element.get(name, "") for name in _READ_ATTRIBUTES)
        if element.tag == "input" and element.get("type") in {"submit", "button"}:
            parts.append(element.get("value", ""))
    return "\n".join(p for p in parts if p.strip())


def vietnamese_mode_findings(text: str) -> list[str]:
    """What a Vietnamese page must not show: snake_case, JSON, ``field=value``, English."""
    found = [f"snake_case {m}" for m in _SNAKE.findall(text)]
    found += [f"JSON {m.group(0)}" for m in _JSON.finditer(text)]
    found += [f"field=value {m.group(0)}" for m in _FIELD_VALUE.finditer(text)]
    found += [f"English {w}" for w in _WORD.findall(text) if w.casefold() in ENGLISH_WORDS]
    return found


def english_mode_findings(text: str, data: Iterable[str] = ()) -> list[str]:
    """Words with Vietnamese diacritics in an English page, once the stored values ``data``
    (longest first) and the proper names are taken out."""
    for value in sorted({*data, *PROPER_NAMES}, key=len, reverse=True):
        text = text.replace(value, " ")
    # A Vietnamese term quoted on purpose (a sheet's name, a value to type in a file), and
    # the number of an official document ("66/2014/QĐ-TTg"), cited as it is in English too.
    text = _DOCUMENT_NUMBER.sub(" ", _QUOTED.sub(" ", text))
    found = [f"Vietnamese {w}" for w in _WORD.findall(text) if _VIETNAMESE.search(w)]
    return found + [f"plural {m.group(0)}" for m in _ONE_PLURAL.finditer(text)]


def test_detector_finds_codes_json_and_english_in_vietnamese():
    page = (
        "<html><head><title>Lịch sử</title><style>.a_b{}</style></head><body>"
        '<script>var x_y = {"a": 1};</script>'
        "<p>Còn hiệu lực (valid)</p><p>enterprises_recognised</p>"
        '<p>revenue_vnd=5000</p><p>{"officer_outcome": "ok"}</p>'
        '<img alt="Draft" src="/static/a_b.png"><a href="/x/?a_b=1">Mở</a></body></html>'
    )

    found = vietnamese_mode_findings(visible_text(page))

    assert sorted(found) == sorted(
        [
            "snake_case enterprises_recognised",
            "snake_case revenue_vnd",
            "snake_case officer_outcome",
            'JSON {"officer_outcome"',
            "field=value revenue_vnd=5",
            "English valid",
            "English Draft",
        ]
    )


def test_detector_passes_plain_vietnamese():
    page = (
        "<html><body><h1>Hồ sơ đã nộp</h1><p>Doanh thu: 5.032,62 tỷ đồng; tệp "
        "bao-cao_2024.pdf, bao_cao.pdf; thư ông.a_b@vi-du.vn</p>"
        '<p>Tên cột: <code translate="no">tax_code, short_name</code></p></body></html>'
    )

    assert vietnamese_mode_findings(visible_text(page)) == []


def test_detector_finds_vietnamese_outside_data_in_english():
    page = (
        "<html><body><h1>Dossiers</h1><p>Công ty CP Khóa Thử Nghiệm A</p>"
        '<p>District: Thường Tín</p><input placeholder="Tìm kiếm">'
        "<p>Write “thiếu” (missing) in the sheet “Sản phẩm”.</p>"
        "<p>Decision 66/2014/QĐ-TTg, 1234/QĐ-UBND.</p><p>1 days left; 21 days; 1 day</p>"
        "</body></html>"
    )

    found = english_mode_findings(visible_text(page), data=["Công ty CP Khóa Thử Nghiệm A"])

    assert found == [
        "Vietnamese Thường",
        "Vietnamese Tín",
        "Vietnamese Tìm",
        "Vietnamese kiếm",
        "plural 1 days",
    ]


# The pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    key: str
    url: str


def _objects(w: dict) -> dict[str, SimpleNamespace]:
    """The matrix world under the names of the delegated tables' objects (each table aims at
    its own world; here every id is one of enterprise A's objects, which its representative
    may open)."""
    dossier = w["dossiers"][0]
    council = w["council"]
    common = {
        "campaign": w["campaign"],
        "criteria_set": w["campaign"].criteria_set,
        "dossier": dossier,
        "submitted": dossier,
        "evidence": dossier.evidence.first(),
        "certificate": dossier.certificates.first(),
        "check": dossier.screening.first(),
        "enterprise_b": w["enterprise"],
        "product_b": w["product"],
        "product_b_new": w["product"],
        "contact_b": w["enterprise"].contacts.first(),
        "listing_b": w["enterprise"].top500.first(),
        "image_b": None,
        "import_job": w["import_job"],
    }
    return {
        "campaigns": SimpleNamespace(**common, score=dossier.computed_scores.first()),
        "registry": SimpleNamespace(**common),
        "council": SimpleNamespace(
            **common,
            council=council,
            round=council.rounds.first(),
            d1=dossier,
            criterion=w["judged"][0],
            correction=None,
            score=council.rounds.first().scores.first(),
            members=w["members"],
        ),
    }


def _delegated_url(namespace: str, name: str, entry: Entry, objects) -> str | None:
    """The URL of a delegated table's entry, or None when the world has no such object."""
    try:
        kwargs = {param: getattr(objects, attr).pk for param, attr in entry.ids.items()}
        if entry.kwargs is not no_kwargs:
            kwargs |= entry.kwargs(objects)
        kwargs |= entry.variants[0]
        return reverse(f"{namespace}:{name}", kwargs=kwargs) + entry.query(objects)
    except (AttributeError, KeyError, NoReverseMatch, TypeError):
        return None


def targets(w: dict) -> list[Target]:
    tables = {"registry": REGISTRY_TABLE, "campaigns": CAMPAIGNS_TABLE, "council": COUNCIL_TABLE}
    objects = _objects(w)
    found = []
    for key, entry in PAGES.items():
        if key.startswith(NOT_PAGES):
            continue
        if isinstance(entry, Page):
            url = matrix_url(key, entry, w)
        elif isinstance(entry, Delegated):
            namespace, name = key.split(":")
            table_entry = tables[namespace][name]
            if "GET" not in table_entry.methods:
                continue
            url = _delegated_url(namespace, name, table_entry, objects[namespace])
        else:
            continue
        if url is not None:
            found.append(Target(key, url))
    return found


def stored_strings() -> set[str]:
    """Every text value the world stored outside the reference data: what English pages may
    show as it was typed (names, addresses, titles, reasons)."""
    values: set[str] = set()
    for model in apps.get_models():
        if model._meta.label_lower in REFERENCE_MODELS:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                values.update(_strings(value))
    return {v for v in values if _VIETNAMESE.search(v)}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        try:
            parsed = json.loads(value) if value[:1] in "[{" else None
        except ValueError:
            parsed = None
        return [value, *_strings(parsed)] if parsed is not None else [value.strip()]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(autouse=True)
def _private_media():
    """The module's world keeps its files in the module's folder (see ``world``)."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with world_for_module(
        django_db_blocker,
        tmp_path_factory.mktemp("private"),
        PUBLIC_CACHE_SECONDS=0,
        FIGURES_CACHE_SECONDS=0,
    ) as w:
        w["users"][CHAIR] = w["members"]["chu_tich"].user
        w["users"][MEMBER_UV1] = w["members"]["uv1"].user
        w["targets"] = targets(w)
        w["stored"] = stored_strings()
        yield w


def _render_all(world, role: str, language: str) -> dict[str, str]:
    """Each page ``role`` may open, as visible text, by URL."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if role != ANON:
        client.force_login(world["users"][role])
    pages = {}
    for target in world["targets"]:
        response = client.get(target.url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[f"{target.key} {target.url}"] = visible_text(response.content.decode())
    return pages


def _unexpected(language: str, page: str, found: list[str]) -> list[str]:
    key = page.split(" ", 1)[0]
    return sorted(
        {
            f
            for f in found
            if (language, key, f) not in PENDING and (language, "*", f) not in PENDING
        }
    )


def _report(language: str, findings: dict[str, list[str]]) -> str:
    """The pages with findings not known to be pending, one a paragraph (empty when there
    are none)."""
    lines = []
    for page, found in sorted(findings.items()):
        unexpected = _unexpected(language, page, found)
        if unexpected:
            lines.append(f"{page}:\n    " + "; ".join(unexpected))
    return "\n".join(lines)


# What the pages say does not depend on the database: CI reads them in the SQLite suite.
ON_SQLITE_ONLY = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="database-independent: the SQLite suite reads every page",
)


@ON_SQLITE_ONLY
@pytest.mark.parametrize("role", ROLES)
def test_vietnamese_pages_show_no_code_json_or_english(world, db, role):
    pages = _render_all(world, role, "vi")

    assert pages, "the role reaches no page"
    report = _report("vi", {url: vietnamese_mode_findings(text) for url, text in pages.items()})
    assert not report, "\n" + report


@ON_SQLITE_ONLY
@pytest.mark.parametrize("role", ROLES)
def test_english_pages_show_no_vietnamese_outside_the_data(world, db, role):
    pages = _render_all(world, role, "en")

    assert pages, "the role reaches no page"
    found = {url: english_mode_findings(text, world["stored"]) for url, text in pages.items()}
    report = _report("en", found)
    assert not report, "\n" + report
