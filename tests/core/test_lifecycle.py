"""The one lifecycle mechanism: every record that has a status declares it, nothing outside
``chuluc.core.lifecycle`` assigns a status field, and docs/lifecycles.md is drawn from the
declarations."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

from chuluc.core.lifecycle import REGISTRY, managed_fields
from chuluc.core.management.commands.lifecycles_doc import DOC, rendered

ROOT = Path(__file__).resolve().parents[2] / "chuluc"
MECHANISM = ROOT / "core" / "lifecycle.py"

#: The records issue 16 lists, by lifecycle name.
REQUIRED = {
    "import_job",
    "membership",
    "dossier",
    "eligibility",
    "score_sheet",
    "round",
    "correction",
    "publication",
    "public_comment",
    "decision",
    "recognition",
    "certificate",
    "support_request",
    "difficulty",
    "firm_report",
}

#: Status fields of models that are not ours, written by code that is not a workflow.
NOT_OURS = {
    # django-tasks' own result rows: the requeue command puts a dead worker's task back.
    ("core/management/commands/requeue_tasks.py", "status"),
}


def _status_fields() -> set[str]:
    return {name for _model, name in managed_fields()}


def _keyword_names(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg}


def _violations(path: Path, fields: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = [
                e
                for t in node.targets
                for e in (t.elts if isinstance(t, ast.Tuple | ast.List) else [t])
            ]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in fields:
                found.append(f"{rel}:{node.lineno} assigns .{target.attr}")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in {"update", "update_or_create"} and _keyword_names(node) & fields:
            hit = sorted(_keyword_names(node) & fields)[0]
            if (rel, hit) not in NOT_OURS:
                found.append(f"{rel}:{node.lineno} updates {hit}")
        if name == "bulk_update":
            strings = {
                c.value
                for c in ast.walk(node)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
            if strings & fields:
                found.append(f"{rel}:{node.lineno} bulk-updates {sorted(strings & fields)[0]}")
        if name == "setattr" and len(node.args) >= 2:
            arg = node.args[1]
            if isinstance(arg, ast.Constant) and arg.value in fields:
                found.append(f"{rel}:{node.lineno} setattr {arg.value}")
    return found


def test_every_listed_record_declares_its_lifecycle():
    assert REQUIRED - set(REGISTRY) == set()


def test_every_lifecycle_names_a_real_status_field():
    for lc in REGISTRY.values():
        model = apps.get_model(lc.model)
        field = model._meta.get_field(lc.field)
        assert set(lc.states.values) >= {v for v, _label in field.choices}, lc.name


def test_no_code_outside_the_mechanism_assigns_a_status_field():
    fields = _status_fields()
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == MECHANISM or "migrations" in path.parts:
            continue
        found += _violations(path, fields)
    assert found == []


def test_the_status_scan_finds_an_assignment(tmp_path):
    """The scan itself can fail: it sees the three ways a status is written."""
    sample = ROOT / "core" / "_lifecycle_scan_sample.py"
    sample.write_text(
        "def f(obj, qs):\n"
        "    obj.status = 'x'\n"
        "    qs.update(status='y')\n"
        "    qs.bulk_update([obj], ['status'])\n",
        encoding="utf-8",
    )
    try:
        assert len(_violations(sample, {"status"})) == 3
    finally:
        sample.unlink()


def test_lifecycles_doc_is_fresh():
    assert DOC.read_text(encoding="utf-8") == rendered(), (
        "docs/lifecycles.md is stale: run `chuluc lifecycles_doc --write`"
    )


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_lifecycles_doc_has_a_section_per_record(name):
    assert f"(`{name}`)" in DOC.read_text(encoding="utf-8")
