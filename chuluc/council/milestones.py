"""How far the council's records have taken campaigns, for the campaign's stage
(``chuluc.campaigns.stage``): a round open means scoring, rounds all locked mean results
waiting to be published."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from chuluc.campaigns.enums import CampaignStage
from chuluc.council.enums import RoundStatus
from chuluc.council.models import Round


def stages_reached(campaign_ids: list[int], now: dt.datetime) -> dict[int, CampaignStage]:
    rows = (
        Round.objects.filter(council__campaign_id__in=campaign_ids)
        .values("council__campaign_id")
        .annotate(open=Count("pk", filter=Q(status=RoundStatus.OPEN)), all=Count("pk"))
    )
    return {
        row["council__campaign_id"]: (
            CampaignStage.SCORING if row["open"] else CampaignStage.RESULTS
        )
        for row in rows
        if row["all"]
    }
