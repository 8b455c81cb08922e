"""Every lifecycle driven by Hypothesis (``RuleBasedStateMachine``): random events fired by
random people on one record never lead it to a state its declaration does not allow, and a
refused event changes nothing: not the row, not the audit trail, no mail, no commit hook.

Each lifecycle has a *world*: one record in its initial state, built through the services
and factories, and the people around it (the fixed cast of ``tests/conftest.py``, the
anonymous visitor, the system as ``None``, and whoever the record names: a council's
secretary, the member who owns a score sheet). The world is built once per test; every
example runs inside a savepoint that its teardown rolls back, and starts by checking that
the record is back in its initial state.

A world may also carry what the calling service passes along with an event (``fields``),
what it does next in the same transaction (``after``), and *nudges*: service calls that
change the record's surroundings (the round closes, a comment arrives, the certificates'
files are stored) so that the guards are seen both refusing and letting through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from chuluc.accounts import services as accounts_services
from chuluc.accounts.enums import Role
from chuluc.campaigns import services as campaign_services
from chuluc.campaigns.enums import CampaignStatus, ScreeningOutcome
from chuluc.campaigns.models import ScreeningCheck
from chuluc.campaigns.services.screening import screening_run
from chuluc.core.errors import ApplicationError
from chuluc.core.lifecycle import REGISTRY, Lifecycle, TransitionRefused
from chuluc.core.models import AuditEntry
from chuluc.council import services as council_services
from chuluc.council.lifecycles import SCORE_SHEET
from chuluc.council.models import Score, ScoreSheet
from chuluc.decisions import services as decision_services
from chuluc.monitoring import services as monitoring_services
from chuluc.monitoring.enums import Quarter
from chuluc.support import services as support_services
from tests.factories.accounts import UserFactory
from tests.factories.campaigns import complete_dossier, make_campaign
from tests.factories.council import build_council
from tests.factories.decisions import (
    DecisionFactory,
    PublicCommentFactory,
    close_comments,
    closed_council,
    published,
)
from tests.factories.monitoring import GOOD_REPORT
from tests.factories.portal import recognise
from tests.factories.production import loaded
from tests.factories.registry import ImportJobFactory
from tests.factories.support import khcn, make_policy, raise_difficulty, tnmt

SETTINGS = settings(
    max_examples=15,
    stateful_step_count=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: A name no lifecycle declares.
UNKNOWN_EVENT = "no_such_event"

Draw = Callable[[st.SearchStrategy], Any]


@dataclass
class Cast:
    """The fixed cast of ``tests/conftest.py``; worlds build their records for enterprise A,
    so ``rep_a`` represents the record's enterprise and ``rep_b`` an unrelated one."""

    officer: Any
    leader: Any
    council_member: Any
    agency_officer: Any
    outsider: Any
    rep_a: Any
    rep_b: Any
    enterprise_a: Any
    product_a: Any

    def people(self) -> dict[str, Any]:
        return {
            "officer": self.officer,
            "leader": self.leader,
            "council_member": self.council_member,
            "agency_officer": self.agency_officer,
            "outsider": self.outsider,
            "rep_of_the_enterprise": self.rep_a,
            "rep_of_another": self.rep_b,
            "anonymous": AnonymousUser(),
            "system": None,
        }


@dataclass
class World:
    record: models.Model
    #: People the record names, besides the cast (the council's secretary...).
    people: dict[str, Any] = field(default_factory=dict)
    #: By event: the fields its service saves along with the state, given a draw.
    fields: Mapping[str, Callable[[Draw], dict]] = field(default_factory=dict)
    #: By event: what its service does next in the same transaction.
    after: Mapping[str, Callable[[models.Model], None]] = field(default_factory=dict)
    #: Service calls that change the record's surroundings; refused ones are ignored.
    nudges: Mapping[str, Callable[[], Any]] = field(default_factory=dict)


WORLDS: dict[str, Callable[[Cast], World]] = {}

#: Lifecycles without a machine, each with the reason (none: every world builds in well
#: under a second, the published council's included).
WITHOUT_MACHINE: dict[str, str] = {}


