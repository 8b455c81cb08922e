"""One call of each support service, for tests/core/test_audit.py (exactly one audit row)."""

import datetime as dt
import inspect

from django.utils import timezone

from chuluc.core.models import Agency
from chuluc.support import services
from chuluc.support.enums import (
    ConnectionKind,
    DifficultyCategory,
    DifficultyStatus,
    ListingKind,
    ListingSubject,
    SupportForm,
)
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.factories.support import make_policy, raise_difficulty, routed, valid_now

NOT_SINGLE_WRITES = {
    "support_record_add",  # runs inside the services that give support, whose row names it
    "difficulty_reminders_send",  # one row per reminder sent (tests/support/test_reminders.py)
}


def _rep():
    rep = UserFactory(roles=["enterprise_rep"])
    enterprise = EnterpriseFactory()
    MembershipFactory(user=rep, enterprise=enterprise)
    return rep, enterprise


def _record_values():
    return {"given_on": timezone.localdate(), "kind": SupportForm.BOOTH, "quantity": 1}


def _request(officer):
    rep, enterprise = _rep()
    return services.support_request_submit(
        actor=rep, enterprise=enterprise, policy=make_policy(officer), description="Xin hỗ trợ."
    )


def policy_create(officer):
    return lambda: make_policy(officer)


def policy_update(officer):
    policy = make_policy(officer)
    return lambda: services.policy_update(actor=officer, policy=policy, sla_days=20)


def budget_line_set(officer):
    policy = make_policy(officer)
    return lambda: services.budget_line_set(
        actor=officer, policy=policy, year=2026, amount_vnd=1_000_000_000
    )


def support_record_create(officer):
    policy, enterprise = make_policy(officer), EnterpriseFactory()
    return lambda: services.support_record_create(
        actor=officer, enterprise=enterprise, policy=policy, **_record_values()
    )


def support_request_submit(officer):
    rep, enterprise = _rep()
    policy = make_policy(officer)
    return lambda: services.support_request_submit(
        actor=rep, enterprise=enterprise, policy=policy, description="Xin gian hàng."
    )


def support_request_decide(officer):
    made = _request(officer)
    return lambda: services.support_request_decide(
        actor=officer, support_request=made, status="approved", record=_record_values()
    )


def support_request_record(officer):
    made = _request(officer)
    services.support_request_decide(actor=officer, support_request=made, status="approved")
    return lambda: services.support_request_record(
        actor=officer, support_request=made, **_record_values()
    )


def trade_event_create(officer):
    return lambda: services.trade_event_create(
        actor=officer,
        name="Hội chợ thử",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        venue="Hà Nội",
    )


def event_participant_add(officer):
    event = services.trade_event_create(
        actor=officer,
        name="Hội chợ thử",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        venue="Hà Nội",
        policy=make_policy(officer),
        booth_amount_vnd=1_000_000,
    )
    enterprise = EnterpriseFactory()
    return lambda: services.event_participant_add(
        actor=officer, event=event, enterprise=enterprise, booths=2, supported_booths=1
    )


def dialogue_create(officer):
    enterprise = EnterpriseFactory()
    return lambda: services.dialogue_create(
        actor=officer,
        title="Đối thoại thử",
        held_on=timezone.localdate() - dt.timedelta(days=1),
        chair="Lãnh đạo Sở",
        participants=[enterprise],
    )


def difficulty_raise(officer):
    enterprise = EnterpriseFactory()
    return lambda: services.difficulty_raise(
        actor=officer,
        enterprise=enterprise,
        category=DifficultyCategory.TAX,
        title="Chậm hoàn thuế",
        description="Hồ sơ hoàn thuế chậm 60 ngày.",
        agency=Agency.objects.get(code="cuc-thue"),
    )


