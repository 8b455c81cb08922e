"""The score cell rendered in Python (chuluc/council/cells.py): what the member typed is
escaped, the error is tied to its input, stored numbers are shown the Vietnamese way."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from chuluc.council.cells import score_cell

DOSSIER = SimpleNamespace(pk=7, product=SimpleNamespace(name='Gạch "Hồng Hà" <men>'))
CRITERION = SimpleNamespace(pk=3, code="TC01")


def _cell(**parts) -> str:
    defaults = {"score": None, "value": "", "comment": "", "error": None}
    return str(
        score_cell(
            council_id=1,
            dossier=DOSSIER,
            criterion=CRITERION,
            csrf_token="tok",
            **{**defaults, **parts},
        )
    )


def test_typed_text_and_names_are_escaped():
    html = _cell(value='"><script>x</script>', comment="<b>hay</b>", error="Sai <số>")
    assert "<script>" not in html and "<b>" not in html and "<số>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html
    assert 'aria-label="TC01 — Gạch &quot;Hồng Hà&quot; &lt;men&gt;"' in html


def test_error_is_tied_to_its_input():
    html = _cell(value="abc", error="Điểm phải là số.")
    assert 'class="invalid" aria-invalid="true" aria-describedby="score-7-3-error"' in html
    assert '<p class="error" role="alert" id="score-7-3-error">Điểm phải là số.</p>' in html


def test_stored_score_is_shown_saved_with_a_decimal_comma():
    html = _cell(score=object(), value=Decimal("8.50"), comment=None)
    assert 'value="8,50"' in html and 'class="saved"' in html
    assert 'id="score-7-3-comment" value=""' in html
    assert 'hx-post="/hoi-dong/1/ho-so/7/diem/3/"' in html