def world(name: str):
    def register(build: Callable[[Cast], World]) -> Callable[[Cast], World]:
        WORLDS[name] = build
        return build

    return register


# --------------------------------------------------------------------------- worlds


@world("membership")
def _membership(cast: Cast) -> World:
    newcomer = UserFactory(username="newcomer")
    membership = accounts_services.membership_request(
        actor=cast.officer, user=newcomer, enterprise=cast.enterprise_a
    )
    return World(membership)


@world("import_job")
def _import_job(cast: Cast) -> World:
    job = ImportJobFactory(created_by=cast.officer)

    def finished(draw: Draw) -> dict:
        return {"finished_at": timezone.now()}

    return World(
        job,
        fields={
            # the preview: a file with no valid row cannot be committed (``has_valid_rows``)
            "validate": lambda draw: {
                "valid_rows": draw(st.sampled_from([3, 0])),
                "processed_rows": 3,
            },
            "cancel": finished,
            "finish": finished,
            "fail": lambda draw: {**finished(draw), "error_message": "Tệp hỏng (thử)"},
        },
    )


@world("campaign")
def _campaign(cast: Cast) -> World:
    return World(make_campaign(year=2031, status=CampaignStatus.DRAFT))


@world("dossier")
def _dossier(cast: Cast) -> World:
    campaign = make_campaign(year=2026)
    dossier = complete_dossier(actor=cast.rep_a, campaign=campaign, product=cast.product_a)
    officer = cast.officer

    def conclude(outcome_of) -> Callable[[], None]:
        def run() -> None:
            checks = ScreeningCheck.objects.filter(dossier=dossier).order_by("pk")
            for i, check in enumerate(checks):
                outcome = outcome_of(i, check)
                campaign_services.screening_decide(
                    actor=officer,
                    check=check,
                    outcome=outcome,
                    reason="" if outcome == check.automatic else "Kết luận khác (thử)",
                )

        return run

    return World(
        dossier,
        fields={
            "submit": lambda draw: {"submitted_at": timezone.now(), "resubmit_by": None},
            "resubmit": lambda draw: {"submitted_at": timezone.now(), "resubmit_by": None},
            "return": lambda draw: {"resubmit_by": timezone.now() + dt.timedelta(days=10)},
        },
        # ``dossier_submit`` checks every eligibility rule once the dossier is submitted
        after={
            "submit": lambda d: screening_run(dossier=d),
            "resubmit": lambda d: screening_run(dossier=d),
        },
        nudges={
            "every rule concluded passed": conclude(lambda i, c: ScreeningOutcome.PASS),
            "one rule concluded failed": conclude(
                lambda i, c: ScreeningOutcome.FAIL if i == 0 else ScreeningOutcome.PASS
            ),
        },
    )


@world("eligibility")
def _eligibility(cast: Cast) -> World:
    campaign = make_campaign(year=2026)
    dossier = complete_dossier(actor=cast.rep_a, campaign=campaign, product=cast.product_a)
    campaign_services.dossier_submit(actor=cast.rep_a, dossier=dossier)
    check = ScreeningCheck.objects.filter(dossier=dossier).order_by("pk").first()
    return World(
        check,
        fields={
            "conclude_pass": lambda draw: {"decided_by": cast.officer},
            "conclude_fail": lambda draw: {"decided_by": cast.officer, "reason": "Thử"},
        },
        # the dossier leaves screening: its rules can no longer be concluded
        nudges={
            "dossier returned": lambda: campaign_services.dossier_return(
                actor=cast.officer, dossier=dossier, comment="Bổ sung (thử)"
            ),
            "dossier screened": lambda: campaign_services.dossier_screen(
                actor=cast.officer, dossier=dossier
            ),
        },
    )


def _council(cast: Cast, **options) -> dict:
    return build_council(
        officer=cast.officer,
        rep=cast.rep_a,
        enterprise=cast.enterprise_a,
        dossier_count=1,
        **options,
    )


