"""docs/architecture.md and docs/contributing.md draw the apps in program order; the order
import-linter checks (``make lint``) is the ``layers`` contract in pyproject.toml. A test
fails when the drawing, or the order of the architecture's table of apps, is not that one."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _layers() -> list[list[str]]:
    """The layers from the first to the last part of the program (pyproject lists them from
    the top down), each as its side-by-side apps."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [
        [name.strip().removeprefix("chuluc.") for name in layer.split("|")]
        for layer in reversed(contract["layers"])
    ]


def _drawn(doc: str) -> list[list[str]]:
    """The first ``core … ← …`` block of the doc, as layers of side-by-side apps."""
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    block = re.search(r"```\n(core\b.*?)```", text, re.DOTALL)
    assert block, f"{doc} draws no program order"
    return [[name.strip() for name in layer.split("|")] for layer in block[1].split("←")]


def test_architecture_draws_the_layers_import_linter_checks():
    assert _drawn("architecture.md") == _layers()


def test_contributing_draws_the_layers_import_linter_checks():
    assert _drawn("contributing.md") == _layers()


def test_architecture_lists_the_apps_in_program_order():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text.split("## Apps", 1)[1].split("\n\n", 2)[1]
    rows = [line.split("|")[1] for line in table.splitlines()[2:]]
    listed = [name.strip(" `") for row in rows for name in row.split(",")]
    program = [app for layer in _layers() for app in layer if app != "config"]
    assert listed == program