def difficulty_move(officer):
    rep, enterprise = _rep()
    difficulty = raise_difficulty(rep, enterprise)
    return lambda: services.difficulty_move(
        actor=officer,
        difficulty=difficulty,
        status=DifficultyStatus.ROUTED,
        agency=Agency.objects.get(code="so-khcn"),
    )


def partner_create(officer):
    return lambda: services.partner_create(actor=officer, name="Đối tác thử", province="Hải Phòng")


def listing_create(officer):
    rep, enterprise = _rep()
    return lambda: services.listing_create(
        actor=rep,
        enterprise=enterprise,
        kind=ListingKind.NEED,
        subject=ListingSubject.COMPONENT,
        title="Cần linh kiện",
    )


def listing_close(officer):
    rep, enterprise = _rep()
    listing = services.listing_create(
        actor=rep,
        enterprise=enterprise,
        kind=ListingKind.OFFER,
        subject=ListingSubject.PRODUCT,
        title="Chào bán",
    )
    return lambda: services.listing_close(actor=rep, listing=listing)


def connection_record(officer):
    a, b = EnterpriseFactory(), EnterpriseFactory()
    return lambda: services.connection_record(
        actor=officer,
        enterprise=a,
        counterpart_enterprise=b,
        kind=ConnectionKind.CONTRACT,
        happened_on=timezone.localdate(),
        value_vnd=10_000_000,
    )


def _recognised_rep(officer):
    rep, enterprise = _rep()
    valid_now(officer, enterprise)
    return rep, enterprise


def _in(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _event(officer):
    return services.trade_event_create(
        actor=officer,
        name="Hội chợ thử",
        starts_on=_in(10),
        ends_on=_in(12),
        venue="Hà Nội",
        policy=make_policy(officer),
    )


def _dialogue(officer):
    return services.dialogue_create(
        actor=officer, title="Đối thoại thử", held_on=_in(7), chair="Lãnh đạo Sở"
    )


def event_register(officer):
    rep, enterprise = _recognised_rep(officer)
    event = _event(officer)
    return lambda: services.event_register(actor=rep, event=event, enterprise=enterprise)


def event_withdraw(officer):
    rep, enterprise = _recognised_rep(officer)
    event = _event(officer)
    services.event_register(actor=rep, event=event, enterprise=enterprise)
    return lambda: services.event_withdraw(actor=rep, event=event, enterprise=enterprise)


def dialogue_register(officer):
    rep, enterprise = _recognised_rep(officer)
    dialogue = _dialogue(officer)
    return lambda: services.dialogue_register(actor=rep, dialogue=dialogue, enterprise=enterprise)


def dialogue_withdraw(officer):
    rep, enterprise = _recognised_rep(officer)
    dialogue = _dialogue(officer)
    services.dialogue_register(actor=rep, dialogue=dialogue, enterprise=enterprise)
    return lambda: services.dialogue_withdraw(actor=rep, dialogue=dialogue, enterprise=enterprise)


def difficulty_confirm(officer):
    rep, enterprise = _rep()
    difficulty = routed(officer, rep, enterprise)
    difficulty = services.difficulty_move(
        actor=officer, difficulty=difficulty, status=DifficultyStatus.ANSWERED, note="Đã trả lời."
    )
    return lambda: services.difficulty_confirm(actor=rep, difficulty=difficulty, resolved=True)


def connection_request_send(officer):
    rep, enterprise = _rep()
    owner, owner_enterprise = _rep()
    listing = services.listing_create(
        actor=owner,
        enterprise=owner_enterprise,
        kind=ListingKind.OFFER,
        subject=ListingSubject.COMPONENT,
        title="Cung ứng linh kiện thử",
    )
    return lambda: services.connection_request_send(
        actor=rep, listing=listing, enterprise=enterprise, message="Xin kết nối."
    )


CASES = {
    name: fn
    for name, fn in dict(globals()).items()
    if inspect.isfunction(fn) and fn.__module__ == __name__ and not name.startswith("_")
}