def _seats(setup: dict) -> dict[str, Any]:
    m = setup["members"]
    return {
        "chair": m["chu_tich"].user,
        "secretary": m["thu_ky"].user,
        "scoring_member": m["uv1"].user,
        "other_scoring_member": m["uv2"].user,
    }


@world("round")
def _round(cast: Cast) -> World:
    setup = _council(cast)
    return World(setup["council"].rounds.get(), people=_seats(setup))


@world("score_sheet")
def _score_sheet(cast: Cast) -> World:
    setup = _council(cast)
    round_ = setup["council"].rounds.get()
    member = setup["members"]["uv1"]
    secretary = setup["members"]["thu_ky"].user
    # no service writes a draft sheet (``sheet_submit`` creates it submitted)
    sheet = SCORE_SHEET.create(ScoreSheet, actor=member.user, round=round_, member=member)
    criterion, dossier = setup["judged"][0], setup["dossiers"][0]
    return World(
        sheet,
        people=_seats(setup),
        fields={
            "submit": lambda draw: {"submitted_at": timezone.now()},
            "reopen": lambda draw: {"submitted_at": None},
        },
        nudges={
            # a score changed after the submission takes the sheet back to draft
            "member changes a score": lambda: council_services.score_record(
                actor=member.user,
                round_=round_,
                dossier=dossier,
                criterion=criterion,
                value=criterion.max_points / 2,
            ),
            "secretary closes the round": lambda: council_services.round_close(
                actor=secretary, round_=round_
            ),
        },
    )


@world("correction")
def _correction(cast: Cast) -> World:
    setup = closed_council(
        officer=cast.officer, rep=cast.rep_a, enterprise=cast.enterprise_a, dossier_count=2
    )
    score = Score.objects.filter(round__council=setup["council"]).order_by("pk").first()
    correction = council_services.correction_request(
        actor=setup["members"]["uv1"].user,
        score=score,
        new_value=score.value / 2,
        reason="Nhập nhầm (thử)",
    )
    return World(
        correction,
        people=_seats(setup),
        fields={
            "approve": lambda draw: {"decided_at": timezone.now()},
            "reject": lambda draw: {"decided_at": timezone.now()},
        },
        # once the result is published for comment, the council's figures are frozen
        nudges={
            "result published": lambda: decision_services.publication_publish(
                actor=cast.officer, campaign=setup["campaign"]
            )
        },
    )


def _published(cast: Cast) -> dict:
    return published(
        officer=cast.officer,
        rep=cast.rep_a,
        enterprise=cast.enterprise_a,
        dossier_count=2,
        top_n=1,
    )


@world("publication")
def _publication(cast: Cast) -> World:
    setup = _published(cast)
    publication = setup["publication"]
    close_comments(publication)
    # a late comment (written directly: the public page refuses it) waits for moderation
    return World(
        publication,
        nudges={"a comment waits": lambda: PublicCommentFactory(publication=publication)},
    )


@world("public_comment")
def _public_comment(cast: Cast) -> World:
    setup = _published(cast)
    publication = setup["publication"]
    comment = PublicCommentFactory(publication=publication)
    close_comments(publication)
    return World(
        comment,
        fields={
            "publish": lambda draw: {"moderated_by": cast.officer},
            "keep_private": lambda draw: {"moderated_by": cast.officer},
        },
        # the decision closes the comment record
        nudges={
            "comment answered": lambda: decision_services.comment_answer(
                actor=cast.officer, comment=comment, answer="Cảm ơn (thử)", effect="none"
            ),
            "decision entered": lambda: decision_services.decision_enter(
                actor=cast.officer,
                campaign=setup["campaign"],
                number="5/QĐ-UBND",
                signed_on=timezone.localdate(),
                signer_name="Nguyễn Văn Thử",
                signer_title="Phó Chủ tịch UBND Thành phố",
            ),
        },
    )


def _recognition(cast: Cast):
    decision = DecisionFactory(campaign=make_campaign(year=2025), entered_by=cast.officer)
    recognition = recognise(
        decision=decision, product=cast.product_a, rank=1, actor=cast.officer, top=True
    )
    return decision, recognition


