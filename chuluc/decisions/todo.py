"""What the decisions part asks of a person on the dashboard ("Việc cần làm",
``chuluc.core.navigation.register_task_source``): derived from the comments' states and the
recognitions' validity (``selectors.with_validity``), never stored."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from chuluc.accounts.selectors import user_enterprise_ids
from chuluc.core.formatting import vn_date
from chuluc.core.navigation import Task
from chuluc.decisions import rules, selectors
from chuluc.decisions.enums import CommentStatus, Validity
from chuluc.decisions.models import PublicComment, Recognition


def comment_tasks(user, today: dt.date) -> list[Task]:
    """Officers: per campaign, the public comments waiting for moderation, due by the
    campaign's expected decision (one query)."""
    if not rules.can_moderate_comment(user):
        return []
    waiting = (
        PublicComment.objects.filter(status=CommentStatus.RECEIVED)
        .values(
            "publication__campaign_id",
            "publication__campaign__name",
            "publication__campaign__decision_due",
        )
        .annotate(count=Count("id"))
        .order_by("publication__campaign_id")
    )
    found = []
    for row in waiting:
        due = row["publication__campaign__decision_due"]
        found.append(
            Task(
                what=_("Góp ý công khai chờ kiểm duyệt (%(name)s): %(count)d")
                % {"name": row["publication__campaign__name"], "count": row["count"]},
                why=_(
                    "Góp ý chỉ được công khai hoặc giữ kín sau khi cán bộ kiểm duyệt; "
                    "cần xong trước khi có quyết định công nhận."
                ),
                url=reverse("decisions:comments", args=[row["publication__campaign_id"]]),
                due=due,
                overdue=bool(due and due < today),
            )
        )
    return found


def recognition_tasks(user, today: dt.date) -> list[Task]:
    """A representative: their recognitions nearing the end of their validity (one query),
    linked to their recognitions' page, which calls them to the campaign that renews it."""
    own = user_enterprise_ids(user)
    if not own:
        return []
    expiring = selectors.with_validity(
        Recognition.objects.filter(enterprise_id__in=own).select_related("product"),
        Validity.EXPIRING,
        on=today,
    ).order_by("valid_until", "pk")
    return [
        Task(
            what=_("Đăng ký xét công nhận lại “%(product)s”") % {"product": r.product.name},
            why=_("Công nhận hết hiệu lực ngày %(date)s.") % {"date": vn_date(r.valid_until)},
            url=reverse("decisions:my_recognitions"),
            due=r.valid_until,
        )
        for r in expiring
    ]
