"""The decisions part's "Việc cần làm": public comments waiting for moderation, recognitions
nearing their end; each appears in its state, links to its page and goes with the action."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.decisions import services
from chuluc.decisions.enums import CommentStatus
from chuluc.decisions.todo import comment_tasks, recognition_tasks
from tests.factories.decisions import published
from tests.factories.support import recognition

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _comment(world, n: int = 0):
    return services.comment_submit(
        publication=world["publication"],
        entry=world["publication"].entries.first(),
        author_name="Người góp ý",
        author_contact="0900000000",
        text=f"Góp ý thử {n}",
        address=f"192.0.2.{n + 1}",
    )


def test_a_received_comment_waits_for_moderation_until_moderated(
    client, officer, leader, rep_a, enterprise_a
):
    world = published(officer=officer, rep=rep_a, enterprise=enterprise_a)
    assert comment_tasks(officer, _today()) == []
    comment = _comment(world)

    [task] = comment_tasks(officer, _today())
    assert world["campaign"].name in task.what
    assert task.what.endswith(": 1")
    assert task.url == reverse("decisions:comments", args=[world["campaign"].pk])
    assert task.due == world["campaign"].decision_due
    client.force_login(officer)
    assert "Góp ý thử 0" in client.get(task.url).content.decode()
    assert comment_tasks(leader, _today()) == []
    assert comment_tasks(rep_a, _today()) == []

    campaign = world["campaign"]
    campaign.decision_due = _today() - dt.timedelta(days=1)
    campaign.save(update_fields=["decision_due"])
    [task] = comment_tasks(officer, _today())
    assert task.overdue

    services.comment_moderate(actor=officer, comment=comment, status=CommentStatus.PUBLISHED)
    assert comment_tasks(officer, _today()) == []


def test_a_recognition_nearing_its_end_calls_its_firm_to_renew(
    client, officer, rep_a, rep_b, enterprise_a
):
    far = recognition(
        officer,
        enterprise_a,
        valid_from=_today() - dt.timedelta(days=700),
        valid_until=_today() + dt.timedelta(days=400),
    )
    assert recognition_tasks(rep_a, _today()) == []

    near = recognition(
        officer,
        enterprise_a,
        valid_from=_today() - dt.timedelta(days=700),
        valid_until=_today() + dt.timedelta(days=20),
    )
    [task] = recognition_tasks(rep_a, _today())
    assert near.product.name in task.what
    assert far.product.name not in task.what
    assert task.due == near.valid_until
    assert task.url == reverse("decisions:my_recognitions")
    client.force_login(rep_a)
    assert near.product.name in client.get(task.url).content.decode()
    assert recognition_tasks(rep_b, _today()) == []

    # the day after its last day it is no longer a recognition to renew in time
    assert recognition_tasks(rep_a, near.valid_until + dt.timedelta(days=1)) == []


def _queries(source, user):
    with CaptureQueriesContext(connection) as ctx:
        source(user, _today())
    return len(ctx)


def test_the_sources_read_in_a_fixed_number_of_queries(officer, rep_a, enterprise_a):
    world = published(officer=officer, rep=rep_a, enterprise=enterprise_a)

    def add(n, start):
        for i in range(start, start + n):
            _comment(world, i)
            recognition(
                officer,
                enterprise_a,
                valid_from=_today() - dt.timedelta(days=700),
                valid_until=_today() + dt.timedelta(days=20),
            )

    add(1, 0)
    _queries(comment_tasks, officer)  # the roles, read once per request and kept
    _queries(recognition_tasks, rep_a)
    one = [_queries(comment_tasks, officer), _queries(recognition_tasks, rep_a)]
    add(4, 1)
    assert [_queries(comment_tasks, officer), _queries(recognition_tasks, rep_a)] == one