@world("decision")
def _decision(cast: Cast) -> World:
    decision, _recognised = _recognition(cast)
    return World(
        decision,
        # the background run stores every certificate's file, then issues the decision
        nudges={
            "certificate files stored": lambda: decision_services.certificate_files_store(
                actor=None, decision=decision
            )
        },
    )


@world("recognition")
def _recognition_world(cast: Cast) -> World:
    _decision_made, recognition = _recognition(cast)
    return World(recognition, fields={"revoke": lambda draw: {"revoked_at": timezone.now()}})


@world("certificate")
def _certificate(cast: Cast) -> World:
    _decision_made, recognition = _recognition(cast)
    return World(recognition.certificates.order_by("pk").first())


@world("support_request")
def _support_request(cast: Cast) -> World:
    policy = make_policy(cast.officer)
    request = support_services.support_request_submit(
        actor=cast.rep_a,
        enterprise=cast.enterprise_a,
        policy=policy,
        description="Đề nghị hỗ trợ gian hàng (thử)",
    )
    return World(
        request,
        fields={
            "approve": lambda draw: {"decided_at": timezone.now()},
            "refuse": lambda draw: {"decided_at": timezone.now(), "refusal_reason": "Thử"},
        },
    )


@world("difficulty")
def _difficulty(cast: Cast) -> World:
    difficulty = raise_difficulty(cast.rep_a, cast.enterprise_a)
    agencies = [khcn(), tnmt()]  # ``agency_officer``'s agency first
    other_agency = UserFactory(username="other_agency", roles=[(Role.AGENCY_OFFICER, tnmt())])
    today = timezone.localdate()
    return World(
        difficulty,
        people={"officer_of_another_agency": other_agency},
        fields={
            "route": lambda draw: {"agency": draw(st.sampled_from(agencies))},
            "answer": lambda draw: {"answer": "Đã xử lý (thử)", "answered_on": today},
            "resolve": lambda draw: {"resolved_on": today},
            "close_unresolved": lambda draw: {"closed_reason": "Ngoài thẩm quyền (thử)"},
        },
    )


@world("firm_report")
def _firm_report(cast: Cast) -> World:
    period = monitoring_services.period_create(
        actor=cast.officer, year=2025, quarter=Quarter.YEAR, due_on=dt.date(2026, 3, 31)
    )
    report = monitoring_services.firm_report_submit(
        actor=cast.rep_a, enterprise=cast.enterprise_a, period=period, **GOOD_REPORT
    )
    return World(report)


@world("base_year")
def _base_year(cast: Cast) -> World:
    return World(loaded(cast.officer, activate=False))


# --------------------------------------------------------------------------- the machine


def distances(lc: Lifecycle) -> dict[str, int]:
    """The states the declared edges lead to from the states a record is created in, with
    how many events it takes at least."""
    starts = [lc.initial, *lc.entries]
    found, todo = dict.fromkeys(starts, 0), list(starts)
    while todo:
        state = todo.pop(0)
        for target in lc.targets_from(state):
            if target not in found:
                found[target] = found[state] + 1
                todo.append(target)
    return found


def settings_for(lc: Lifecycle) -> settings:
    """Eight steps an example, more for a lifecycle whose far states lie deeper (a dossier
    is recognised six events after its draft, and some steps are refused or nudges)."""
    return settings(SETTINGS, stateful_step_count=max(8, 4 * max(distances(lc).values())))


