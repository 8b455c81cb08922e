"""Notifications: stored once per person and event, mailed once after the transaction
commits whoever runs the task, by each person's preference, read only by their owner."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuluc.core import notifications
from chuluc.core.enums import MailChoice
from chuluc.core.models import AuditEntry, Notification, NotificationPreference
from chuluc.core.tasks import send_notifications
from tests.factories.accounts import MembershipFactory, UserFactory
from tests.factories.core import NotificationFactory

pytestmark = pytest.mark.django_db

EVENT = "campaigns.dossier_returned"  # registered by campaigns' AppConfig.ready()


def _notify(users, key="dossier:1:returned", emails=()):
    return notifications.notify(
        users,
        event=EVENT,
        key=key,
        title="Hồ sơ cần bổ sung",
        body="Kính gửi,\nHồ sơ được trả lại.",
        url="/tong-quan/",
        emails=emails,
    )


def test_notify_stores_one_row_per_person_and_mails_after_commit(
    django_capture_on_commit_callbacks,
):
    alice, bob = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify([alice, bob])
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == sorted(
        [alice.username, bob.username]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    assert {m.subject for m in mail.outbox} == {"[Chủ Lực] Hồ sơ cần bổ sung"}
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_the_same_event_for_the_same_person_is_stored_and_mailed_once(
    django_capture_on_commit_callbacks,
):
    alice = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([alice])
    with django_capture_on_commit_callbacks(execute=True):
        _notify([alice])
    assert Notification.objects.filter(user=alice).count() == 1
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_task_run_twice_mails_once(django_capture_on_commit_callbacks):
    alice = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        _notify([alice])
    send_notifications.call("dossier:1:returned")
    send_notifications.call("dossier:1:returned")
    call_command("send_digest")
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_failed_mail_is_released_for_the_next_run(
    django_capture_on_commit_callbacks, monkeypatch
):
    alice = UserFactory()

    def refused(*args, **kwargs):
        raise OSError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(notifications, "send_mail", refused)
        with django_capture_on_commit_callbacks(execute=True):
            _notify([alice])
    assert Notification.objects.get(user=alice).emailed_at is None
    call_command("send_digest")
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_addresses_without_account_get_the_mail_only(django_capture_on_commit_callbacks):
    alice = UserFactory(email="alice@a.example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([alice], emails=["lienhe@a.example.vn", "ALICE@a.example.vn", ""])
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@a.example.vn", "lienhe@a.example.vn"]
    assert notifications.unread_count(alice) == 1
    assert Notification.objects.filter(user__isnull=True).count() == 1


def test_inactive_people_and_people_without_address(django_capture_on_commit_callbacks):
    gone, silent = UserFactory(is_active=False), UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([gone, silent])
    assert list(Notification.objects.values_list("user", "mail")) == [(silent.pk, MailChoice.OFF)]
    assert mail.outbox == []


def test_preference_off_stores_without_mail(django_capture_on_commit_callbacks):
    alice = UserFactory()
    NotificationPreference.objects.create(user=alice, event=EVENT, mail=MailChoice.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([alice])
    call_command("send_digest")
    assert mail.outbox == []
    assert notifications.unread_count(alice) == 1


def test_digest_sends_one_mail_per_person_then_nothing(django_capture_on_commit_callbacks):
    alice, bob = UserFactory(), UserFactory()
    NotificationPreference.objects.create(user=alice, event=EVENT, mail=MailChoice.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([alice, bob], key="dossier:1:returned")
        _notify([alice], key="dossier:2:returned")
    assert [m.to for m in mail.outbox] == [[bob.email]]  # bob's at once, alice's wait
    call_command("send_digest")
    call_command("send_digest")
    assert [m.to for m in mail.outbox] == [[bob.email], [alice.email]]
    digest = mail.outbox[1]
    assert digest.subject == "[Chủ Lực] 2 thông báo mới"
    assert digest.body.count("Hồ sơ cần bổ sung") == 2
    assert "/thong-bao/cai-dat/" in digest.body


def test_the_bell_shows_the_unread_count(client):
    alice = UserFactory()
    NotificationFactory.create_batch(2, user=alice)
    NotificationFactory(user=alice, read_at="2026-01-01T00:00:00Z")
    client.force_login(alice)
    html = client.get(reverse("core:dashboard")).content.decode()
    bell = html[html.index('class="bell"') : html.index("</a>", html.index('class="bell"'))]
    assert '<span class="bell-count">2</span>' in bell
    assert "chưa đọc" in bell


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_bell_and_the_list_keep_a_fixed_number_of_queries(client):
    alice = UserFactory()
    client.force_login(alice)
    NotificationFactory(user=alice)
    one = (_page_queries(client, "/tong-quan/"), _page_queries(client, "/thong-bao/"))
    NotificationFactory.create_batch(30, user=alice)
    many = (_page_queries(client, "/tong-quan/"), _page_queries(client, "/thong-bao/"))
    assert one == many


def test_the_list_shows_only_ones_own_newest_first_unread_in_words(client):
    alice, bob = UserFactory(), UserFactory()
    NotificationFactory(user=alice, title="Cũ hơn", read_at="2026-01-01T00:00:00Z")
    NotificationFactory(user=alice, title="Mới hơn")
    NotificationFactory(user=bob, title="Của người khác")
    client.force_login(alice)
    html = client.get(reverse("core:notifications")).content.decode()
    assert "Của người khác" not in html
    assert html.index("Mới hơn") < html.index("Cũ hơn")
    assert html.count(">Chưa đọc<") == 1


def test_opening_marks_read_and_goes_to_its_page(client):
    alice = UserFactory()
    item = NotificationFactory(user=alice, url="/ho-so/12/")
    client.force_login(alice)
    response = client.post(reverse("core:notification_open", args=[item.pk]))
    assert response.status_code == 302
    assert response.url == "/ho-so/12/"
    item.refresh_from_db()
    assert item.read_at is not None


def test_opening_is_post_only(client):
    alice = UserFactory()
    item = NotificationFactory(user=alice)
    client.force_login(alice)
    assert client.get(reverse("core:notification_open", args=[item.pk])).status_code == 405


def test_nobody_opens_or_marks_another_persons_notification(client):
    alice, bob = UserFactory(), UserFactory()
    item = NotificationFactory(user=alice)
    client.force_login(bob)
    response = client.post(reverse("core:notification_open", args=[item.pk]))
    assert response.status_code == 404
    client.post(reverse("core:notifications_read_all"))
    item.refresh_from_db()
    assert item.read_at is None


def test_an_outside_address_is_never_followed(client):
    alice = UserFactory()
    item = NotificationFactory(user=alice, url="https://example.com/")
    client.force_login(alice)
    response = client.post(reverse("core:notification_open", args=[item.pk]))
    assert response.url == reverse("core:notifications")


def test_mark_all_read_marks_only_ones_own(client):
    alice, bob = UserFactory(), UserFactory()
    NotificationFactory.create_batch(3, user=alice)
    NotificationFactory(user=bob)
    client.force_login(alice)
    response = client.post(reverse("core:notifications_read_all"))
    assert response.status_code == 302
    assert (notifications.unread_count(alice), notifications.unread_count(bob)) == (0, 1)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("core:notifications"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_preferences_page_lists_registered_events_grouped_and_saves(client):
    alice = UserFactory()
    client.force_login(alice)
    html = client.get(reverse("core:notification_preferences")).content.decode()
    assert "Hồ sơ được trả lại để bổ sung" in html
    assert "<legend>Hồ sơ tham gia xét chọn</legend>" in html
    field = EVENT.replace(".", "__")
    response = client.post(reverse("core:notification_preferences"), {field: MailChoice.DIGEST})
    assert response.status_code == 302
    assert notifications.preferences(alice)[EVENT] == MailChoice.DIGEST
    assert AuditEntry.objects.filter(action="notification_preference.update").count() == 1


def test_a_bad_preference_is_refused_without_change(client):
    alice = UserFactory()
    client.force_login(alice)
    field = EVENT.replace(".", "__")
    response = client.post(reverse("core:notification_preferences"), {field: "gui-bo-cau"})
    assert response.status_code == 200
    assert NotificationPreference.objects.count() == 0


def test_the_list_shows_each_title_in_the_readers_language(client):
    membership = MembershipFactory(enterprise__name="Công ty Thử")
    titles, body = notifications.render_mail(
        "accounts/email/membership_decided", {"membership": membership, "verified": True}
    )
    notifications.notify(
        [membership.user], event="accounts.membership_verified", key="k", title=titles, body=body
    )
    assert Notification.objects.get().title == "Bạn đã được xác minh là đại diện của Công ty Thử"
    client.force_login(membership.user)
    assert "Bạn đã được xác minh" in client.get("/thong-bao/").content.decode()
    client.post("/i18n/setlang/", {"language": "en"})
    english = client.get("/thong-bao/").content.decode()
    assert "Công ty Thử" in english
    assert "Bạn đã được xác minh" not in english
