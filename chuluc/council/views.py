"""Council pages: composition (officers), scoring (members), progress and results
(secretary, chair, officers — results only once scoring is closed)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuluc.accounts.rules import is_internal
from chuluc.campaigns import rules as campaign_rules
from chuluc.campaigns.checklist import dossier_checklist
from chuluc.campaigns.figures import figure_table
from chuluc.campaigns.models import Campaign, Criterion, Dossier, Evidence
from chuluc.campaigns.selectors import dossier_detail
from chuluc.core.errors import ApplicationError
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, private_file, require, require_visible
from chuluc.council import documents, exports, rules, selectors, services
from chuluc.council.forms import (
    AssignmentForm,
    ConflictForm,
    CorrectionForm,
    CouncilForm,
    MemberForm,
    RoundForm,
    TieVoteForm,
)
from chuluc.council.models import Correction, Council, Member, Round, Score


def _council(request, pk: int) -> Council:
    council = get_object_or_404(Council, pk=pk)
    require_visible(
        rules.can_manage_council(request.user)
        or rules.is_member(request.user, council)
        or rules.can_view_progress(request.user, council)
    )
    return council


def _post(request, council: Council, service, /, form=None, **extra):
    form = form or django_forms.Form(data={})
    if (
        form.is_valid()
        and run_service(form, service, actor=request.user, **extra, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Đã lưu."))
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("council:home", pk=council.pk)


@login_required
def my_councils(request):
    councils = Council.objects.select_related("campaign").order_by("-campaign__year")
    if not (rules.can_manage_council(request.user) or is_internal(request.user)):
        councils = councils.filter(members__user=request.user)
    return render(request, "council/list.html", {"councils": councils})


@login_required
def campaign_council(request, campaign_pk: int):
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    require_visible(campaign_rules.can_view_campaign(request.user, campaign))
    council = Council.objects.filter(campaign=campaign).first()
    if council is not None:
        return redirect("council:home", pk=council.pk)
    require(rules.can_manage_council(request.user))
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        council = run_service(
            form,
            services.council_create,
            actor=request.user,
            campaign=campaign,
            **form.cleaned_data,
        )
        if council:
            return redirect("council:home", pk=council.pk)
    return render(request, "council/create.html", {"campaign": campaign, "form": form})


@login_required
def home(request, pk: int):
    council = _council(request, pk)
    council = selectors.council_detail(pk=council.pk)
    seat = rules.seat(request.user, council)
    round_ = selectors.open_round(council)
    context = {
        "council": council,
        "seat": seat,
        "round": round_,
        "can_manage": rules.can_manage_council(request.user),
        "can_close": round_ is not None and rules.can_close_round(request.user, council),
        "can_view_results": rules.can_view_results(request.user, council),
    }
    if context["can_manage"]:
        assigned = selectors.assignments_by_criterion(council)
        context.update(
            member_form=MemberForm(),
            round_form=RoundForm(),
            criteria=[
                (
                    c,
                    assigned.get(c.pk, []),
                    AssignmentForm(
                        council=council,
                        initial={"criterion": c.pk, "members": assigned.get(c.pk, [])},
                    ),
                )
                for c in selectors.judged_criteria(council)
            ],
        )
    if round_ is not None and rules.can_view_progress(request.user, council):
        context["progress"] = selectors.progress(council=council, round_=round_)
    return render(request, "council/home.html", context)


@login_required
@require_POST
def member_add(request, pk: int):
    council = _council(request, pk)
    require(rules.can_manage_council(request.user))
    return _post(
        request, council, services.member_add, form=MemberForm(request.POST), council=council
    )


@login_required
@require_POST
def assignment_set(request, pk: int):
    council = _council(request, pk)
    require(rules.can_manage_council(request.user))
    form = AssignmentForm(request.POST, council=council)
    if form.is_valid():
        criterion = get_object_or_404(Criterion, pk=form.cleaned_data["criterion"])
        if run_service(
            form,
            services.assignment_set,
            actor=request.user,
            council=council,
            criterion=criterion,
            members=list(form.cleaned_data["members"]),
        ):
            messages.success(request, _("Đã phân công tiêu chí %s.") % criterion.code)
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("council:home", pk=council.pk)


@login_required
@require_POST
def round_open(request, pk: int):
    council = _council(request, pk)
    require(rules.can_manage_council(request.user) or rules.can_close_round(request.user, council))
    return _post(
        request, council, services.round_open, form=RoundForm(request.POST), council=council
    )


@login_required
@require_POST
def round_close(request, pk: int, round_pk: int):
    council = _council(request, pk)
    require(rules.can_close_round(request.user, council))
    round_ = get_object_or_404(Round, pk=round_pk, council=council)
    return _post(request, council, services.round_close, round_=round_)


# Scoring (members) --------------------------------------------------------------------


def _seat(request, council):
    seat = rules.seat(request.user, council)
    require(seat is not None)
    return seat


@login_required
def scoring(request, pk: int):
    council = _council(request, pk)
    seat = _seat(request, council)
    round_ = selectors.open_round(council)
    context = {"council": council, "seat": seat, "round": round_, "conflict_form": ConflictForm()}
    if round_ is not None and seat.no_conflict_signed_at:
        context["sheet"] = selectors.scoring_page(
            member=seat, round_=round_, page=request.GET.get("page")
        )
        context["page"] = context["sheet"]["page"]
        context["submitted"] = selectors.sheet_submitted_at(member=seat, round_=round_) is not None
    context["conflicts"] = seat.conflicts.select_related("dossier__product")
    context["sheet_rounds"] = council.rounds.order_by("number")
    return render(request, "council/scoring.html", context)


@login_required
@require_POST
def sign_declaration(request, pk: int):
    council = _council(request, pk)
    seat = _seat(request, council)
    services.no_conflict_sign(actor=request.user, member=seat)
    messages.success(request, _("Đã ký cam kết không xung đột lợi ích."))
    return redirect("council:scoring", pk=council.pk)


@login_required
@require_POST
def conflict_declare(request, pk: int, dossier_pk: int):
    council = _council(request, pk)
    seat = _seat(request, council)
    dossier = get_object_or_404(Dossier, pk=dossier_pk, campaign_id=council.campaign_id)
    form = ConflictForm(request.POST)
    if form.is_valid() and run_service(
        form,
        services.conflict_declare,
        actor=request.user,
        member=seat,
        dossier=dossier,
        **form.cleaned_data,
    ):
        messages.success(
            request,
            _("Đã ghi nhận xung đột lợi ích; hồ sơ này không còn trong phiếu chấm của bạn."),
        )
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("council:scoring", pk=council.pk)


@login_required
@require_POST
def score_save(request, pk: int, dossier_pk: int, criterion_pk: int):
    council = _council(request, pk)
    _seat(request, council)
    round_ = selectors.open_round(council)
    dossier = get_object_or_404(Dossier, pk=dossier_pk, campaign_id=council.campaign_id)
    require_visible(rules.can_view_council_dossier(request.user, council, dossier))
    criterion = get_object_or_404(Criterion, pk=criterion_pk)
    error = None
    score = None
    try:
        if round_ is None:
            raise ApplicationError(_("Không có vòng chấm nào đang mở."))
        score = services.score_record(
            actor=request.user,
            round_=round_,
            dossier=dossier,
            criterion=criterion,
            value=request.POST.get("value", ""),
            comment=request.POST.get("comment", ""),
        )
    except ApplicationError as exc:
        error = exc.message
    except django_forms.ValidationError as exc:
        error = " ".join(exc.messages)
    context = {
        "dossier": dossier,
        "criterion": criterion,
        "score": score,
        "error": error,
        "council": council,
        "value": request.POST.get("value", ""),
        "comment": request.POST.get("comment", ""),
    }
    if request.htmx:
        return render(
            request, "council/_score_cell.html", context, status=200 if error is None else 422
        )
    if error:
        messages.error(request, error)
    return redirect("council:scoring", pk=council.pk)


@login_required
@require_POST
def sheet_submit(request, pk: int):
    council = _council(request, pk)
    _seat(request, council)
    round_ = selectors.open_round(council)
    if round_ is None:
        messages.error(request, _("Không có vòng chấm nào đang mở."))
    else:
        try:
            services.sheet_submit(actor=request.user, round_=round_)
            messages.success(request, _("Đã nộp phiếu chấm."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("council:scoring", pk=council.pk)


@login_required
def member_dossier(request, pk: int, dossier_pk: int):
    council = _council(request, pk)
    dossier = get_object_or_404(Dossier, pk=dossier_pk, campaign_id=council.campaign_id)
    require_visible(rules.can_view_council_dossier(request.user, council, dossier))
    dossier = dossier_detail(pk=dossier.pk)
    return render(
        request,
        "council/dossier.html",
        {
            "council": council,
            "dossier": dossier,
            "figure_table": figure_table(dossier),
            "checklist": dossier_checklist(dossier),
        },
    )


@login_required
def member_evidence(request, pk: int, dossier_pk: int, evidence_pk: int):
    council = _council(request, pk)
    evidence = get_object_or_404(
        Evidence.objects.select_related("dossier"), pk=evidence_pk, dossier_id=dossier_pk
    )
    require_visible(rules.can_view_council_dossier(request.user, council, evidence.dossier))
    return private_file(
        evidence.file, content_type=evidence.content_type, filename=evidence.original_name
    )


# Results ----------------------------------------------------------------------------


@login_required
def results(request, pk: int, tie_form: TieVoteForm | None = None):
    council = _council(request, pk)
    require(rules.can_view_results(request.user, council))
    page = paginate(request, selectors.results_table(council=council))
    context = {
        "council": council,
        "rows": page.object_list,
        "page": page,
        "criteria": list(
            Criterion.objects.filter(
                group__criteria_set_id=council.campaign.criteria_set_id
            ).order_by("group__position", "position")
        ),
        "is_chair": rules.is_chair(request.user, council),
        "can_vote": rules.is_secretary_or_chair(request.user, council)
        or rules.can_manage_council(request.user),
        "corrections": Correction.objects.filter(score__round__council=council).select_related(
            "score__criterion", "score__member__user", "requested_by"
        ),
        **_ties_context(request, council, tie_form),
        "can_download_sheets": rules.is_secretary_or_chair(request.user, council)
        or rules.can_manage_council(request.user),
    }
    if context["can_download_sheets"]:
        context["sheet_rounds"] = selectors.closed_rounds(council)
        context["sheet_members"] = council.members.select_related("user").order_by("role", "id")
    return render(request, "council/results.html", context)


@login_required
def results_xlsx(request, pk: int):
    council = _council(request, pk)
    require(rules.can_view_results(request.user, council))
    content = exports.ranking_xlsx(council=council)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="xep-hang-{council.campaign.year}.xlsx"'
    )
    return response


@login_required
@require_POST
def correction_request(request, pk: int, score_pk: int):
    council = _council(request, pk)
    score = get_object_or_404(Score, pk=score_pk, round__council=council)
    require(
        score.member.user_id == request.user.pk
        or rules.is_secretary_or_chair(request.user, council)
    )
    form = CorrectionForm(request.POST)
    if form.is_valid() and run_service(
        form, services.correction_request, actor=request.user, score=score, **form.cleaned_data
    ):
        messages.success(request, _("Đã gửi đề nghị điều chỉnh; chờ Chủ tịch duyệt."))
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("council:home", pk=council.pk)


@login_required
@require_POST
def correction_decide(request, pk: int, correction_pk: int):
    council = _council(request, pk)
    require(rules.can_approve_correction(request.user, council))
    correction = get_object_or_404(Correction, pk=correction_pk, score__round__council=council)
    try:
        services.correction_decide(
            actor=request.user, correction=correction, approve=request.POST.get("approve") == "1"
        )
        messages.success(request, _("Đã xử lý đề nghị điều chỉnh; kết quả đã được tính lại."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("council:results", pk=council.pk)


@login_required
@require_POST
def tie_vote(request, pk: int):
    council = _council(request, pk)
    require(
        rules.can_view_results(request.user, council)
        and (
            rules.is_secretary_or_chair(request.user, council)
            or rules.can_manage_council(request.user)
        )
    )
    wanted = request.POST.get("dong_hang", "")
    tied = next(
        (
            s
            for g in selectors.tie_groups(list(selectors.results_table(council=council)))
            for s in g.sets
            if str(s.rank) == wanted
        ),
        None,
    )
    if tied is None:
        messages.error(
            request,
            _(
                "Không còn nhóm đồng hạng này (kết quả đã được tính lại); hãy xem lại các nhóm "
                "đồng hạng hiện có."
            ),
        )
        return redirect("council:results", pk=council.pk)
    form = TieVoteForm(request.POST, tied=tied)
    if form.is_valid() and run_service(
        form,
        services.tie_vote_record,
        actor=request.user,
        council=council,
        order=form.cleaned_data["order"],
        minutes=form.cleaned_data["minutes"],
    ):
        messages.success(
            request, _("Đã ghi kết quả biểu quyết cho các hồ sơ %(label)s.") % {"label": tied.label}
        )
        return redirect("council:results", pk=council.pk)
    response = results(request, council.pk, tie_form=form)  # the errors by their fields
    response.status_code = 422
    return response


def _ties_context(request, council: Council, bound: TieVoteForm | None) -> dict:
    """The ties of the results page: every group named by its ranks, the label of each row,
    and, for the secretary, the chair and officers, a vote form per set of dossiers still
    tied (``bound``: the one just sent back with its errors)."""
    groups = selectors.tie_groups(
        list(selectors.results_table(council=council).filter(tie_group__isnull=False))
    )
    labels = selectors.tie_labels(groups)
    notes = {r.dossier_id: selectors.tie_resolution(r) for g in groups for r in g.results}
    if not rules.can_view_results(request.user, council):
        return {"tie_groups": [], "tie_labels": labels, "tie_notes": notes, "tie_forms": {}}
    can_vote = (
        rules.is_secretary_or_chair(request.user, council) or rules.can_manage_council(request.user)
    ) and not selectors.results_frozen(council)
    forms = {}
    if can_vote:
        for s in (s for g in groups for s in g.sets):
            same = bound is not None and bound.tied.rank == s.rank
            forms[s.rank] = bound if same else TieVoteForm(tied=s)
    return {"tie_groups": groups, "tie_labels": labels, "tie_notes": notes, "tie_forms": forms}


# Documents ----------------------------------------------------------------------------


@login_required
def score_sheet_pdf(request, pk: int, round_pk: int):
    """A member's signed score sheet. One's own at any time; another member's (``?member=``)
    only once scoring is over, for the secretary, the chair and officers: 404 otherwise, so
    that nobody learns whose sheet exists while scoring is open."""
    council = _council(request, pk)
    round_ = get_object_or_404(Round, pk=round_pk, council=council)
    wanted = request.GET.get("member", "")
    if wanted:
        require_visible(wanted.isascii() and wanted.isdigit())
        member = get_object_or_404(
            Member.objects.select_related("user", "agency"), pk=int(wanted), council=council
        )
    else:
        member = rules.seat(request.user, council)
        require_visible(member is not None)
    require_visible(rules.can_view_score_sheet(request.user, council, member, round_))
    content = documents.score_sheet_pdf(council=council, member=member, round_=round_)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="phieu-cham-vong-{round_.number}-tv-{member.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def minutes_docx(request, pk: int):
    council = _council(request, pk)
    require(rules.can_view_results(request.user, council))
    content = documents.minutes_docx(council=council)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bien-ban-hoi-dong-{council.campaign.year}.docx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