class LifecycleMachine(RuleBasedStateMachine):
    """One record of ``lifecycle`` and the people around it (a subclass per lifecycle)."""

    lifecycle: Lifecycle

    def __init__(self, world: World, cast: Cast) -> None:
        super().__init__()
        self.world = world
        self.people = {**cast.people(), **world.people}
        self.model = type(world.record)
        self.pk = world.record.pk
        self.edges = {(s, t.target) for t in self.lifecycle.transitions for s in t.source}
        self.reachable = set(distances(self.lifecycle))
        self.savepoint = transaction.savepoint()
        self.outbox = len(mail.outbox)
        # the previous example was rolled back: the record is as the world built it
        self.state = self._stored()
        assert self.state == self.lifecycle.initial
        self.seen = {self.state}

    def teardown(self) -> None:
        transaction.savepoint_rollback(self.savepoint)
        del mail.outbox[self.outbox :]

    # ------------------------------------------------------------------ reading

    def _fresh(self) -> models.Model:
        return self.model.objects.get(pk=self.pk)

    def _stored(self) -> str:
        return self.model.objects.values_list(self.lifecycle.field, flat=True).get(pk=self.pk)

    def _everything(self) -> tuple:
        """What a refused event must leave as it was."""
        return (
            self.model.objects.filter(pk=self.pk).values().get(),
            AuditEntry.objects.count(),
            len(mail.outbox),
            len(connection.run_on_commit),
        )

    def _own_audit_rows(self) -> models.QuerySet:
        """The record's audit rows written by its lifecycle's events."""
        return AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=str(self.pk),
            action__in=[f"{self.lifecycle.name}.{t.event}" for t in self.lifecycle.transitions],
        )

    def _someone(self, data) -> tuple[str, Any]:
        name = data.draw(st.sampled_from(sorted(self.people)), label="who")
        return name, self.people[name]

    # ------------------------------------------------------------------ checking

    def _try(self, data, event: str, actor: Any) -> None:
        lc = self.lifecycle
        obj = self._fresh()
        before = getattr(obj, lc.field)
        reason = lc.refusal(obj, event, actor=actor)
        offered = {t.event for t in lc.available(obj, actor=actor)}
        assert (reason is None) == (event in offered), (event, reason, offered)
        fields = self.world.fields[event](data.draw) if event in self.world.fields else None
        if reason is not None:
            assert isinstance(reason, str)
            assert reason
            everything = self._everything()
            with pytest.raises(TransitionRefused) as refused:
                lc.fire(obj, event, actor=actor, fields=fields)
            assert refused.value.message == reason
            assert getattr(obj, lc.field) == before
            assert self._everything() == everything
            return
        t = lc.transition(event)
        audited = self._own_audit_rows().count()
        with transaction.atomic():
            lc.fire(obj, event, actor=actor, fields=fields)
            if event in self.world.after:
                self.world.after[event](obj)
        after = self._stored()
        assert after == t.target
        assert after in lc.states.values
        assert (before, after) in self.edges
        self._audited_once(audited, before, after)
        self.state = after
        self.seen.add(after)

    @rule(data=st.data())
    def fire_any_event(self, data) -> None:
        """Any declared event (or, now and then, one nobody declared), by anyone: fired
        when the declaration allows it, else refused without a trace."""
        events = [t.event for t in self.lifecycle.transitions]
        event = data.draw(st.sampled_from([*events, UNKNOWN_EVENT]), label="event")
        _name, actor = self._someone(data)
        if event == UNKNOWN_EVENT:
            self._unknown(actor)
        else:
            self._try(data, event, actor)

    @rule(data=st.data())
    def fire_an_offered_event(self, data) -> None:
        """An event some person is offered now (what their page shows), by one of them, so
        that the walk goes deep: first an event to a state this example has not seen that
        is not final, then one that keeps the record going, one that ends it last; when no
        new state is on offer, the surroundings may change first. An event without a rule,
        offered to everyone, is drawn no more often than another."""
        obj = self._fresh()
        offered: dict[str, list[str]] = {}
        for name in sorted(self.people):
            for t in self.lifecycle.available(obj, actor=self.people[name]):
                offered.setdefault(t.event, []).append(name)
        lc = self.lifecycle
        new = [e for e in offered if lc.transition(e).target not in self.seen]
        alive = [e for e in offered if lc.transition(e).target not in lc.final]
        onward = [e for e in new if e in alive]
        if not onward and self.world.nudges and data.draw(st.booleans(), label="nudge first"):
            self._nudge(data)
        elif offered:
            choice = onward or alive or new or offered
            event = data.draw(st.sampled_from(sorted(choice)), label="offered")
            name = data.draw(st.sampled_from(offered[event]), label="to")
            self._try(data, event, self.people[name])

    def _audited_once(self, audited: int, before: str, after: str) -> None:
        """The move left exactly one audit row of an event, which says what moved."""
        rows = self._own_audit_rows()
        assert rows.count() == audited + 1
        assert rows.latest("pk").diff[self.lifecycle.field] == [before, after]

    def _unknown(self, actor) -> None:
        obj = self._fresh()
        everything = self._everything()
        with pytest.raises(KeyError):
            self.lifecycle.refusal(obj, UNKNOWN_EVENT, actor=actor)
        with pytest.raises(KeyError):
            self.lifecycle.fire(obj, UNKNOWN_EVENT, actor=actor)
        assert self._everything() == everything

    @precondition(lambda self: bool(self.world.nudges))
    @rule(data=st.data())
    def nudge(self, data) -> None:
        self._nudge(data)

    def _nudge(self, data) -> None:
        """A service changes the record's surroundings; if it moves the record too, it does
        so along a declared edge, with its audit row."""
        name = data.draw(st.sampled_from(sorted(self.world.nudges)), label="nudge")
        before, audited = self._stored(), self._own_audit_rows().count()
        try:
            with transaction.atomic():
                self.world.nudges[name]()
        except (ApplicationError, ValidationError):
            assert self._stored() == before
        after = self._stored()
        if after != before:
            assert (before, after) in self.edges
            self._audited_once(audited, before, after)
        self.state = after
        self.seen.add(after)

    @invariant()
    def stored_state_is_declared_and_reachable(self) -> None:
        stored = self._stored()
        assert stored in self.lifecycle.states.values
        assert stored in self.reachable
        assert stored == self.state


