"""Datasette's habit: a test fails when something is undocumented."""

from pathlib import Path

from django.apps import apps

from chuluc.config.env import SETTINGS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_setting_is_documented():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"`{name}`" not in text]
    assert missing == []


def test_every_app_is_in_the_architecture_doc():
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    ours = [a.name for a in apps.get_app_configs() if a.name.startswith("chuluc.")]
    assert [name for name in ours if f"`{name.split('.', 1)[1]}`" not in text] == []
