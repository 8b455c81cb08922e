"""The council race, run inside a child process (``tests.reliability.child``, which
imports this module once Django is set up).

``council_build`` makes a campaign with eligible dossiers and a council of scoring members
plus a secretary, through the services. ``council_race`` forks one process per member and
one for the secretary (each with its own database connection), releases them together at a
barrier; every member saves their scores through the path the web view takes
(``selectors.open_round`` then ``services.score_record``, then ``services.sheet_submit``)
while the secretary closes the round (``services.round_close``) once a given number of
scores has been saved, i.e. in the middle of the members' writes. Each process reports
what a user would have been shown for every action. ``council_replay`` saves a set of scores
one after another and closes the round: the sequential reference for the ranking."""

from __future__ import annotations

import multiprocessing
import random
import time
import traceback
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Max
from django.utils.translation import gettext as _

from chuluc.accounts.enums import Role
from chuluc.accounts.models import User
from chuluc.campaigns.models import Criterion, Dossier
from chuluc.core.errors import ApplicationError
from chuluc.council import selectors, services
from chuluc.council.enums import SCORABLE_STATUSES, MemberRole
from chuluc.council.models import Council, Member, Result, Round, Score, ScoreSheet
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.campaigns import eligible_dossier, make_campaign
from tests.factories.registry import EnterpriseFactory, ProductFactory

MEMBER_PREFIX = "tv"
SECRETARY = "thu_ky"
OFFICER = "can_bo"


def _fields():
    council = Council.objects.select_related("campaign").get()
    judged = list(
        Criterion.objects.filter(
            group__criteria_set=council.campaign.criteria_set, kind="judged"
        ).order_by("code")
    )
    return council, judged


def council_build(*, members: int = 16, dossiers: int = 4) -> dict:
    officer = UserFactory(username=OFFICER, roles=[Role.OFFICER])
    rep = UserFactory(username="dai_dien", roles=[Role.ENTERPRISE_REP])
    enterprise = EnterpriseFactory(name="Công ty CP Thử Đồng Thời")
    MembershipFactory(user=rep, enterprise=enterprise)
    campaign = make_campaign(year=2026)
    for i in range(dossiers):
        product = ProductFactory(enterprise=enterprise, name=f"Sản phẩm đồng thời {i}")
        eligible_dossier(officer=officer, actor=rep, campaign=campaign, product=product)
    council = services.council_create(actor=officer, campaign=campaign, decision_number="8/QĐ-UBND")
    seats = [
        services.member_add(
            actor=officer,
            council=council,
            user=UserFactory(username=SECRETARY, roles=[Role.COUNCIL_MEMBER]),
            title="Thư ký",
            role=MemberRole.SECRETARY,
        )
    ]
    scorers = [
        services.member_add(
            actor=officer,
            council=council,
            user=UserFactory(username=f"{MEMBER_PREFIX}{i:02d}", roles=[Role.COUNCIL_MEMBER]),
            title=f"Thành viên {i}",
            role=MemberRole.CHAIR if i == 0 else MemberRole.MEMBER,
        )
        for i in range(members)
    ]
    _council, judged = _fields()
    for criterion in judged:
        services.assignment_set(
            actor=officer, council=council, criterion=criterion, members=scorers
        )
    for seat in seats + scorers:
        services.no_conflict_sign(actor=seat.user, member=seat)
    return {"members": [s.user.username for s in scorers], "criteria": [c.code for c in judged]}


