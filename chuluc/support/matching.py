"""Matching suggestions between offers and needs: a score and the reasons behind it.

For a listing, the candidates are the open listings of the other kind (an offer for a need,
a need for an offer) of another owner. Points, each with a reason a person can read:

- same industry group: 3;
- VSIC 2018: same class (4 digits) 3, else same division (2 digits) 1;
- HS code: same subheading (6 digits) 3, else same heading (4 digits) 2, else same chapter 1;
- keywords: 1 per word the two texts share, accents and case ignored ("van dong" matches
  "Van đồng"), at most 4; words of fewer than 3 letters and common words do not count.

Only candidates that score are suggested, best first (then the newest)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from chuluc.support.enums import ListingKind
from chuluc.support.models import Listing

MAX_KEYWORD_POINTS = 4
MIN_WORD = 3
# Words too common to say anything ("mau": the demo label "(mẫu)", and "mẫu" alone is vague).
STOPWORDS = frozenset(
    [
        "cac",
        "cho",
        "cua",
        "cung",
        "can",
        "mot",
        "nhung",
        "voi",
        "trong",
        "tai",
        "the",
        "nay",
        "san",
        "pham",
        "dich",
        "loai",
        "theo",
        "nhu",
        "khac",
        "duoc",
        "hoac",
        "tren",
        "duoi",
        "tu",
        "den",
        "and",
        "for",
        "with",
        "mau",
    ]
)


@dataclass
class Match:
    listing: Listing
    score: int
    reasons: list[str] = field(default_factory=list)


def _words(listing: Listing) -> set[str]:
    return {w for w in listing.search_key.split() if len(w) >= MIN_WORD and w not in STOPWORDS}


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def _code_points(a: str, b: str, levels: tuple[tuple[int, int, str], ...]) -> tuple[int, str]:
    for length, points, label in levels:
        if len(a) >= length and len(b) >= length and a[:length] == b[:length]:
            return points, label % {"code": a[:length]}
    return 0, ""


def score(listing: Listing, other: Listing) -> Match:
    """How well ``other`` answers ``listing``, and why (pure: reads only the two rows)."""
    match = Match(listing=other, score=0)
    if listing.industry_group_id and listing.industry_group_id == other.industry_group_id:
        match.score += 3
        match.reasons.append(_("Cùng nhóm ngành: %s") % other.industry_group.name)
    vsic_a, vsic_b = _digits(listing.vsic), _digits(other.vsic)  # "C2740" is class 2740
    points, reason = _code_points(
        vsic_a,
        vsic_b,
        ((4, 3, _("Cùng mã ngành VSIC %(code)s")), (2, 1, _("Cùng ngành cấp 2 VSIC %(code)s"))),
    )
    if points:
        match.score += points
        match.reasons.append(reason)
    hs_a, hs_b = _digits(listing.hs_code), _digits(other.hs_code)
    points, reason = _code_points(
        hs_a,
        hs_b,
        (
            (6, 3, _("Cùng phân nhóm HS %(code)s")),
            (4, 2, _("Cùng nhóm HS %(code)s")),
            (2, 1, _("Cùng chương HS %(code)s")),
        ),
    )
    if points:
        match.score += points
        match.reasons.append(reason)
    shared = sorted(_words(listing) & _words(other))
    if shared:
        match.score += min(len(shared), MAX_KEYWORD_POINTS)
        match.reasons.append(_("Từ khóa chung: %s") % ", ".join(shared[:8]))
    return match


def candidates(listing: Listing):
    """Open listings of the other kind, of another owner (one query)."""
    other_kind = ListingKind.NEED if listing.kind == ListingKind.OFFER else ListingKind.OFFER
    queryset = Listing.objects.select_related("enterprise", "partner", "industry_group").filter(
        kind=other_kind, is_open=True
    )
    if listing.enterprise_id:
        queryset = queryset.exclude(enterprise_id=listing.enterprise_id)
    if listing.partner_id:
        queryset = queryset.exclude(partner_id=listing.partner_id)
    return queryset


def suggestions(listing: Listing, *, limit: int = 10) -> list[Match]:
    """The best-scoring candidates for a listing, with their reasons."""
    scored = [score(listing, other) for other in candidates(listing)]
    scored = [m for m in scored if m.score > 0]
    scored.sort(key=lambda m: (-m.score, -m.listing.created_at.timestamp(), -m.listing.pk))
    return scored[:limit]
