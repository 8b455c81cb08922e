"""Dialogue meetings and difficulties: raise, route, answer, confirm or reopen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.forms import run_service
from chuluc.core.http import paginate, query_without_page, require, require_visible
from chuluc.registry.models import Enterprise
from chuluc.support import rules, selectors, services
from chuluc.support.enums import DifficultyStatus
from chuluc.support.forms import (
    ConfirmForm,
    DialogueForm,
    DifficultyForm,
    JoinForm,
    MoveForm,
    all_enterprises,
)
from chuluc.support.lifecycles import DIFFICULTY
from chuluc.support.models import Dialogue, Difficulty
from chuluc.support.views.ledger import join_or_withdraw


def _status(form) -> int:
    return 422 if form is not None and form.is_bound and form.errors else 200


@login_required
def dialogues(request):
    require(rules.can_view_events(request.user))
    form = DialogueForm(request.POST or None) if rules.can_manage_support(request.user) else None
    if request.method == "POST":
        require(form is not None)
        if form.is_valid():
            dialogue = run_service(
                form, services.dialogue_create, actor=request.user, **form.cleaned_data
            )
            if dialogue:
                messages.success(request, _("Đã ghi hội nghị đối thoại."))
                return redirect("support:dialogue_detail", pk=dialogue.pk)
    internal = rules.can_view_support(request.user)
    return render(
        request,
        "support/dialogues.html",
        {
            "page": paginate(request, selectors.dialogues()),
            "form": form,
            "internal": internal,
            "attending": None if internal else selectors.attending_dialogue_ids(request.user),
        },
        status=_status(form),
    )


@login_required
def dialogue_detail(request, pk: int):
    require(rules.can_view_events(request.user))
    dialogue = get_object_or_404(Dialogue, pk=pk)
    if not rules.can_view_support(request.user):
        return _dialogue_for_a_firm(request, dialogue)
    officer = rules.can_manage_support(request.user)
    form = None
    if officer:
        participants = dialogue.participants.all()
        form = DifficultyForm(
            request.POST or None,
            enterprises=participants if participants.exists() else all_enterprises(),
            officer=True,
        )
    if request.method == "POST":
        require(officer)
        if form.is_valid():
            data = form.cleaned_data
            difficulty = run_service(
                form,
                services.difficulty_raise,
                actor=request.user,
                dialogue=dialogue,
                **{k: v for k, v in data.items() if v not in (None, "") or k == "description"},
            )
            if difficulty:
                messages.success(
                    request,
                    _("Đã ghi nhận vướng mắc, số tiếp nhận %s.") % difficulty.reference,
                )
                return redirect("support:dialogue_detail", pk=dialogue.pk)
    return render(
        request,
        "support/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "internal": True,
            "participants": dialogue.participants.order_by("search_key"),
            "difficulties": selectors.difficulties_for(request.user).filter(dialogue=dialogue),
            "form": form,
        },
        status=_status(form),
    )


def _dialogue_for_a_firm(request, dialogue: Dialogue):
    """A representative's page of a dialogue meeting: its facts, their own enterprise's
    attendance and difficulties, the minutes once it attended, and before the meeting the
    buttons to register or withdraw; never who else attends."""
    user = request.user
    own = list(selectors.own_enterprises(user).filter(dialogues=dialogue))
    form = None
    if dialogue.held_on > timezone.localdate() and rules.can_join_events(user):
        form = JoinForm(
            request.POST if request.method == "POST" else None,
            enterprises=selectors.own_enterprises(user),
        )
    if request.method == "POST":
        require(form is not None)
        if form.is_valid() and join_or_withdraw(
            request,
            form,
            join=services.dialogue_register,
            withdraw=services.dialogue_withdraw,
            said=(
                _("Đã đăng ký tham dự hội nghị cho %s."),
                _("Đã rút đăng ký tham dự hội nghị của %s."),
            ),
            dialogue=dialogue,
        ):
            return redirect("support:dialogue_detail", pk=dialogue.pk)
    return render(
        request,
        "support/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "internal": False,
            "firm": True,
            "own": own,
            "join_form": form,
            "difficulties": selectors.difficulties_for(user).filter(dialogue=dialogue),
        },
        status=_status(form),
    )


@login_required
def difficulty_list(request):
    require(rules.can_view_difficulties(request.user))
    status = request.GET.get("trang-thai", "")
    status = status if status in DifficultyStatus.values else ""
    overdue = request.GET.get("qua-han") == "1"
    queryset = selectors.difficulties_for(request.user, status=status, overdue=overdue)
    return render(
        request,
        "support/difficulties.html",
        {
            "page": paginate(request, queryset),
            "query": query_without_page(request),
            "status": status,
            "overdue_only": overdue,
            "statuses": DifficultyStatus.choices,
            "can_raise": rules.can_raise_difficulty(request.user),
        },
    )


@login_required
def difficulty_create(request):
    user = request.user
    require(rules.can_raise_difficulty(user))
    officer = rules.can_manage_support(user)
    enterprises = (
        all_enterprises()
        if officer
        else Enterprise.objects.filter(pk__in=user_enterprise_ids(user)).order_by("search_key")
    )
    form = DifficultyForm(request.POST or None, enterprises=enterprises, officer=officer)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        difficulty = run_service(form, services.difficulty_raise, actor=user, **data)
        if difficulty:
            messages.success(
                request,
                _("Đã gửi vướng mắc, số tiếp nhận %(ref)s. Hạn xử lý: %(due)s.")
                % {"ref": difficulty.reference, "due": difficulty.due_on.strftime("%d/%m/%Y")},
            )
            return redirect("support:difficulty_detail", pk=difficulty.pk)
    return render(request, "support/difficulty_form.html", {"form": form}, status=_status(form))


def allowed_moves(user, difficulty: Difficulty) -> list[str]:
    """The states this person may move the difficulty to now (``lifecycles.DIFFICULTY``)."""
    targets = {t.target for t in DIFFICULTY.available(difficulty, actor=user)}
    return [s for s in DifficultyStatus.values if s in targets]


@login_required
def difficulty_detail(request, pk: int):
    difficulty = get_object_or_404(Difficulty, pk=pk)
    require_visible(rules.can_view_difficulty(request.user, difficulty))
    difficulty = selectors.difficulty_detail(pk)
    if rules.can_confirm_own_difficulty(request.user, difficulty):
        return _enterprise_view(request, difficulty)
    moves = allowed_moves(request.user, difficulty)
    form = MoveForm(request.POST or None, allowed=moves) if moves else None
    if request.method == "POST":
        require(form is not None)
        if form.is_valid() and run_service(
            form,
            services.difficulty_move,
            actor=request.user,
            difficulty=difficulty,
            **form.cleaned_data,
        ):
            messages.success(request, _("Đã cập nhật vướng mắc."))
            return redirect("support:difficulty_detail", pk=difficulty.pk)
    return render(
        request,
        "support/difficulty_detail.html",
        {
            "difficulty": difficulty,
            "history": selectors.difficulty_history(difficulty),
            "form": form,
            "moves": moves,
        },
        status=_status(form),
    )


def _enterprise_view(request, difficulty: Difficulty):
    """The enterprise's own page of its case: the facts, the answer, the timeline and,
    once answered, its two buttons; never the officers' form (agency, due date, state)."""
    awaiting = DIFFICULTY.refusal(difficulty, "resolve", actor=request.user) is None
    form = ConfirmForm(request.POST if request.method == "POST" else None) if awaiting else None
    if request.method == "POST":
        require(form is not None)
        if form.is_valid() and run_service(
            form,
            services.difficulty_confirm,
            actor=request.user,
            difficulty=difficulty,
            resolved=form.cleaned_data["outcome"] == ConfirmForm.RESOLVED,
            reason=form.cleaned_data["reason"],
        ):
            messages.success(
                request,
                _("Cảm ơn, đã ghi nhận vướng mắc đã được giải quyết.")
                if form.cleaned_data["outcome"] == ConfirmForm.RESOLVED
                else _("Đã chuyển lại vướng mắc cho cơ quan xử lý kèm lý do của doanh nghiệp."),
            )
            return redirect("support:difficulty_detail", pk=difficulty.pk)
    return render(
        request,
        "support/difficulty_detail.html",
        {
            "difficulty": difficulty,
            "history": selectors.difficulty_history(difficulty),
            "confirm_form": form,
        },
        status=_status(form),
    )
