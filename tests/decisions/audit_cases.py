"""One call of each decisions service, for tests/core/test_audit.py (exactly one audit row).
The services that write several records (one audit row each) are listed in
``NOT_SINGLE_WRITES`` and counted in tests/decisions/test_lifecycles.py."""

import inspect

from chuluc.decisions import services
from chuluc.decisions.enums import CommentStatus
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.decisions import decided, published
from tests.factories.registry import EnterpriseFactory

NOT_SINGLE_WRITES = {
    "sender_key",  # a hash
    "public_list_changed",  # runs inside decision_enter / recognition_revoke (no row of its own)
    # one row per record written (tests/decisions/test_lifecycles.py)
    "publication_publish",  # the publication, and each dossier published
    "entry_withdraw",  # the entry, and its dossier withdrawn
    "decision_enter",  # the decision, the publication closed, each renewal, each dossier
    "decision_record_past",  # the same as decision_enter, after publication_publish's rows
    "recognition_revoke",  # the recognition, and each of its certificates
    "expiry_reminders_send",  # one per recognition reminded (tests/decisions/test_services.py)
}


def _rep_and_enterprise():
    """A verified representative of a new enterprise, who may submit its dossiers."""
    rep, enterprise = UserFactory(roles=["enterprise_rep"]), EnterpriseFactory()
    MembershipFactory(user=rep, enterprise=enterprise)
    return {"rep": rep, "enterprise": enterprise}


def _world(officer):
    return published(officer=officer, **_rep_and_enterprise())


def _comment(world):
    return services.comment_submit(
        publication=world["publication"],
        entry=world["publication"].entries.first(),
        author_name="Người góp ý",
        author_contact="0900000000",
        text="Góp ý thử",
        address="192.0.2.1",
    )


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


def certificate_files_store(officer):
    decision = decided(officer=officer, **_rep_and_enterprise())["decision"]
    return lambda: services.certificate_files_store(actor=officer, decision=decision)


def certificate_files_regenerate(officer):
    decision = decided(officer=officer, **_rep_and_enterprise())["decision"]
    services.certificate_files_store(actor=None, decision=decision)
    return lambda: services.certificate_files_regenerate(actor=officer, decision=decision)


def snapshot_publish(officer):
    decision = decided(officer=officer, **_rep_and_enterprise())["decision"]
    return lambda: services.snapshot_publish(decision=decision, reason="Quyết định (thử)")


def snapshots_refresh(officer):
    """One decision whose recognitions became expiring: one new version, one row."""
    decision = decided(officer=officer, **_rep_and_enterprise())["decision"]
    services.snapshot_publish(decision=decision, reason="Quyết định (thử)")
    day = decision.recognitions.first().valid_until
    return lambda: services.snapshots_refresh(today=day)


CASES = {
    name: fn
    for name, fn in dict(globals()).items()
    if inspect.isfunction(fn) and fn.__module__ == __name__ and not name.startswith("_")
}
