"""How the code is laid out, checked on the sources themselves.

A name that starts with an underscore belongs to its module: another module of the project
(chuluc/, tests/, bench/) neither imports it (``from chuluc.x import _helper``, including a
package ``__init__`` re-exporting a submodule's private name) nor reaches it through the
module (``x._helper`` after ``from chuluc import x``). A helper two modules share is made
public, or moved to the module that owns its concept."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("chuluc", "tests", "bench")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


class Project:
    """The project's modules under ``root``: package modules by dotted name (chuluc.x.y,
    tests.x.y) and bench/'s scripts by their bare name (they import each other so)."""

    def __init__(self, root: Path):
        self.root = root
        self.bench = {p.stem for p in (root / "bench").glob("*.py")}

    def files(self) -> list[Path]:
        return sorted(p for top in SCANNED for p in (self.root / top).rglob("*.py"))

    def module_of(self, path: Path) -> str:
        parts = path.relative_to(self.root).with_suffix("").parts
        if parts[0] == "bench":
            return parts[-1]
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    def is_package(self, path: Path) -> bool:
        return path.name == "__init__.py"

    def is_module(self, dotted: str) -> bool:
        """Whether ``dotted`` names one of the project's modules or packages."""
        if dotted in self.bench:
            return True
        if dotted.split(".", maxsplit=1)[0] not in ("chuluc", "tests"):
            return False
        base = self.root.joinpath(*dotted.split("."))
        return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()

    def absolute(self, path: Path, node: ast.ImportFrom) -> str:
        """The module a ``from … import`` reads, relative imports resolved."""
        if not node.level:
            return node.module or ""
        package = self.module_of(path).split(".")
        if not self.is_package(path):
            package = package[:-1]
        package = package[: len(package) - (node.level - 1)]
        return ".".join([*package, *([node.module] if node.module else [])])


