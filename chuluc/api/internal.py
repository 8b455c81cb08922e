"""Endpoints for officers' and representatives' machine clients (a bearer token), under the
same named predicates as the pages: ``campaigns.rules`` and ``council.rules``."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from chuluc.api.auth import TokenAuth
from chuluc.api.errors import errors
from chuluc.api.pagination import Pagination
from chuluc.api.params import DossierFilters, Id
from chuluc.api.schemas import CampaignOut, DossierOut, DossierSummaryOut, RankingRowOut
from chuluc.campaigns import rules as campaign_rules
from chuluc.campaigns import selectors as campaign_selectors
from chuluc.campaigns.models import Campaign, Dossier
from chuluc.core.http import require, require_visible
from chuluc.council import rules as council_rules
from chuluc.council import selectors as council_selectors
from chuluc.council.models import Council

router = Router(auth=TokenAuth(), tags=["Cần mã truy cập"])

LIST_ERRORS = errors(401, 403, 422)
DETAIL_ERRORS = errors(401, 403, 404, 422)


def _campaign(user, campaign_id: int) -> Campaign:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    require_visible(campaign_rules.can_view_campaign(user, campaign))
    return campaign


@router.get(
    "/campaigns",
    response={200: list[CampaignOut], **LIST_ERRORS},
    operation_id="campaigns_list",
    summary="Các đợt xét chọn người dùng được xem",
)
@paginate(Pagination)
def campaigns_list(request):
    return campaign_selectors.campaign_list(user=request.auth)


@router.get(
    "/campaigns/{campaign_id}",
    response={200: CampaignOut, **DETAIL_ERRORS},
    operation_id="campaign_detail",
    summary="Một đợt xét chọn",
)
def campaign_detail(request, campaign_id: Id):
    campaign = _campaign(request.auth, campaign_id)
    return campaign_selectors.campaign_detail(pk=campaign.pk)


@router.get(
    "/campaigns/{campaign_id}/dossiers",
    response={200: list[DossierSummaryOut], **DETAIL_ERRORS},
    operation_id="campaign_dossiers",
    summary="Hồ sơ của một đợt (cán bộ, lãnh đạo)",
)
@paginate(Pagination)
def campaign_dossiers(request, campaign_id: Id, filters: Query[DossierFilters]):
    campaign = _campaign(request.auth, campaign_id)
    require(campaign_rules.can_list_dossiers(request.auth, campaign))
    return campaign_selectors.dossier_list(
        user=request.auth, campaign=campaign, status=filters.status or ""
    )


@router.get(
    "/dossiers/{dossier_id}",
    response={200: DossierOut, **DETAIL_ERRORS},
    operation_id="dossier_detail",
    summary="Một hồ sơ, với số liệu",
    description="Cán bộ, lãnh đạo; đại diện doanh nghiệp chỉ xem hồ sơ của doanh nghiệp mình.",
)
def dossier_detail(request, dossier_id: Id):
    dossier = get_object_or_404(Dossier, pk=dossier_id)
    require_visible(campaign_rules.can_view_dossier(request.auth, dossier))
    return campaign_selectors.dossier_detail(pk=dossier.pk)


@router.get(
    "/campaigns/{campaign_id}/ranking",
    response={200: list[RankingRowOut], **DETAIL_ERRORS},
    operation_id="campaign_ranking",
    summary="Kết quả xếp hạng của Hội đồng",
    description="Chỉ khi không còn vòng chấm nào đang mở.",
)
@paginate(Pagination)
def campaign_ranking(request, campaign_id: Id):
    campaign = _campaign(request.auth, campaign_id)
    council = Council.objects.filter(campaign=campaign).first()
    if council is None:
        raise Http404
    require(council_rules.can_view_results(request.auth, council))
    return council_selectors.results_table(council=council)
