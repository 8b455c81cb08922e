"""The templates' house rules (docs/contributing.md): one element per line within 120
characters, and no status compared to a string literal (the test of a state is a property
or a context value derived from the app's enums, so that renaming a state cannot leave a
page silently testing a value that no longer exists)."""

import re
from pathlib import Path

import chuluc

PACKAGE = Path(chuluc.__file__).resolve().parent
TEMPLATES = sorted(PACKAGE.glob("**/templates/**/*.html"))

WIDTH = 120
#: A line over the width is allowed when one translated string, which Django cannot split
#: across lines without changing its msgid, leaves no more than this much beside it.
BESIDE_A_LONG_STRING = 60

_TRANSLATED = re.compile(
    r"\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}|\{%\s*translate\s.*?%\}"
)
_IF_TAG = re.compile(r"\{%\s*(?:el)?if\s(.*?)%\}")
_STATE = r"[\w.]*(?:status|validity|state)"
_LITERAL = r"(?:\"[^\"]*\"|'[^']*')"
_COMPARISON = re.compile(
    rf"\b{_STATE}\s*(?:==|!=)\s*{_LITERAL}|{_LITERAL}\s*(?:==|!=)\s*{_STATE}\b"
)


def long_lines(path: Path) -> list[str]:
    """``file:line (length)`` of each line over the width that no translated string excuses."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if len(line) <= WIDTH:
            continue
        longest = max((m.group() for m in _TRANSLATED.finditer(line)), key=len, default="")
        if len(line.strip()) - len(longest) > BESIDE_A_LONG_STRING:
            found.append(f"{path.name}:{number} ({len(line)})")
    return found


def status_literals(path: Path) -> list[str]:
    """``file:line comparison`` of each status compared to a string literal in an if tag."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for tag in _IF_TAG.finditer(line):
            found += [f"{path.name}:{number} {m.group()}" for m in _COMPARISON.finditer(tag[1])]
    return found


def test_templates_are_found_in_the_project_and_app_folders():
    found = {p.relative_to(PACKAGE).as_posix() for p in TEMPLATES}
    assert {"templates/base.html", "production/templates/production/index.html"} <= found


def test_no_template_line_is_over_the_width():
    assert [found for path in TEMPLATES for found in long_lines(path)] == []


def test_no_template_compares_a_status_to_a_literal():
    assert [found for path in TEMPLATES for found in status_literals(path)] == []


def test_long_lines_finds_a_long_line_and_excuses_a_long_translated_string(tmp_path):
    page = tmp_path / "page.html"
    cells = "".join(f"<td>{{{{ row.value_{i} }}}}</td>" for i in range(6))
    message = "Một câu giải thích rất dài " * 5
    page.write_text(
        f"<tr>{cells}</tr>\n"
        f'  <p class="help">{{% translate "{message}" %}}</p>\n'
        f"  <p>{{% blocktranslate with n=count %}}{message} {{{{ n }}}}{{% endblocktranslate %}}</p>\n",
        encoding="utf-8",
    )
    assert long_lines(page) == [f"page.html:1 ({len(cells) + 9})"]


def test_status_literals_finds_each_comparison(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% if job.status == "done" %}x{% elif "revoked" != v.validity %}y{% endif %}\n'
        "{% if status == 'pending' or dossier.is_returned %}z{% endif %}\n"
        '{% if field.name == "status" %}{{ job.get_status_display }}{% endif %}\n',
        encoding="utf-8",
    )
    assert status_literals(page) == [
        'page.html:1 job.status == "done"',
        'page.html:1 "revoked" != v.validity',
        "page.html:2 status == 'pending'",
    ]
