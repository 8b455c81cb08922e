"""One call of each decisions service, for tests/core/test_audit.py (exactly one audit row)."""

import inspect

from django.utils import timezone

from chuluc.decisions import services
from chuluc.decisions.enums import CommentStatus
from tests.factories.accounts import UserFactory
from tests.factories.decisions import close_comments, decided, published
from tests.factories.registry import EnterpriseFactory


def _world(officer):
    rep = UserFactory()
    return published(officer=officer, rep=rep, enterprise=EnterpriseFactory())


def _comment(world):
    return services.comment_submit(
        publication=world["publication"],
        entry=world["publication"].entries.first(),
        author_name="Người góp ý",
        author_contact="0900000000",
        text="Góp ý thử",
        address="192.0.2.1",
    )


def publication_publish(officer):
    from tests.factories.decisions import closed_council

    world = closed_council(officer=officer, rep=UserFactory(), enterprise=EnterpriseFactory())
    return lambda: services.publication_publish(actor=officer, campaign=world["campaign"])


def comment_submit(officer):
    world = _world(officer)
    return lambda: _comment(world)


def comment_moderate(officer):
    comment = _comment(_world(officer))
    return lambda: services.comment_moderate(
        actor=officer, comment=comment, status=CommentStatus.PUBLISHED
    )


def comment_answer(officer):
    comment = _comment(_world(officer))
    return lambda: services.comment_answer(
        actor=officer, comment=comment, answer="Trả lời", effect="none"
    )


def entry_withdraw(officer):
    world = _world(officer)
    entry = world["publication"].entries.last()
    return lambda: services.entry_withdraw(actor=officer, entry=entry, reason="Góp ý đúng")


def decision_enter(officer):
    world = _world(officer)
    close_comments(world["publication"])
    return lambda: services.decision_enter(
        actor=officer,
        campaign=world["campaign"],
        number="88/QĐ-UBND",
        signed_on=timezone.localdate(),
        signer_name="A",
        signer_title="B",
    )


def recognition_revoke(officer):
    world = decided(officer=officer, rep=UserFactory(), enterprise=EnterpriseFactory())
    recognition = world["decision"].recognitions.first()
    return lambda: services.recognition_revoke(
        actor=officer, recognition=recognition, reason="Vi phạm", decision_ref="1/QĐ"
    )


CASES = {
    name: fn
    for name, fn in dict(globals()).items()
    if inspect.isfunction(fn) and fn.__module__ == __name__ and not name.startswith("_")
}
