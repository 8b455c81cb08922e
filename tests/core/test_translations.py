"""Every string marked for translation is in the English catalog, translated.

The strings are extracted as ``make messages`` would extract them (Django's makemessages:
Python files, templates and the e-mail texts, with Django's gettext keywords), from a copy
of the package into a fresh catalog, so the repository's own catalog is never written.
Each extracted msgid must be in chuluc/locale/en/LC_MESSAGES/django.po with a msgstr (every
plural form), not fuzzy: a string someone forgot to translate fails here, not in front of an
English reader."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.core.management.commands import makemessages
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parents[2] / "chuluc"
CATALOG = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")


class _Makemessages(makemessages.Command):
    """makemessages, also reading ``_lazy(...)``: the name some modules give gettext_lazy
    where ``_`` is gettext."""

    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]


def _extracted(tmp_path: Path) -> dict:
    """The msgids of the package's sources, by (msgid, context), as makemessages finds them."""
    copy = tmp_path / "chuluc"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("locale", "__pycache__", "static", "migrations", "data"),
    )
    (copy / "locale").mkdir()
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command(
                _Makemessages(), locale=["en"], domain="django", no_location=True, verbosity=0
            )
    finally:
        os.chdir(here)
    with (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").open("rb") as extracted:
        return {(m.id, m.context): m for m in read_po(extracted) if m.id}


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return not message.fuzzy and all(strings)


def test_every_extracted_string_is_translated_in_english(tmp_path):
    with CATALOG.open("rb") as source:
        catalog = {(m.id, m.context): m for m in read_po(source) if m.id}

    extracted = _extracted(tmp_path)

    # the extraction read templates and Python alike (an empty one would pass vacuously)
    assert {("Nhật ký thay đổi", None), ("Chi tiết", None), ("Lượt nhập dữ liệu", None)} <= set(
        extracted
    )
    missing = sorted(
        str(key[0]) for key in extracted if key not in catalog or not _translated(catalog[key])
    )
    assert missing == [], "\n" + "\n".join(missing)


def test_an_empty_or_fuzzy_translation_is_not_a_translation():
    assert _translated(Message("Hồ sơ", "Dossier"))
    assert not _translated(Message("Hồ sơ", ""))
    assert not _translated(Message("Hồ sơ", "Dossier", flags=["fuzzy"]))
    assert not _translated(Message(("%(n)s ngày", "%(n)s ngày"), ("%(n)s day", "")))


def _keys(lines: list[str]):
    """Each entry's (msgctxt, msgid, msgid_plural), its continued lines joined, in order."""
    fields: dict[str, str] = {}
    current = ""
    for line in lines:
        if line.startswith("msgstr"):
            if fields:
                yield (fields.get("msgctxt"), fields.get("msgid"), fields.get("msgid_plural"))
            fields, current = {}, ""
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ")):
            current, _space, text = line.partition(" ")
            fields[current] = text.strip('"')
        elif line.startswith('"') and current:
            fields[current] += line.strip('"')


def test_catalog_has_no_duplicate_msgid():
    keys = list(_keys(CATALOG.read_text(encoding="utf-8").splitlines()))

    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


def test_keys_tell_entries_apart_by_context_and_find_a_repeat():
    po = [
        'msgid "Đăng ký"',
        'msgstr "Register"',
        'msgctxt "số hồ sơ đã đăng ký"',
        'msgid "Đăng ký"',
        'msgstr "Registered"',
        'msgid ""',
        '"Đăng ký"',
        'msgstr "Again"',
    ]

    keys = list(_keys(po))

    assert keys[0] == keys[2] == (None, "Đăng ký", None)
    assert keys[1] == ("số hồ sơ đã đăng ký", "Đăng ký", None)
