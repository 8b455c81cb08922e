"""Background tasks of core (django-tasks): thin wrappers over ``chuluc.core.notifications``."""

from django_tasks import task

from chuluc.core import notifications


@task()
def send_notifications(key: str) -> int:
    """Mail one event's notifications to be sent at once; a second run sends nothing."""
    return notifications.mail_immediate(key=key)


@task()
def send_digest() -> int:
    """The daily digest, and any mail to be sent at once still unsent."""
    return notifications.mail_digest()
