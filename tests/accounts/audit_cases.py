"""One call of each API token service and of the e-mail confirmation, for
tests/core/test_audit.py (exactly one audit row). The other accounts services of ``users``
and ``memberships`` have their cases in that file."""

import inspect

from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.services import memberships, tokens
from tests.factories.accounts import MembershipFactory

NOT_SINGLE_WRITES = {
    "authenticate",  # read; notes the time of use (a bookkeeping field, not audited)
    "hash_secret",  # a hash
}


def api_token_create(officer):
    return lambda: tokens.api_token_create(actor=officer, name="Máy chủ báo cáo")


def api_token_revoke(officer):
    token, _secret = tokens.api_token_create(actor=officer, name="Máy chủ báo cáo")
    return lambda: tokens.api_token_revoke(actor=officer, token=token)


def membership_confirm_email(officer):
    membership = MembershipFactory(status=MembershipStatus.UNCONFIRMED)
    return lambda: memberships.membership_confirm_email(membership=membership)


CASES = {
    name: fn
    for name, fn in dict(globals()).items()
    if inspect.isfunction(fn) and fn.__module__ == __name__ and not name.startswith("_")
}
