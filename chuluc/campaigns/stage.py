"""The campaign's current stage: derived from its calendar and its records, never typed.

A campaign is prepared, takes registrations between its two dates, is screened, scored by
the council, published for public comment and decided. The dates say where it should be;
the records say where it is. Registration follows the dates alone (the server enforces
them); from the council on, the records decide, since a round is opened and locked by
people, and the date only tells whether it is late.

The records of the later stages live in the later parts of the program (``council``,
``decisions``), which ``campaigns`` may not import. Each registers, in its
``AppConfig.ready()``, a *milestone source*: for a list of campaigns, the furthest stage its
records show, in one query:

    register_milestone_source("council", rounds_reached)

``stages(campaigns)`` derives the stage of many campaigns in a fixed number of queries (one
per source) for lists; ``stage(campaign)`` of one. Every page, guard and dashboard shows
the stage from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chuluc.campaigns.enums import CampaignStage, CampaignStatus
from chuluc.campaigns.models import Campaign

S = CampaignStage
#: The stages in the program's order (a later one is further on).
ORDER: tuple[CampaignStage, ...] = tuple(CampaignStage)

#: ``source(campaign_ids, now) -> {campaign_id: furthest stage its records show}``.
MilestoneSource = Callable[[list[int], dt.datetime], Mapping[int, CampaignStage]]

_SOURCES: dict[str, MilestoneSource] = {}


def register_milestone_source(name: str, source: MilestoneSource) -> None:
    """Let a later part of the program say how far its records have taken campaigns;
    registering ``name`` again replaces the earlier source."""
    _SOURCES[name] = source


def rank(stage: CampaignStage | str) -> int:
    return ORDER.index(CampaignStage(stage))


def furthest(*stages: CampaignStage | None) -> CampaignStage | None:
    reached = [s for s in stages if s is not None]
    return max(reached, key=rank) if reached else None


@dataclass(frozen=True)
class Stage:
    """A campaign's stage with what a person needs to read it: the stage, the date the
    calendar gives for its end, and a warning when that date has passed."""

    stage: CampaignStage
    due: dt.date | None
    late: str | None

    @property
    def label(self) -> str:
        return self.stage.label

    @property
    def code(self) -> str:
        return self.stage.value

    def reached(self, other: CampaignStage | str) -> bool:
        """Whether the campaign has reached ``other`` (or gone past it)."""
        return rank(self.stage) >= rank(other)

    def __str__(self) -> str:
        return str(self.label)


def _day(value: dt.date | None) -> str:
    return date_format(value, "d/m/Y") if value else ""


def _by_dates(campaign: Campaign, now: dt.datetime) -> CampaignStage:
    """Where the calendar alone puts a published campaign, up to screening: later stages
    need the council's and the decision's records."""
    if now < campaign.registration_opens:
        return S.UPCOMING
    if now <= campaign.registration_closes:
        return S.REGISTRATION
    return S.SCREENING


def _due(campaign: Campaign, stage: CampaignStage) -> tuple[dt.date | None, str]:
    """The calendar's date for the end of ``stage`` and what is late when it has passed."""
    if stage == S.SCREENING:
        return campaign.screening_ends or campaign.scoring_starts, _(
            "Đã quá hạn thẩm định (%s) mà Hội đồng chưa mở vòng chấm."
        )
    if stage == S.SCORING:
        return campaign.scoring_ends, _(
            "Đã quá hạn kết thúc chấm điểm (%s) mà vòng chấm chưa khóa."
        )
    if stage == S.RESULTS:
        return campaign.comment_starts, _(
            "Đã quá ngày công bố lấy ý kiến (%s) mà kết quả chưa được công bố."
        )
    if stage == S.DECISION:
        return campaign.decision_due, _("Đã quá ngày dự kiến quyết định công nhận (%s).")
    return None, ""


def _derive(campaign: Campaign, records: CampaignStage | None, now: dt.datetime) -> Stage:
    if campaign.status == CampaignStatus.DRAFT:
        return Stage(S.PREPARING, None, None)
    if campaign.status == CampaignStatus.ARCHIVED:
        return Stage(S.CLOSED, None, None)
    stage = furthest(_by_dates(campaign, now), records) or S.SCREENING
    due, message = _due(campaign, stage)
    if stage == S.REGISTRATION:
        due = timezone.localtime(campaign.registration_closes).date()
    late = message % _day(due) if due and message and timezone.localdate(now) > due else None
    return Stage(stage, due, late)


def stages(campaigns: Iterable[Campaign], *, now: dt.datetime | None = None) -> dict[int, Stage]:
    """The stage of each campaign, by id, in one query per registered source."""
    campaigns = list(campaigns)
    now = now or timezone.now()
    ids = [c.pk for c in campaigns]
    reached: dict[int, CampaignStage | None] = dict.fromkeys(ids)
    if ids:
        for source in _SOURCES.values():
            for pk, stage in source(ids, now).items():
                reached[pk] = furthest(reached.get(pk), stage)
    return {c.pk: _derive(c, reached[c.pk], now) for c in campaigns}


def stage(campaign: Campaign, *, now: dt.datetime | None = None) -> Stage:
    """The stage of one campaign."""
    return stages([campaign], now=now)[campaign.pk]


def with_stages(campaigns: Iterable[Campaign], *, now: dt.datetime | None = None) -> list:
    """``campaigns`` as a list, each carrying its ``stage`` for a list page."""
    campaigns = list(campaigns)
    derived = stages(campaigns, now=now)
    for campaign in campaigns:
        campaign.stage = derived[campaign.pk]
    return campaigns


def running_campaigns(*, now: dt.datetime | None = None) -> list[Campaign]:
    """The published campaigns (prepared and closed ones are not running), newest first,
    each with its stage: the dashboard's first panel."""
    published = Campaign.objects.filter(status=CampaignStatus.PUBLISHED).order_by("-year", "pk")
    return with_stages(published, now=now)
