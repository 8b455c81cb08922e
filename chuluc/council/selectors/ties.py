"""Reads of the council's ties: the dossiers whose totals are equal at 2 decimals, named by
the ranks they hold ("đồng hạng 7"), the sets the tie-break criteria left equal, and which
of those wait for the council's vote (the results page, the minutes and the publication
guard read the same answer)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chuluc.council.models import Council, Result
from chuluc.council.selectors.results import results_table


@dataclass(frozen=True)
class TiedSet:
    """Dossiers still equal after the tie-break criteria: they share ``rank``. Their order
    needs the council's vote (``needs_vote``) only when it decides a Top N place or the pass
    mark (``decides``: "top" or "pass")."""

    rank: int
    results: tuple[Result, ...]
    needs_vote: bool
    decides: str

    @property
    def label(self) -> str:
        return _("đồng hạng %(rank)s") % {"rank": self.rank}

    @property
    def dossiers(self) -> list[int]:
        return [r.dossier_id for r in self.results]

    @property
    def decides_pass(self) -> bool:
        """The order decides which of them reach the pass mark (else a Top N place)."""
        return self.decides == "pass"


@dataclass(frozen=True)
class TieGroupView:
    """Dossiers whose totals are equal at 2 decimals, named by the ranks they hold."""

    results: tuple[Result, ...]
    sets: tuple[TiedSet, ...]

    @property
    def first_rank(self) -> int:
        return self.results[0].rank

    @property
    def last_rank(self) -> int:
        return self.results[-1].rank

    @property
    def label(self) -> str:
        if self.first_rank == self.last_rank:
            return _("đồng hạng %(rank)s") % {"rank": self.first_rank}
        return _("bằng điểm, hạng %(first)s–%(last)s") % {
            "first": self.first_rank,
            "last": self.last_rank,
        }


def _tied_set(rank: int, rows: list[Result]) -> TiedSet:
    needs_vote = any(r.needs_vote for r in rows)
    decides = ""
    if needs_vote:
        decides = "pass" if len({r.passed for r in rows}) > 1 else "top"
    return TiedSet(rank=rank, results=tuple(rows), needs_vote=needs_vote, decides=decides)


def tie_groups(results: list[Result]) -> list[TieGroupView]:
    """The ties of a council's results (all of them, in rank order), each with the sets its
    tie-break criteria left equal."""
    by_group: dict[int, list[Result]] = {}
    for r in results:
        if r.tie_group is not None:
            by_group.setdefault(r.tie_group, []).append(r)
    groups = []
    for rows in by_group.values():
        rows.sort(key=lambda r: (r.rank, r.dossier_id))
        by_rank: dict[int, list[Result]] = {}
        for r in rows:
            by_rank.setdefault(r.rank, []).append(r)
        sets = tuple(_tied_set(rank, same) for rank, same in by_rank.items() if len(same) > 1)
        groups.append(TieGroupView(results=tuple(rows), sets=sets))
    return sorted(groups, key=lambda g: g.first_rank)


def ties_awaiting_vote(*, council: Council) -> list[TiedSet]:
    """The tied sets whose order decides a Top N place or the pass mark and that the council
    has not voted on yet: publication waits for them."""
    results = list(results_table(council=council).filter(tie_group__isnull=False))
    return [s for g in tie_groups(results) for s in g.sets if s.needs_vote]


def tie_resolution(result: Result, names: Mapping[str, str] | None = None) -> str:
    """How a tied dossier's place was settled, in words (``names``: criterion names by code,
    shown beside the code)."""
    how = result.tie_resolved_by
    if how == "vote":
        return _("xếp theo biểu quyết của Hội đồng")
    if how.startswith("criterion:"):
        code = how.split(":", 1)[1]
        name = (names or {}).get(code)
        return _("tách theo điểm tiêu chí ưu tiên %(criterion)s") % {
            "criterion": f"{code} ({name})" if name else code
        }
    if result.needs_vote:
        return _("chưa tách được: cần Hội đồng biểu quyết")
    return _("đồng hạng, không ảnh hưởng kết quả đạt hay Top N: không cần biểu quyết")


def tie_labels(groups: list[TieGroupView]) -> dict[int, str]:
    """Each tied dossier's label: its set's ("đồng hạng 7") or its group's."""
    labels = {r.dossier_id: g.label for g in groups for r in g.results}
    labels.update({r.dossier_id: s.label for g in groups for s in g.sets for r in s.results})
    return labels
