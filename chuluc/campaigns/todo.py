"""What the campaigns part asks of a person on the dashboard ("Việc cần làm",
``chuluc.core.navigation.register_task_source``): derived from the dossiers' states, the
campaigns' calendars and their stage (``chuluc.campaigns.stage``), never stored."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts import rules as account_rules
from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.campaigns.enums import CampaignStatus, DossierStatus
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.campaigns.stage import running_campaigns
from chuluc.core.formatting import vn_date
from chuluc.core.navigation import Task
from chuluc.registry.models import Product


def stage_tasks(user, today: dt.date) -> list[Task]:
    """Officers and the leader: each running campaign whose stage is late (one query per
    milestone source, ``running_campaigns``)."""
    if not account_rules.is_internal(user):
        return []
    return [
        Task(
            what=_("Đợt “%(name)s”: %(stage)s") % {"name": c.name, "stage": c.stage.label},
            why=c.stage.late,
            url=reverse("campaigns:campaign_detail", args=[c.pk]),
            due=c.stage.due,
            overdue=True,
        )
        for c in running_campaigns()
        if c.stage.late
    ]


def screening_tasks(user, today: dt.date) -> list[Task]:
    """Officers: per campaign, the dossiers submitted and waiting for screening (one query)."""
    if not account_rules.is_officer(user):
        return []
    waiting = (
        Dossier.objects.filter(status=DossierStatus.SUBMITTED)
        .values("campaign_id", "campaign__name", "campaign__screening_ends")
        .annotate(count=Count("id"))
        .order_by("campaign_id")
    )
    found = []
    for row in waiting:
        due = row["campaign__screening_ends"]
        found.append(
            Task(
                what=_("Hồ sơ chờ thẩm định (%(name)s): %(count)d")
                % {"name": row["campaign__name"], "count": row["count"]},
                why=_("Doanh nghiệp đã nộp hồ sơ; cần thẩm định trước khi Hội đồng chấm."),
                url=reverse("campaigns:campaign_dossiers", args=[row["campaign_id"]])
                + "?status="
                + DossierStatus.SUBMITTED,
                due=due,
                overdue=bool(due and due < today),
            )
        )
    return found


def dossier_tasks(user, today: dt.date) -> list[Task]:
    """A representative: drafts to submit while registration is open, returned dossiers to
    resubmit by their own deadline (one query)."""
    if not account_rules.is_enterprise_rep(user):
        return []
    now = timezone.now()
    dossiers = (
        Dossier.objects.filter(enterprise_id__in=user_enterprise_ids(user))
        .filter(
            Q(
                status=DossierStatus.DRAFT,
                campaign__registration_opens__lte=now,
                campaign__registration_closes__gte=now,
            )
            | Q(status=DossierStatus.RETURNED)
        )
        .select_related("campaign", "product")
        .order_by("pk")
    )
    found = []
    for dossier in dossiers:
        url = reverse("campaigns:dossier_detail", args=[dossier.pk])
        if dossier.is_returned:
            deadline = dossier.resubmit_by or dossier.campaign.registration_closes
            due = timezone.localtime(deadline).date()
            found.append(
                Task(
                    what=_("Nộp lại hồ sơ “%(product)s”") % {"product": dossier.product.name},
                    why=_("Sở Công Thương đã trả lại hồ sơ để bổ sung; nộp lại trước %(date)s.")
                    % {"date": vn_date(due)},
                    url=url,
                    due=due,
                    overdue=deadline < now,
                )
            )
        else:
            due = timezone.localtime(dossier.campaign.registration_closes).date()
            found.append(
                Task(
                    what=_("Nộp hồ sơ “%(product)s”") % {"product": dossier.product.name},
                    why=_("Hồ sơ đang là bản nháp; đợt “%(name)s” nhận hồ sơ đến %(date)s.")
                    % {"name": dossier.campaign.name, "date": vn_date(due)},
                    url=url,
                    due=due,
                )
            )
    return found


def registration_tasks(user, today: dt.date) -> list[Task]:
    """A representative: each campaign taking applications in which some of the enterprise's
    products have no dossier yet, with the day registration closes (two queries)."""
    if not account_rules.is_enterprise_rep(user):
        return []
    now = timezone.now()
    open_campaigns = list(
        Campaign.objects.filter(
            registration_opens__lte=now,
            registration_closes__gte=now,
            status=CampaignStatus.PUBLISHED,
        ).order_by("registration_closes", "pk")
    )
    if not open_campaigns:
        return []
    products = (
        Product.objects.filter(enterprise_id__in=user_enterprise_ids(user))
        .values("pk")
        .annotate(
            lodged=Count(
                "dossiers",
                filter=Q(dossiers__campaign__in=[c.pk for c in open_campaigns]),
            )
        )
    )
    # Per campaign, whether a product is still without a dossier: one dossier per product
    # per campaign, so a product is free in every open campaign when it has none in them.
    free = [row for row in products if row["lodged"] < len(open_campaigns)]
    if not free:
        return []
    lodged = set(
        Dossier.objects.filter(
            campaign__in=open_campaigns, product_id__in=[row["pk"] for row in free]
        ).values_list("campaign_id", "product_id")
    )
    found = []
    for campaign in open_campaigns:
        count = sum(1 for row in free if (campaign.pk, row["pk"]) not in lodged)
        if not count:
            continue
        due = timezone.localtime(campaign.registration_closes).date()
        found.append(
            Task(
                what=_("Lập hồ sơ tham gia đợt “%(name)s”") % {"name": campaign.name},
                why=_(
                    "Đợt xét chọn đang nhận hồ sơ đến %(date)s; doanh nghiệp còn %(count)d sản "
                    "phẩm chưa có hồ sơ."
                )
                % {"date": vn_date(due), "count": count},
                url=reverse("campaigns:campaign_detail", args=[campaign.pk]),
                due=due,
            )
        )
    return found
