"""What a dossier still lacks before it can be submitted."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from chuluc.campaigns.enums import EligibilityKind, EvidenceKind
from chuluc.campaigns.figures import dossier_years
from chuluc.campaigns.models import Dossier
from chuluc.campaigns.screening import threshold_hints
from chuluc.registry.enums import ProductTrack

REQUIRED_FIGURES = (
    ("revenue_vnd", _("doanh thu")),
    ("production_value_vnd", _("giá trị sản xuất")),
    ("employees", _("số lao động")),
)


@dataclass(frozen=True)
class Item:
    """One line of the checklist; ``blocks``: an undone line stops the submission (a
    threshold hint does not: screening decides)."""

    label: str
    done: bool
    blocks: bool = True

    @property
    def state(self) -> str:
        """The line's mark: done, to do, or a warning that does not block."""
        if self.done:
            return "done"
        return "todo" if self.blocks else "warning"


def dossier_checklist(dossier: Dossier) -> list[Item]:
    items: list[Item] = []
    figures = {f.year: f for f in dossier.figures.all()}
    for year in sorted(figures):
        row = figures[year]
        for field, label in REQUIRED_FIGURES:
            items.append(
                Item(
                    _("Năm %(y)s: %(f)s") % {"y": year, "f": label}, getattr(row, field) is not None
                )
            )
        if dossier.track == ProductTrack.HANDICRAFT:
            items.append(Item(_("Năm %s: kim ngạch xuất khẩu") % year, row.export_usd is not None))
    evidence = {e.kind for e in dossier.evidence.all()}
    required_docs = {EvidenceKind.FINANCIAL_STATEMENT, EvidenceKind.BUSINESS_REGISTRATION}
    required_docs |= {
        r.document_kind
        for r in dossier.campaign.eligibility_rules.all()
        if r.kind == EligibilityKind.DOCUMENT and r.document_kind
    }
    for kind in sorted(required_docs):
        items.append(Item(_("Tài liệu: %s") % EvidenceKind(kind).label, kind in evidence))
    if dossier.track == ProductTrack.STARTUP:
        items.append(
            Item(_("Thuyết minh doanh nghiệp khởi nghiệp"), bool(dossier.startup_statement.strip()))
        )
    # the latest year's figures against the track's thresholds, as screening will judge them
    years = dossier_years(dossier)
    rules = dossier.campaign.eligibility_rules.all()
    for hint in threshold_hints(rules, dossier.track, years[-1] if years else None):
        items.append(Item(hint.text, hint.met, blocks=False))
    return items


def missing(dossier: Dossier) -> list[str]:
    """What stops the submission: the undone lines that block."""
    return [item.label for item in dossier_checklist(dossier) if not item.done and item.blocks]
