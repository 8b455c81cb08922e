"""Notifications: in the application (the bell, the list) and by e-mail, for the events the
apps register.

``core`` imports no other app, so each app registers its kinds of notification in its
``AppConfig.ready()`` (they make the rows of the preferences page) and tells people from
its lifecycle effects, inside the service's transaction:

    register_event("campaigns.dossier_returned", label=_("Hồ sơ được trả lại để bổ sung"),
                   group=_("Hồ sơ tham gia xét chọn"))

    notify(users, event="campaigns.dossier_returned", key=f"dossier:{dossier.pk}:{at}",
           title=subject, body=body, url=dossier_url, emails=[enterprise.email])

``notify`` stores one row per person (``bulk_create`` ignoring conflicts: the unique
``(user, key)`` makes the same event for the same record reach a person once, whoever fires
it again) and, once the transaction commits, enqueues the task that mails them
(``chuluc.core.tasks.send_notifications``). Each person's preference for the event
(``NotificationPreference``; none: at once) is copied onto the row when it is made: at once,
in the daily digest (``chuluc send_digest``) or not by mail. Addresses that belong to no
account (``emails``) get the mail only.

A mail goes at most once: whoever sends (the task, a retried task, the digest) first claims
the rows with one conditional UPDATE (``emailed_at IS NULL`` → now) and mails only what it
claimed. A mail that fails is released for the next daily run to try again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record
from chuluc.core.enums import MailChoice
from chuluc.core.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    code: str
    label: Any  # a lazy translated phrase: "Hồ sơ được trả lại để bổ sung"
    group: Any  # the heading it is listed under on the preferences page
    order: int


_EVENTS: dict[str, Event] = {}


def register_event(code: str, *, label: Any, group: Any, order: int = 0) -> None:
    """A kind of notification the preferences page lists; registering ``code`` again
    replaces the earlier registration."""
    _EVENTS[code] = Event(code=code, label=label, group=group, order=order)


def events() -> list[Event]:
    """Every registered kind, in the program's order."""
    return sorted(_EVENTS.values(), key=lambda event: (event.order, event.code))


def grouped_events() -> list[tuple[str, list[Event]]]:
    """The registered kinds under their headings, in the program's order."""
    groups: dict[str, list[Event]] = {}
    for event in events():
        groups.setdefault(str(event.group), []).append(event)
    return list(groups.items())


# ---------------------------------------------------------------------------- writing


def render_mail(template: str, context: dict[str, Any]) -> tuple[dict[str, str], str]:
    """A notification's title from ``<template>_subject.txt`` in each of the site's
    languages (the list shows the reader's), and its mail body from ``<template>.txt`` in
    the site's language whoever acts: the row is read later by someone else."""
    context = {**context, "site": settings.SITE_URL}
    titles = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[code] = render_to_string(f"{template}_subject.txt", context).strip()
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"{template}.txt", context)
    return titles, body


def change_key(change: Any) -> str:
    """The dedupe key of a lifecycle change (``chuluc.core.lifecycle.Change``): the record,
    the event and its moment, so the same change is told once and a later return of the
    same dossier is a new event."""
    return f"{change.lifecycle.name}:{change.obj.pk}:{change.transition.event}:{change.at:%Y%m%dT%H%M%S.%f}"


def notify(
    users: Iterable[Any],
    *,
    event: str,
    key: str,
    title: str | Mapping[str, str],
    body: str,
    url: str = "",
    emails: Iterable[str] = (),
) -> int:
    """Tell ``users`` (inactive ones are left out) and mail ``emails``, once per person and
    ``key``; the mails leave after the transaction commits. ``title``: one text, or one per
    language as ``render_mail`` gives them. Returns the number of recipients asked (rows
    that already existed are kept as they were)."""
    titles = dict(title) if isinstance(title, Mapping) else {}
    site_title = titles.get(settings.LANGUAGE_CODE, "") if titles else str(title)
    people = {user.pk: user for user in users if user is not None and user.is_active}
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=people, event=event).values_list(
            "user_id", "mail"
        )
    )
    now = timezone.now()
    common = {
        "event": event,
        "key": key,
        "title": site_title[:300],
        "titles": {code: text[:300] for code, text in titles.items()},
        "body": body,
        "url": url,
    }
    rows = [
        Notification(
            user=user,
            mail=chosen.get(pk, MailChoice.IMMEDIATE) if user.email else MailChoice.OFF,
            created_at=now,
            **common,
        )
        for pk, user in people.items()
    ]
    taken = {user.email.lower() for user in people.values() if user.email}
    addresses = sorted(
        {
            address.lower(): address
            for address in emails
            if address and address.lower() not in taken
        }.values()
    )
    rows += [Notification(email=address, created_at=now, **common) for address in addresses]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(partial(_enqueue, key))
    return len(rows)


