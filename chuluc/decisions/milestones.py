"""How far the publication and the decision have taken campaigns, for the campaign's stage
(``chuluc.campaigns.stage``): published and open for comment, comments closed and waiting
for the decision, or decided."""

from __future__ import annotations

import datetime as dt

from chuluc.campaigns.enums import CampaignStage
from chuluc.decisions.enums import PublicationStatus
from chuluc.decisions.models import Decision, Publication


def stages_reached(campaign_ids: list[int], now: dt.datetime) -> dict[int, CampaignStage]:
    reached = {}
    rows = Publication.objects.filter(campaign_id__in=campaign_ids).values(
        "campaign_id", "status", "comments_close_at"
    )
    for row in rows:
        if row["status"] == PublicationStatus.DECIDED:
            reached[row["campaign_id"]] = CampaignStage.DECIDED
        elif now <= row["comments_close_at"]:
            reached[row["campaign_id"]] = CampaignStage.COMMENT
        else:
            reached[row["campaign_id"]] = CampaignStage.DECISION
    # a decision entered without a publication (a past year recorded afterwards)
    for pk in Decision.objects.filter(campaign_id__in=campaign_ids).values_list(
        "campaign_id", flat=True
    ):
        reached[pk] = CampaignStage.DECIDED
    return reached
