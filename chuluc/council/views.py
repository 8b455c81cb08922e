"""Council pages: composition (officers), scoring (members), progress and results
(secretary, chair, officers — results only once scoring is closed)."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from chuluc.accounts.rules import is_internal
from chuluc.campaigns import rules as campaign_rules
from chuluc.campaigns.checklist import dossier_checklist
from chuluc.campaigns.figures import figure_table
from chuluc.campaigns.models import Campaign, Criterion, Dossier, Evidence
from chuluc.campaigns.selectors import dossier_detail
from chuluc.campaigns.stage import stage as campaign_stage
from chuluc.core.errors import ApplicationError
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, private_file, require, require_visible
from chuluc.council import documents, exports, rules, selectors, services
from chuluc.council.enums import RoundStatus
from chuluc.council.forms import (
    AssignmentForm,
    ConflictForm,
    CorrectionDecisionForm,
    CorrectionForm,
    CouncilForm,
    MemberForm,
    ReopenForm,
    RoundForm,
    TieVoteForm,
)
from chuluc.council.lifecycles import CORRECTION, ROUND, SCORE_SHEET
from chuluc.council.models import Correction, Council, Member, Round, Score
from chuluc.council.services.sheets import EDITED_AFTER_SUBMITTING


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
        # Offered only what may apply now: the round's close by its lifecycle, a new round
        # by the refusal round_open gives (none while a round is open or once published).
        "can_close": round_ is not None
        and ROUND.refusal(round_, "close", actor=request.user) is None,
        "can_open_round": (
            rules.can_manage_council(request.user) or rules.can_close_round(request.user, council)
        )
        and services.round_open_refusal(council) is None,
        "can_view_results": rules.can_view_ranking(request.user, council),
        "scores": rules.scores_on_council(request.user, council),
        "corrections_waiting": (
            selectors.corrections_waiting(council=council)
            if rules.can_approve_correction(request.user, council)
            else 0
        ),
        "stage": campaign_stage(council.campaign),
    }
    if context["can_open_round"]:
        context["round_form"] = RoundForm()
    if rules.is_chair(request.user, council) and (
        services.assessment_reopen_refusal(council, actor=request.user) is None
    ):
        context["reopen_form"] = ReopenForm()
    if context["can_manage"]:
        assigned = selectors.assignments_by_criterion(council)
        context.update(
            member_form=MemberForm(),
            criteria=[
                (
                    c,
                    assigned.get(c.pk, []),
                    AssignmentForm(
                        council=council,
                        initial={"criterion": c.pk, "members": assigned.get(c.pk, [])},
                        # one form per criterion on the page: ids (and labels) of its own
                        auto_id=f"assign-{c.pk}-%s",
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
def assessment_reopen(request, pk: int):
    council = _council(request, pk)
    require(rules.is_chair(request.user, council))
    return _post(
        request, council, services.assessment_reopen, form=ReopenForm(request.POST), council=council
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


#: What a seat that scores no criterion (usually the chair's, the secretary's) is told.
NO_SHEET = _lazy(
    "Ông/bà không được phân công chấm tiêu chí nào nên không có phiếu chấm. Khi Thư ký khóa "
    "vòng chấm, kết quả có trên trang Kết quả, xếp hạng."
)


def _scoring_seat(request, council):
    """The user's seat, when it has a score sheet; ``None`` after telling them why not (the
    caller sends them to the council's page)."""
    seat = _seat(request, council)
    if rules.scores_on_council(request.user, council):
        return seat
    messages.info(request, NO_SHEET)
    return None


def _offering_submit(request, summary: dict) -> dict:
    """The sheet's summary, with whether its lifecycle lets the member submit it now (a
    sheet not yet recorded is a draft)."""
    record = summary["record"]
    summary["can_submit"] = (
        record is None or SCORE_SHEET.refusal(record, "submit", actor=request.user) is None
    )
    return summary