def _enqueue(key: str) -> None:
    # the task module imports this one to do its work
    from chuluc.core.tasks import send_notifications  # noqa: PLC0415 - cycle

    send_notifications.enqueue(key)


def _claim(rows: QuerySet[Notification]) -> list[Notification]:
    """Mark ``rows`` as mailed in one conditional UPDATE and return those this call
    claimed: a second sender (a retried task, the digest) finds them taken."""
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return []
    stamp = timezone.now()
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    return list(
        Notification.objects.filter(pk__in=ids, emailed_at=stamp)
        .select_related("user")
        .order_by("pk")
    )


def _address(row: Notification) -> str:
    return row.user.email if row.user_id else row.email


def _subject(title: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return f"[{_('Chủ Lực')}] {title}"


def mail_immediate(*, key: str | None = None) -> int:
    """Mail the notifications to be sent at once that no one has mailed (of ``key`` only,
    when given). Returns the number of mails sent."""
    pending = Notification.objects.filter(mail=MailChoice.IMMEDIATE, emailed_at__isnull=True)
    if key is not None:
        pending = pending.filter(key=key)
    sent = 0
    for row in _claim(pending):
        try:
            send_mail(_subject(row.title), row.body, None, [_address(row)], fail_silently=False)
        except Exception:
            logger.exception("Notification %s not mailed; the next run tries again.", row.pk)
            Notification.objects.filter(pk=row.pk).update(emailed_at=None)
            continue
        sent += 1
    return sent


def mail_digest() -> int:
    """One mail per person listing their notifications waiting for the digest, and the
    notifications to be sent at once that are still unsent (a failed mail, a lost task).
    Returns the number of mails sent."""
    sent = mail_immediate()
    rows = _claim(Notification.objects.filter(mail=MailChoice.DIGEST, emailed_at__isnull=True))
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for row in rows:
        by_user[row.user_id].append(row)
    for items in by_user.values():
        user = items[0].user
        context = {"user": user, "items": items, "site": settings.SITE_URL}
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("core/email/digest_subject.txt", context).strip()
            body = render_to_string("core/email/digest.txt", context)
        try:
            send_mail(subject, body, None, [user.email], fail_silently=False)
        except Exception:
            logger.exception("Digest for user %s not mailed; the next run tries again.", user.pk)
            Notification.objects.filter(pk__in=[row.pk for row in items]).update(emailed_at=None)
            continue
        sent += 1
    return sent


# ---------------------------------------------------------------------------- reading


def unread_count(user) -> int:
    """The bell's number: one query."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox(user) -> QuerySet[Notification]:
    """The person's own notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def preferences(user) -> dict[str, str]:
    """The person's mail choice for every registered kind (at once where none is stored)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("event", "mail"))
    return {event.code: chosen.get(event.code, MailChoice.IMMEDIATE) for event in events()}


# ---------------------------------------------------------------------------- the inbox


def notification_open(*, user, notification_id: int) -> Notification | None:
    """Mark one of the person's own notifications as read; ``None`` when it is not theirs
    (or does not exist). Reading one's own inbox is not audited: it changes nobody's record."""
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user) -> int:
    """Mark every unread notification of the person as read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user, choices: dict[str, str]) -> None:
    """Store the person's mail choice per kind (a kind at its default keeps no row), with
    one audit row for the change."""
    before = preferences(user)
    known = {event.code for event in events()}
    changed = {
        code: [before.get(code), mail]
        for code, mail in choices.items()
        if code in known and before.get(code) != mail
    }
    if not changed:
        return
    NotificationPreference.objects.filter(user=user, event__in=changed).delete()
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=user, event=code, mail=mail)
        for code, (_old, mail) in changed.items()
        if mail != MailChoice.IMMEDIATE
    )
    audit_record(actor=user, action="notification_preference.update", obj=user, changes=changed)