def _plan(seed: int, username: str, passes: int) -> list[list[tuple[int, int, str]]]:
    """Each pass: every (dossier, criterion) of the member with a value (two decimals); a
    later pass changes every value, as a member revising their sheet."""
    council, judged = _fields()
    dossier_ids = list(
        Dossier.objects.filter(campaign=council.campaign, status__in=SCORABLE_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rng = random.Random(f"{seed}:{username}")  # noqa: S311 - test data
    plan = []
    for _pass in range(passes):
        cells = [
            (d, c.pk, str(Decimal(rng.randint(0, int(c.max_points * 100))) / 100))
            for d in dossier_ids
            for c in judged
        ]
        rng.shuffle(cells)
        plan.append(cells)
    return plan


def _save(user, council, dossier_id: int, criterion_id: int, value: str) -> tuple[str, str]:
    """What the score view does, and what it would show."""

    try:
        round_ = selectors.open_round(council)
        dossier = Dossier.objects.get(pk=dossier_id)
        criterion = Criterion.objects.get(pk=criterion_id)
        if round_ is None:
            raise ApplicationError(_("Không có vòng chấm nào đang mở."))
        services.score_record(
            actor=user, round_=round_, dossier=dossier, criterion=criterion, value=value
        )
    except ApplicationError as exc:
        return "refused", exc.message
    except ValidationError as exc:
        return "invalid", " ".join(exc.messages)
    except Exception as exc:
        return "error", f"{type(exc).__name__}: {exc}"
    return "saved", value


def _submit(user, council) -> tuple[str, str]:
    try:
        round_ = selectors.open_round(council)
        if round_ is None:
            return "refused", "Không có vòng chấm nào đang mở."
        services.sheet_submit(actor=user, round_=round_)
    except ApplicationError as exc:
        return "refused", exc.message
    except Exception as exc:
        return "error", f"{type(exc).__name__}: {exc}"
    return "submitted", ""


def _member(username, plan, barrier, counter, queue) -> None:
    events: list[tuple] = []
    try:
        council, _judged = _fields()
        user = User.objects.get(username=username)
        connections.close_all()  # wait at the barrier without holding anything
        barrier.wait(timeout=120)
        for cells in plan:
            for dossier_id, criterion_id, value in cells:
                kind, message = _save(user, council, dossier_id, criterion_id, value)
                if kind == "saved":
                    with counter.get_lock():
                        counter.value += 1
                events.append(
                    ("score", dossier_id, criterion_id, value, kind, message, time.time())
                )
            kind, message = _submit(user, council)
            events.append(("submit", None, None, None, kind, message, time.time()))
    except BaseException as exc:
        events.append(("crash", None, None, None, "error", traceback.format_exc(), time.time()))
        if not isinstance(exc, Exception):
            raise
    finally:
        connections.close_all()
        queue.put((username, events))


def _secretary(close_after: int, barrier, counter, queue) -> None:
    outcome: tuple = ("error", "did not run", 0.0, 0.0)
    try:
        user = User.objects.get(username=SECRETARY)
        round_id = Round.objects.get().pk
        connections.close_all()
        barrier.wait(timeout=120)
        while counter.value < close_after:
            time.sleep(0.0005)
        started = time.time()
        try:
            # the view: get_object_or_404(Round, …), then the service
            services.round_close(actor=user, round_=Round.objects.get(pk=round_id))
            outcome = ("closed", "", started, time.time())
        except ApplicationError as exc:
            outcome = ("refused", exc.message, started, time.time())
        except Exception as exc:
            outcome = ("error", f"{type(exc).__name__}: {exc}", started, time.time())
    except BaseException:
        outcome = ("error", traceback.format_exc(), 0.0, 0.0)
        raise
    finally:
        connections.close_all()
        queue.put((SECRETARY, outcome))


def _state() -> dict:
    round_ = Round.objects.get()
    last = Score.objects.aggregate(m=Max("updated_at"))["m"]
    return {
        "round_status": round_.status,
        "closed_at": round_.closed_at.timestamp() if round_.closed_at else None,
        "scores": {
            f"{u}|{d}|{c}": str(v)
            for u, d, c, v in Score.objects.values_list(
                "member__user__username", "dossier_id", "criterion_id", "value"
            )
        },
        "last_score_at": last.timestamp() if last else None,
        "submissions": {
            u: at.timestamp()
            for u, at in ScoreSheet.objects.filter(status="submitted").values_list(
                "member__user__username", "submitted_at"
            )
        },
        "ranking": [
            [r.dossier_id, r.rank, str(r.total), r.passed, r.top, r.tie_group, r.needs_vote]
            for r in Result.objects.order_by("rank", "dossier_id")
        ],
    }


def council_race(*, seed: int, passes: int = 2, close_fraction: float = 0.5) -> dict:
    usernames = sorted(
        Member.objects.exclude(user__username=SECRETARY).values_list("user__username", flat=True)
    )
    plans = {u: _plan(seed, u, passes) for u in usernames}
    total = sum(len(cells) for plan in plans.values() for cells in plan)
    close_after = int(total * close_fraction)
    connections.close_all()  # nothing open across fork
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(usernames) + 1)
    counter = context.Value("i", 0)
    queue = context.Queue()
    processes = [
        context.Process(target=_member, args=(u, plans[u], barrier, counter, queue))
        for u in usernames
    ]
    processes.append(
        context.Process(target=_secretary, args=(close_after, barrier, counter, queue))
    )
    started = time.monotonic()
    for process in processes:
        process.start()
    reports = dict(queue.get(timeout=240) for _process in processes)
    for process in processes:
        process.join(timeout=60)
    elapsed = time.monotonic() - started
    return {
        "seed": seed,
        "attempted": total,
        "close_after": close_after,
        "seconds": round(elapsed, 2),
        "exit_codes": [p.exitcode for p in processes],
        "secretary": reports.pop(SECRETARY),
        "members": reports,
        "state": _state(),
    }


def council_replay(*, scores: dict[str, str]) -> dict:
    """Save the given scores one by one (``member|dossier|criterion`` → value), close."""
    round_ = Round.objects.get()
    for key, value in sorted(scores.items()):
        username, dossier_id, criterion_id = key.split("|")
        services.score_record(
            actor=User.objects.get(username=username),
            round_=round_,
            dossier=Dossier.objects.get(pk=int(dossier_id)),
            criterion=Criterion.objects.get(pk=int(criterion_id)),
            value=value,
        )
    services.round_close(actor=User.objects.get(username=SECRETARY), round_=round_)
    return _state()


ACTIONS = {
    "council_build": council_build,
    "council_race": council_race,
    "council_replay": council_replay,
}