MACHINES: dict[str, type[LifecycleMachine]] = {
    name: type(
        f"{name.title().replace('_', '')}Machine",
        (LifecycleMachine,),
        {"lifecycle": REGISTRY[name], "__doc__": f"The ``{name}`` lifecycle."},
    )
    for name in sorted(WORLDS)
}


@pytest.fixture
def cast(
    officer, leader, council_member, agency_officer, outsider, rep_a, rep_b, enterprise_a, product_a
) -> Cast:
    return Cast(
        officer=officer,
        leader=leader,
        council_member=council_member,
        agency_officer=agency_officer,
        outsider=outsider,
        rep_a=rep_a,
        rep_b=rep_b,
        enterprise_a=enterprise_a,
        product_a=product_a,
    )


def _trace(record: models.Model) -> tuple:
    return (
        type(record).objects.filter(pk=record.pk).values().get(),
        AuditEntry.objects.count(),
        len(mail.outbox),
    )


# --------------------------------------------------------------------------- tests


def test_every_lifecycle_has_a_machine():
    assert set(REGISTRY) == set(WORLDS) | set(WITHOUT_MACHINE)
    assert not set(WORLDS) & set(WITHOUT_MACHINE)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_declared_state_is_reachable_and_finals_are_final(name):
    """What the machines' invariant leans on: no state the declaration cannot reach, no
    event out of a final state, and every state without an exit declared final."""
    lc = REGISTRY[name]
    assert set(distances(lc)) == set(lc.states.values)
    assert [t.event for s in lc.final for t in lc.events_from(s)] == []
    assert {s for s in lc.states.values if not lc.events_from(s)} <= set(lc.final)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(WORLDS))
def test_lifecycle_machine(name, cast):
    built = WORLDS[name](cast)
    machine = MACHINES[name]
    assert getattr(built.record, machine.lifecycle.field) == machine.lifecycle.initial
    traced = _trace(built.record)
    run_state_machine_as_test(
        lambda: machine(built, cast), settings=settings_for(machine.lifecycle)
    )
    # every example was rolled back: the record, the audit trail and the outbox are as the
    # world left them
    assert _trace(built.record) == traced
