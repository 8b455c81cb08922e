"""Pages of the decisions part: the officer's publication, comment moderation, decision and
recognitions; the public page where anyone reads the published list and sends a comment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.campaigns.models import Campaign
from chuluc.campaigns.selectors import current_campaign
from chuluc.core.forms import run_service
from chuluc.core.http import client_address, paginate, private_file, require, require_visible
from chuluc.council.models import Council
from chuluc.council.selectors import results_table, ties_awaiting_vote
from chuluc.decisions import certificates, documents, rules, selectors, services
from chuluc.decisions.enums import Validity
from chuluc.decisions.forms import (
    AnswerForm,
    CommentForm,
    DecisionForm,
    ModerateForm,
    PastDecisionForm,
    PublishForm,
    RevokeForm,
    WithdrawForm,
    new_challenge,
)
from chuluc.decisions.lifecycles import DECISION, PUBLIC_COMMENT, RECOGNITION, undecided
from chuluc.decisions.models import Decision, Publication, PublicComment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _campaign(request, campaign_pk: int) -> Campaign:
    require(rules.can_manage_recognition(request.user))
    return get_object_or_404(Campaign, pk=campaign_pk)


def _flash_errors(request, form) -> None:
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


# --------------------------------------------------------------------------- officer


@login_required
def publication(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    published = selectors.publication_for(campaign)
    form = PublishForm(request.POST or None)
    if (
        request.method == "POST"
        and published is None
        and form.is_valid()
        and run_service(
            form,
            services.publication_publish,
            actor=request.user,
            campaign=campaign,
            notice=form.cleaned_data["notice"],
        )
    ):
        messages.success(request, _("Đã công bố kết quả để lấy ý kiến."))
        return redirect("decisions:publication", campaign_pk=campaign.pk)
    council = Council.objects.filter(campaign=campaign).first()
    passing = (
        list(results_table(council=council).filter(passed=True))
        if council is not None and published is None
        else []
    )
    return render(
        request,
        "decisions/publication.html",
        {
            "campaign": campaign,
            "publication": published,
            "entries": selectors.published_entries(published) if published else [],
            "passing": passing,
            "form": form,
            "decision": Decision.objects.filter(campaign=campaign).first(),
            "comment_counts": selectors.comment_counts(published) if published else {},
            "past_allowed": published is None and selectors.past_decision_refusal(campaign) is None,
            # the tied dossiers still waiting for the council's vote: the publication's guard
            # refuses until then, so the page says why instead of offering the button
            "awaiting": "; ".join(s.label for s in ties_awaiting_vote(council=council))
            if council is not None and published is None
            else "",
            "council": council,
        },
    )


@login_required
def comments(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    published = get_object_or_404(Publication, campaign=campaign)
    page = paginate(request, selectors.comments_for_officer(published))
    return render(
        request,
        "decisions/comments.html",
        {"campaign": campaign, "publication": published, "page": page},
    )


@login_required
def comment_detail(request, pk: int):
    require(rules.can_view_comments(request.user))
    comment = get_object_or_404(
        PublicComment.objects.select_related(
            "publication__campaign", "entry__product", "entry__enterprise"
        ),
        pk=pk,
    )
    offered = PUBLIC_COMMENT.available(comment, actor=request.user)
    moderate, answer = (
        ModerateForm(offered=offered),
        AnswerForm(initial={"answer": comment.answer, "effect": comment.effect or "none"}),
    )
    withdraw = WithdrawForm()
    if request.method == "POST":
        require(rules.can_manage_recognition(request.user))
        action = request.POST.get("action")
        form, service, extra = {
            "moderate": (
                ModerateForm(request.POST, offered=offered),
                services.comment_moderate,
                {},
            ),
            "answer": (AnswerForm(request.POST), services.comment_answer, {}),
            "withdraw": (WithdrawForm(request.POST), services.entry_withdraw, {}),
        }.get(action, (None, None, None))
        if form is None:
            raise Http404
        target = {"entry": comment.entry} if action == "withdraw" else {"comment": comment}
        if form.is_valid() and run_service(
            form, service, actor=request.user, **target, **extra, **form.cleaned_data
        ):
            messages.success(request, _("Đã lưu."))
            return redirect("decisions:comment_detail", pk=comment.pk)
        _flash_errors(request, form)
        moderate, answer, withdraw = (
            form if action == "moderate" else moderate,
            form if action == "answer" else answer,
            form if action == "withdraw" else withdraw,
        )
    return render(
        request,
        "decisions/comment_detail.html",
        {
            "comment": comment,
            "moderate_form": moderate,
            "answer_form": answer,
            "withdraw_form": withdraw,
            "decided": undecided(comment) is not None,
        },
    )


@login_required
def comment_attachment(request, pk: int):
    require(rules.can_view_comments(request.user))
    comment = get_object_or_404(PublicComment, pk=pk)
    if not comment.attachment:
        raise Http404
    return private_file(
        comment.attachment,
        content_type="application/octet-stream",
        filename=comment.attachment_name or "dinh-kem",
    )


def _decision_entered(request, form, service, campaign: Campaign, done: str) -> bool:
    """A posted decision form run through its service (either way of entering it); on
    success the message is queued and True returned, otherwise the form holds the errors."""
    if request.method != "POST" or not form.is_valid():
        return False
    if not run_service(form, service, actor=request.user, campaign=campaign, **form.cleaned_data):
        return False
    messages.success(request, done)
    return True


@login_required
def decision(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    published = get_object_or_404(Publication, campaign=campaign)
    entered = Decision.objects.filter(campaign=campaign).first()
    form = DecisionForm(request.POST or None)
    if entered is None and _decision_entered(
        request,
        form,
        services.decision_enter,
        campaign,
        _("Đã nhập quyết định; giấy chứng nhận và dữ liệu mở đang được tạo."),
    ):
        return redirect("decisions:decision", campaign_pk=campaign.pk)
    return render(
        request,
        "decisions/decision.html",
        {
            "campaign": campaign,
            "publication": published,
            "decision": entered,
            "problems": selectors.decision_ready(published) if entered is None else [],
            # the certificates' files are not all stored yet: the page offers to store them
            "issue_pending": entered is not None
            and entered.status in DECISION.transition("issue").source,
            "form": form,
            "recognitions": selectors.recognitions().filter(decision=entered) if entered else [],
        },
    )


@login_required
def decision_past(request, campaign_pk: int):
    """History mode: record a past campaign's decision with its real dates (the council's
    ranking published on its day, then the decision as signed)."""
    campaign = _campaign(request, campaign_pk)
    form = PastDecisionForm(request.POST or None)
    if _decision_entered(
        request,
        form,
        services.decision_record_past,
        campaign,
        _("Đã nhập lại quyết định đã ban hành; giấy chứng nhận và dữ liệu mở đang được tạo."),
    ):
        return redirect("decisions:decision", campaign_pk=campaign.pk)
    council = Council.objects.filter(campaign=campaign).first()
    return render(
        request,
        "decisions/decision_past.html",
        {
            "campaign": campaign,
            "refusal": selectors.past_decision_refusal(campaign),
            "passing": list(results_table(council=council).filter(passed=True))
            if council is not None
            else [],
            "form": form,
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def memo_docx(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    published = get_object_or_404(Publication, campaign=campaign)
    return _docx(
        documents.memo_docx(publication=published), f"to-trinh-spcncl-{campaign.year}.docx"
    )


@login_required
def decision_docx(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    published = get_object_or_404(Publication, campaign=campaign)
    entered = Decision.objects.filter(campaign=campaign).first()
    return _docx(
        documents.decision_docx(publication=published, decision=entered),
        f"quyet-dinh-spcncl-{campaign.year}.docx",
    )


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def certificates_generate(request, campaign_pk: int):
    """Store the files of the certificates that have none (what the background run does)."""
    campaign = _campaign(request, campaign_pk)
    entered = get_object_or_404(Decision, campaign=campaign)
    count = services.certificate_files_store(actor=request.user, decision=entered)
    messages.success(request, _("Đã tạo %(n)s giấy chứng nhận.") % {"n": count})
    return redirect("decisions:decision", campaign_pk=campaign.pk)


@login_required
@require_POST
def certificates_regenerate(request, campaign_pk: int):
    """Render every certificate of the decision again, replacing the stored files."""
    campaign = _campaign(request, campaign_pk)
    entered = get_object_or_404(Decision, campaign=campaign)
    count = services.certificate_files_regenerate(actor=request.user, decision=entered)
    messages.success(request, _("Đã tạo lại %(n)s giấy chứng nhận.") % {"n": count})
    return redirect("decisions:decision", campaign_pk=campaign.pk)


@login_required
def recognitions(request):
    if not rules.can_view_recognitions(request.user) and rules.can_view_own_recognitions(
        request.user
    ):
        # a firm that looks for "Công nhận" finds its own (it got 403 here, issue 18)
        return redirect("decisions:my_recognitions")
    require(rules.can_view_recognitions(request.user))
    queryset = selectors.recognitions().order_by("-year", "rank", "id")
    year = request.GET.get("nam", "")
    if year.isdigit():
        queryset = queryset.filter(year=int(year))
    state = request.GET.get("hieu-luc", "")
    if state in Validity.values:
        queryset = selectors.with_validity(queryset, state)
    else:
        state = ""
    page = paginate(request, queryset)
    return render(
        request,
        "decisions/recognitions.html",
        {
            "page": page,
            "year": year,
            "years": selectors.recognition_years(),
            "state": state,
            "states": Validity.choices,
        },
    )


@login_required
def my_recognitions(request):
    """Công nhận của tôi: every recognition of the enterprises the representative
    represents, its certificates, its validity and, when it nears its end, the call to the
    current campaign."""
    require(rules.can_view_own_recognitions(request.user))
    rows = selectors.recognitions_of(user_enterprise_ids(request.user))
    return render(
        request,
        "decisions/my_recognitions.html",
        {
            "rows": rows,
            "campaign": current_campaign() if any(r.is_expiring for r in rows) else None,
        },
    )


@login_required
def recognition_detail(request, pk: int):
    require(rules.can_view_recognitions(request.user))
    recognition = get_object_or_404(selectors.recognitions(), pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST":
        require(rules.can_manage_recognition(request.user))
        if form.is_valid() and run_service(
            form,
            services.recognition_revoke,
            actor=request.user,
            recognition=recognition,
            **form.cleaned_data,
        ):
            messages.success(request, _("Đã thu hồi công nhận."))
            return redirect("decisions:recognition_detail", pk=recognition.pk)
    return render(
        request,
        "decisions/recognition_detail.html",
        {
            "recognition": recognition,
            "validity": selectors.validity(recognition),
            "form": form,
            "can_revoke": RECOGNITION.refusal(recognition, "revoke", actor=request.user) is None,
            "reminders": recognition.reminders.order_by("-days_before"),
        },
    )


@login_required
def certificate_pdf(request, pk: int):
    """The stored file, or, before the background run has stored it, the page rendered in
    memory: a download never writes (only ``certificate_files_store`` does)."""
    certificate = selectors.certificate_for_download(pk)
    if certificate is None:
        raise Http404
    require_visible(rules.can_download_certificate(request.user, certificate.recognition))
    filename = f"{certificate.number}.pdf"
    # A revoked recognition's page is rendered with its stamp: the stored file, made when it
    # was valid, is never handed out as a clean certificate.
    revoked = selectors.validity(certificate.recognition) == Validity.REVOKED
    if certificate.pdf and not revoked:
        return private_file(certificate.pdf, content_type="application/pdf", filename=filename)
    response = HttpResponse(
        certificates.certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- public


def comment_page(request, year: int):
    """The published list of a year, its deadline, the published comments with answers, and
    the form to send a comment while the window is open."""
    published = get_object_or_404(
        Publication.objects.select_related("campaign"), campaign__year=year
    )
    open_ = selectors.comments_open(published)
    form = CommentForm(request.POST or None, request.FILES or None, publication=published)
    if request.method == "POST":
        if not open_:
            form.add_error(None, _("Đã hết hạn góp ý. Góp ý gửi muộn không được tiếp nhận."))
        elif form.is_valid() and (
            comment := run_service(
                form,
                services.comment_submit,
                publication=published,
                entry=form.cleaned_data["entry"],
                author_name=form.cleaned_data["author_name"],
                author_contact=form.cleaned_data["author_contact"],
                text=form.cleaned_data["text"],
                attachment=form.cleaned_data.get("attachment"),
                address=client_address(request),
            )
        ):
            messages.success(
                request,
                _(
                    "Sở Công Thương đã nhận góp ý của bạn, số tiếp nhận %s (xin ghi lại số "
                    "này khi cần hỏi về góp ý). Góp ý được xem xét trước khi công khai; Sở sẽ "
                    "liên hệ nếu cần."
                )
                % comment.reference,
            )
            return redirect("decisions:comment_page", year=year)
    question, token = new_challenge()
    if form.is_bound:
        form.data = form.data.copy()
        form.data["challenge"], form.data["answer"] = token, ""
    else:
        form.initial["challenge"] = token
    status = 422 if form.is_bound and form.errors else 200
    return render(
        request,
        "decisions/comment_page.html",
        {
            "publication": published,
            "entries": selectors.published_entries(published),
            "comments": selectors.public_comments(published),
            "form": form,
            "question": question,
            "open": open_,
        },
        status=status,
    )
