"""Who may use the API: the predicate lives with the accounts (the token service checks it
too); the API's authentication applies it, and each endpoint the pages' own predicates."""

from chuluc.accounts.rules import can_use_api

__all__ = ["can_use_api"]