@login_required
def scoring(request, pk: int):
    council = _council(request, pk)
    seat = _scoring_seat(request, council)
    if seat is None:
        return redirect("council:home", pk=council.pk)
    round_ = selectors.open_round(council)
    # Once scoring is over, the member's sheet of the last round, locked: each score links
    # to the request of a correction.
    locked = None if round_ is not None else selectors.closed_rounds(council).last()
    context = {
        "council": council,
        "seat": seat,
        "round": round_,
        "locked": locked,
        "conflict_form": ConflictForm(),
    }
    shown = round_ or locked
    if shown is not None and seat.no_conflict_signed_at:
        sheet = selectors.scoring_page(member=seat, round_=shown, page=request.GET.get("page"))
        context["sheet"] = sheet
        context["page"] = sheet["page"]
        context["summary"] = _offering_submit(
            request,
            {
                "done": sheet["done"],
                "expected": sheet["expected"],
                "record": selectors.sheet_of(member=seat, round_=shown),
            },
        )
        if locked is not None:
            context["own"] = {
                "criteria": sheet["criteria"],
                "rows": sheet["rows"],
                "pending": selectors.pending_corrections(
                    scores=[s for _d, cells in sheet["rows"] for _c, s in cells if s]
                ),
                "round": locked,
                "can_correct": not selectors.results_frozen(council),
            }
    context["conflicts"] = selectors.member_conflicts(member=seat)
    context["sheet_rounds"] = council.rounds.order_by("number")
    return render(request, "council/scoring.html", context)


@login_required
@require_POST
def sign_declaration(request, pk: int):
    council = _council(request, pk)
    seat = _seat(request, council)
    services.no_conflict_sign(actor=request.user, member=seat)
    messages.success(request, _("Đã ký cam kết không xung đột lợi ích."))
    if not rules.scores_on_council(request.user, council):  # no sheet: signed on the home
        return redirect("council:home", pk=council.pk)
    return redirect("council:scoring", pk=council.pk)


@login_required
@require_POST
def conflict_declare(request, pk: int, dossier_pk: int):
    council = _council(request, pk)
    seat = _seat(request, council)
    dossier = get_object_or_404(Dossier, pk=dossier_pk, campaign_id=council.campaign_id)
    form = ConflictForm(request.POST)
    whole = form.is_valid() and form.cleaned_data["whole_enterprise"]
    written = form.is_valid() and run_service(
        form,
        services.conflict_declare,
        actor=request.user,
        member=seat,
        reason=form.cleaned_data["reason"],
        **({"enterprise": dossier.enterprise} if whole else {"dossier": dossier}),
    )
    if written and whole:
        messages.success(
            request,
            _(
                "Đã ghi nhận xung đột lợi ích với doanh nghiệp %(name)s; %(n)s hồ sơ của doanh "
                "nghiệp không còn trong phiếu chấm của bạn."
            )
            % {"name": dossier.enterprise.name, "n": len(written)},
        )
    elif written:
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
    seat = _seat(request, council)
    round_ = selectors.open_round(council)
    dossier = get_object_or_404(Dossier, pk=dossier_pk, campaign_id=council.campaign_id)
    require_visible(rules.can_view_council_dossier(request.user, council, dossier))
    criterion = get_object_or_404(Criterion, pk=criterion_pk)
    error = None
    score = None
    record = selectors.sheet_of(member=seat, round_=round_) if round_ is not None else None
    was_submitted = record is not None and record.is_submitted
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
        # The cell, and the sheet's status line swapped out of band: a change that took a
        # submitted sheet back to draft shows at once.
        if round_ is not None:
            context["summary"] = _offering_submit(
                request, selectors.sheet_summary(member=seat, round_=round_)
            )
            context["round"] = round_
        return render(
            request, "council/_score_answer.html", context, status=200 if error is None else 422
        )
    if error:
        messages.error(request, error)
    elif was_submitted:
        messages.warning(request, EDITED_AFTER_SUBMITTING)
    return redirect("council:scoring", pk=council.pk)