def _dotted(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ["a", "b", "c"]; None for anything but names and attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def _imports(project: Project, path: Path, tree: ast.Module):
    """The local names bound to project modules, and the private names imported from
    another project module as (line, module._name)."""
    here = project.module_of(path)
    modules: dict[str, str] = {}
    found: set[tuple[int, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = project.absolute(path, node)
            if not project.is_module(source):
                continue
            for alias in node.names:
                if project.is_module(f"{source}.{alias.name}"):
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
                if _private(alias.name) and source != here:
                    found.add((node.lineno, f"{source}.{alias.name}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if not project.is_module(alias.name):
                    continue
                top = alias.name.split(".")[0]
                modules[alias.asname or top] = alias.name if alias.asname else top
                if any(_private(part) for part in alias.name.split(".")[1:]):
                    found.add((node.lineno, alias.name))
    return modules, found


def private_uses(project: Project, path: Path, source: str) -> list[str]:
    """Every private name of another project module that ``source`` (the file at ``path``)
    imports or reaches through a module, as ``file:line: module._name``."""
    here = project.module_of(path)
    tree = ast.parse(source)
    modules, found = _imports(project, path, tree)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _private(node.attr)):
            continue
        chain = _dotted(node.value)
        if not chain or chain[0] not in modules:
            continue
        module = ".".join([modules[chain[0]], *chain[1:]])
        if project.is_module(module) and module != here:
            found.add((node.lineno, f"{module}.{node.attr}"))
    name = str(path.relative_to(project.root))
    return [f"{name}:{line}: {what}" for line, what in sorted(found)]


def test_no_module_imports_another_modules_private_names():
    project = Project(ROOT)
    files = project.files()
    assert len(files) > 400  # chuluc/, tests/ and bench/ were read, not an empty glob
    found = [
        finding
        for path in files
        for finding in private_uses(project, path, path.read_text(encoding="utf-8"))
    ]
    assert found == [], (
        "A private name is its module's own: make it public where it is shared, or move it "
        "to the module that owns its concept.\n" + "\n".join(found)
    )


def _write(root: Path, files: dict[str, str]) -> Project:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Project(root)


def test_the_scan_finds_each_kind_of_private_import(tmp_path):
    project = _write(
        tmp_path,
        {
            "chuluc/__init__.py": "",
            "chuluc/shop/__init__.py": "from chuluc.shop.prices import _round\n",
            "chuluc/shop/prices.py": "def _round(x):\n    return x\n\n\nTOTAL = _round(1)\n",
            "chuluc/shop/views.py": (
                "import chuluc.shop.prices\n"
                "from chuluc.shop import prices\n"
                "from chuluc.shop import prices as p\n"
                "from . import _helpers\n"
                "from .prices import _round\n"
                "\n"
                "a = prices._round(1)\n"
                "b = p._round(2)\n"
                "c = chuluc.shop.prices._round(3)\n"
            ),
            "chuluc/shop/_helpers.py": "",
            "tests/__init__.py": "",
            "tests/test_shop.py": "from chuluc.shop.prices import _round\n",
            "bench/load.py": "import scale\n\nscale._setup()\n",
            "bench/scale.py": "def _setup():\n    pass\n",
        },
    )
    found = [
        finding
        for path in project.files()
        for finding in private_uses(project, path, path.read_text(encoding="utf-8"))
    ]
    assert found == [
        "bench/load.py:3: scale._setup",
        "chuluc/shop/__init__.py:1: chuluc.shop.prices._round",
        "chuluc/shop/views.py:4: chuluc.shop._helpers",
        "chuluc/shop/views.py:5: chuluc.shop.prices._round",
        "chuluc/shop/views.py:7: chuluc.shop.prices._round",
        "chuluc/shop/views.py:8: chuluc.shop.prices._round",
        "chuluc/shop/views.py:9: chuluc.shop.prices._round",
        "tests/test_shop.py:1: chuluc.shop.prices._round",
    ]


def test_the_scan_spares_own_names_dunders_objects_and_other_packages(tmp_path):
    project = _write(
        tmp_path,
        {
            "chuluc/__init__.py": "",
            "chuluc/shop/__init__.py": "_CACHE = {}\n\n\ndef _reset():\n    _CACHE.clear()\n",
            "chuluc/shop/models.py": (
                "import os\n"
                "from os import _exit\n"
                "from chuluc.shop import __name__ as shop\n"
                "from chuluc.shop.models import Thing\n"
                "\n"
                "\n"
                "class Thing:\n"
                "    _meta = None\n"
                "\n"
                "\n"
                "fields = Thing._meta\n"
                "here = os._exit\n"
            ),
            "tests/__init__.py": "",
            "bench/run.py": "import json\n\njson._default_decoder\n",
        },
    )
    assert [
        finding
        for path in project.files()
        for finding in private_uses(project, path, path.read_text(encoding="utf-8"))
    ] == []


# No module imports a test module -----------------------------------------------------------
# A test module (tests/**/test_*.py) is collected by pytest, not imported: what several need
# (builders, tables, data) lives in tests/factories/, tests/<app>/access_table.py and the
# like, fixtures in a conftest.py.


def _is_test_module(dotted: str) -> bool:
    return any(part.startswith("test_") or part.endswith("_test") for part in dotted.split("."))


def _imported_modules(path: Path, root: Path, node: ast.stmt) -> list[str]:
    """The modules an import statement may name, relative ones resolved: ``from a import
    b`` names ``a`` and ``a.b`` (b may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = path.relative_to(root).with_suffix("").parts[:-1]
    base = list(package[: len(package) - (node.level - 1)]) if node.level else []
    source = ".".join([*base, *([node.module] if node.module else [])])
    return [source, *(f"{source}.{alias.name}" for alias in node.names)]


def imports_of_test_modules(root: Path) -> list[str]:
    """``file:line: module`` for every import of a test module in ``root``'s chuluc/, tests/
    and bench/."""
    found = []
    for path in sorted(p for top in SCANNED for p in (root / top).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            named = [
                module
                for module in _imported_modules(path, root, node)
                if module.startswith("tests.") and _is_test_module(module)
            ]
            if named:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {min(named, key=len)}")
    return found


def test_no_module_imports_a_test_module():
    assert (ROOT / "tests" / "factories").is_dir()  # the real tree, not an empty glob
    found = imports_of_test_modules(ROOT)
    assert found == [], (
        "A test module is pytest's to collect: move what is shared to tests/factories/, "
        "tests/<app>/access_table.py or a conftest.py.\n" + "\n".join(found)
    )


def test_the_test_module_scan_finds_each_kind_of_import(tmp_path):
    files = {
        "tests/__init__.py": "",
        "tests/shop/__init__.py": "",
        "tests/shop/test_prices.py": "TABLE = {}\n",
        "tests/shop/tables.py": "from tests.shop.test_prices import TABLE\n",
        "tests/shop/test_views.py": (
            "from tests.shop import test_prices\n"
            "import tests.shop.test_prices\n"
            "from .test_prices import TABLE\n"
            "from . import tables\n"
        ),
        "tests/shop/helpers.py": "from tests.shop.tables import TABLE\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")

    assert imports_of_test_modules(tmp_path) == [
        "tests/shop/tables.py:1: tests.shop.test_prices",
        "tests/shop/test_views.py:1: tests.shop.test_prices",
        "tests/shop/test_views.py:2: tests.shop.test_prices",
        "tests/shop/test_views.py:3: tests.shop.test_prices",
    ]