@login_required
@require_POST
def sheet_submit(request, pk: int):
    council = _council(request, pk)
    if _scoring_seat(request, council) is None:
        return redirect("council:home", pk=council.pk)
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
            "scores": rules.scores_on_council(request.user, council),
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
    # Officers, the leader, the chair and the secretary see everything; a member the
    # ranking without the dossiers they declared a conflict on, and their own scores.
    full = rules.can_view_results(request.user, council)
    require(full or rules.can_view_ranking(request.user, council))
    seat = rules.seat(request.user, council)
    corrections = list(selectors.corrections_of(council=council, member=None if full else seat))
    waiting = next((c for c in corrections if c.is_requested), None)
    page = paginate(
        request, selectors.results_table(council=council, member=None if full else seat)
    )
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
        "full": full,
        "corrections": corrections,
        # what the chair is offered on a waiting correction: the events its lifecycle allows
        # them now (the same for every waiting one of the council)
        "decisions": {t.event for t in CORRECTION.available(waiting, actor=request.user)}
        if waiting is not None
        else set(),
        **_ties_context(request, council, tie_form),
        "scorers": selectors.scorers_by_dossier(
            council=council, dossiers=[r.dossier_id for r in page.object_list]
        ),
        "can_download_sheets": rules.is_secretary_or_chair(request.user, council)
        or rules.can_manage_council(request.user),
    }
    if context["can_download_sheets"]:
        context["sheet_rounds"] = selectors.closed_rounds(council)
        context["sheet_members"] = (
            council.members.filter(assignments__isnull=False)
            .distinct()
            .select_related("user")
            .order_by("role", "id")
        )
    locked = selectors.closed_rounds(council).last()
    if locked is not None and rules.scores_on_council(request.user, council):
        context["own"] = selectors.own_scores(
            member=seat, round_=locked, dossiers=[r.dossier for r in page.object_list]
        )
        context["own"]["can_correct"] = not selectors.results_frozen(council)
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
def correction_request(request, pk: int, score_pk: int):
    """A correction of a locked score: its member (from their scoring page or results), the
    chair or the secretary asks for a new value with a reason; the chair decides."""
    council = _council(request, pk)
    score = get_object_or_404(
        Score.objects.select_related("round", "criterion", "dossier__product", "member__user"),
        pk=score_pk,
        round__council=council,
    )
    own = score.member.user_id == request.user.pk
    require(own or rules.is_secretary_or_chair(request.user, council))
    back = redirect("council:scoring" if own else "council:home", pk=council.pk)
    if score.round.status != RoundStatus.CLOSED:
        messages.error(request, _("Vòng chấm chưa khóa: thành viên tự sửa điểm của mình."))
        return back
    form = CorrectionForm(request.POST or None, criterion=score.criterion)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.correction_request, actor=request.user, score=score, **form.cleaned_data
        )
    ):
        messages.success(request, _("Đã gửi đề nghị điều chỉnh; chờ Chủ tịch duyệt."))
        return back
    return render(
        request,
        "council/correction.html",
        {"council": council, "score": score, "form": form, "own": own},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def correction_decide(request, pk: int, correction_pk: int):
    council = _council(request, pk)
    require(rules.can_approve_correction(request.user, council))
    correction = get_object_or_404(Correction, pk=correction_pk, score__round__council=council)
    form = CorrectionDecisionForm(request.POST)
    if form.is_valid() and run_service(
        form,
        services.correction_decide,
        actor=request.user,
        correction=correction,
        **form.cleaned_data,
    ):
        messages.success(
            request,
            _("Đã duyệt đề nghị điều chỉnh; kết quả đã được tính lại.")
            if form.cleaned_data["approve"]
            else _("Đã từ chối đề nghị điều chỉnh."),
        )
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
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
    require_visible(member.assignments.exists())  # a seat that scores nothing has no sheet
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
