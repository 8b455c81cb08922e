"""Trade events and dialogue meetings as a recognised firm's representatives use them:
visible, joinable once per firm before the day, withdrawable before the day; the officers
see who joined; no firm sees another's registration or joins for another firm."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chuluc.core.errors import ApplicationError
from chuluc.core.models import AuditEntry
from chuluc.support import services
from chuluc.support.models import EventParticipant
from tests.factories.support import make_policy, valid_now


def _in(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.fixture
def event(officer):
    return services.trade_event_create(
        actor=officer,
        name="Hội chợ sản phẩm chủ lực",
        starts_on=_in(10),
        ends_on=_in(12),
        venue="Cung Văn hóa Hữu nghị",
        policy=make_policy(officer),
    )


@pytest.fixture
def dialogue(officer):
    return services.dialogue_create(
        actor=officer, title="Đối thoại doanh nghiệp quý", held_on=_in(7), chair="Lãnh đạo Sở"
    )


@pytest.fixture
def recognised(officer, enterprise_a, enterprise_b):
    valid_now(officer, enterprise_a)
    valid_now(officer, enterprise_b)


def _rows():
    return EventParticipant.objects.count(), AuditEntry.objects.count()


def _event_url(event) -> str:
    return reverse("support:event_detail", args=[event.pk])


def _dialogue_url(dialogue) -> str:
    return reverse("support:dialogue_detail", args=[dialogue.pk])


# --------------------------------------------------------------------------- events


def test_a_recognised_firm_registers_once_and_withdraws_before_the_day(
    rep_a, enterprise_a, event, recognised
):
    services.event_register(actor=rep_a, event=event, enterprise=enterprise_a, booths=2)
    assert list(event.participants.values_list("enterprise_id", "booths")) == [(enterprise_a.pk, 2)]
    with pytest.raises(ApplicationError, match="đã đăng ký"):
        services.event_register(actor=rep_a, event=event, enterprise=enterprise_a)
    services.event_withdraw(actor=rep_a, event=event, enterprise=enterprise_a)
    assert event.participants.count() == 0
    assert AuditEntry.objects.filter(action="support.event_withdraw").count() == 1


def test_a_firm_without_a_recognition_in_force_cannot_register(rep_a, enterprise_a, event):
    before = _rows()
    with pytest.raises(ApplicationError, match="được công nhận còn hiệu lực"):
        services.event_register(actor=rep_a, event=event, enterprise=enterprise_a)
    assert _rows() == before


def test_nobody_registers_for_another_firm(rep_a, enterprise_b, event, recognised):
    before = _rows()
    with pytest.raises(ApplicationError, match="không phải đại diện"):
        services.event_register(actor=rep_a, event=event, enterprise=enterprise_b)
    assert _rows() == before


def test_an_event_that_has_begun_takes_no_registration_nor_withdrawal(
    officer, rep_a, enterprise_a, event, recognised
):
    services.event_register(actor=rep_a, event=event, enterprise=enterprise_a)
    begun = services.trade_event_create(
        actor=officer, name="Đã bắt đầu", starts_on=_in(0), ends_on=_in(1), venue="Hà Nội"
    )
    with pytest.raises(ApplicationError, match="đã bắt đầu"):
        services.event_register(actor=rep_a, event=begun, enterprise=enterprise_a)
    type(event).objects.filter(pk=event.pk).update(starts_on=_in(0))
    event.refresh_from_db()
    with pytest.raises(ApplicationError, match="đã bắt đầu"):
        services.event_withdraw(actor=rep_a, event=event, enterprise=enterprise_a)
    assert event.participants.count() == 1


def test_the_firm_registers_on_the_page_and_the_officer_sees_it(
    client, rep_a, officer, enterprise_a, event, recognised
):
    client.force_login(rep_a)
    page = client.get(_event_url(event)).content.decode()
    assert 'id="event-join-form"' in page
    response = client.post(
        _event_url(event), {"action": "join", "enterprise": enterprise_a.pk, "booths": "3"}
    )
    assert response.status_code == 302
    page = client.get(_event_url(event)).content.decode()
    assert enterprise_a.name in page
    assert 'id="participants"' not in page
    listing = client.get(reverse("support:events")).content.decode()
    assert "Đã đăng ký" in listing
    client.force_login(officer)
    page = client.get(_event_url(event)).content.decode()
    assert 'id="participants"' in page
    assert enterprise_a.name in page


def test_a_firm_never_sees_another_firm_s_registration(
    client, rep_a, rep_b, enterprise_a, event, dialogue, recognised
):
    services.event_register(actor=rep_a, event=event, enterprise=enterprise_a)
    services.dialogue_register(actor=rep_a, dialogue=dialogue, enterprise=enterprise_a)
    client.force_login(rep_b)
    for url in (
        _event_url(event),
        reverse("support:events"),
        _dialogue_url(dialogue),
        reverse("support:dialogues"),
    ):
        page = client.get(url).content.decode()
        assert enterprise_a.name not in page, url
        assert "Đã đăng ký" not in page, url


def test_joining_for_another_firm_on_the_page_is_refused(
    client, rep_a, enterprise_b, event, recognised
):
    client.force_login(rep_a)
    before = _rows()
    response = client.post(_event_url(event), {"action": "join", "enterprise": enterprise_b.pk})
    assert response.status_code == 422
    assert "Bạn không thể chọn doanh nghiệp này." in response.content.decode()
    assert _rows() == before


@pytest.mark.parametrize(
    "data",
    [
        {"action": "delete"},
        {"action": "join", "booths": "-1"},
        {"action": "join", "booths": "mười"},
        {"action": "join", "enterprise": "999999"},
        {},
    ],
)
def test_bad_input_on_the_event_page_changes_nothing(
    client, rep_a, enterprise_a, event, recognised, data
):
    client.force_login(rep_a)
    before = _rows()
    response = client.post(_event_url(event), {"enterprise": enterprise_a.pk, **data})
    assert response.status_code == 422
    assert _rows() == before


def test_missing_events_and_dialogues_are_404(client, rep_a):
    client.force_login(rep_a)
    for name in ("support:event_detail", "support:dialogue_detail"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
        assert client.post(reverse(name, args=[999999]), {"action": "join"}).status_code == 404


def test_the_firm_s_support_page_links_to_events_and_dialogues(client, rep_a, enterprise_a):
    client.force_login(rep_a)
    page = client.get(reverse("support:enterprise", args=[enterprise_a.pk])).content.decode()
    assert reverse("support:events") in page
    assert reverse("support:dialogues") in page
    assert reverse("support:listings") in page


# --------------------------------------------------------------------------- dialogues


def test_a_firm_registers_for_a_dialogue_and_withdraws(
    client, rep_a, officer, enterprise_a, dialogue, recognised
):
    client.force_login(rep_a)
    url = _dialogue_url(dialogue)
    data = {"action": "join", "enterprise": enterprise_a.pk}
    assert client.post(url, data).status_code == 302
    assert list(dialogue.participants.all()) == [enterprise_a]
    assert client.post(url, data).status_code == 422  # once per firm
    client.force_login(officer)
    assert enterprise_a.name in client.get(url).content.decode()
    client.force_login(rep_a)
    assert client.post(url, {**data, "action": "withdraw"}).status_code == 302
    assert dialogue.participants.count() == 0


def test_a_held_dialogue_takes_no_registration(officer, rep_a, enterprise_a, recognised):
    held = services.dialogue_create(
        actor=officer, title="Đã họp", held_on=timezone.localdate(), chair="Lãnh đạo Sở"
    )
    with pytest.raises(ApplicationError, match="đã diễn ra"):
        services.dialogue_register(actor=rep_a, dialogue=held, enterprise=enterprise_a)
    with pytest.raises(ApplicationError, match="đã diễn ra"):
        services.dialogue_withdraw(actor=rep_a, dialogue=held, enterprise=enterprise_a)


def test_nobody_registers_another_firm_for_a_dialogue(rep_a, enterprise_b, dialogue, recognised):
    with pytest.raises(ApplicationError, match="không phải đại diện"):
        services.dialogue_register(actor=rep_a, dialogue=dialogue, enterprise=enterprise_b)
    assert dialogue.participants.count() == 0


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_firm_s_lists_keep_a_fixed_number_of_queries(
    client, officer, rep_a, enterprise_a, event, dialogue, recognised
):
    services.event_register(actor=rep_a, event=event, enterprise=enterprise_a)
    services.dialogue_register(actor=rep_a, dialogue=dialogue, enterprise=enterprise_a)
    client.force_login(rep_a)
    urls = (reverse("support:events"), reverse("support:dialogues"))
    for url in urls:
        client.get(url)
    few = [_queries(client, url) for url in urls]
    for n in range(6):
        more = services.trade_event_create(
            actor=officer, name=f"Sự kiện {n}", starts_on=_in(20), ends_on=_in(21), venue="HN"
        )
        services.event_register(actor=rep_a, event=more, enterprise=enterprise_a)
        services.dialogue_register(
            actor=rep_a,
            dialogue=services.dialogue_create(
                actor=officer, title=f"Đối thoại {n}", held_on=_in(9), chair="Sở"
            ),
            enterprise=enterprise_a,
        )
    assert [_queries(client, url) for url in urls] == few


def test_the_minutes_are_for_the_firms_that_attended(client, officer, rep_a, rep_b, enterprise_a):
    minutes = "Công ty CP Khóa Thử Nghiệm A nêu vướng mắc về mặt bằng."
    held = services.dialogue_create(
        actor=officer,
        title="Đối thoại đã họp",
        held_on=timezone.localdate(),
        chair="Lãnh đạo Sở",
        minutes=minutes,
        participants=[enterprise_a],
    )
    client.force_login(rep_a)
    page = client.get(_dialogue_url(held)).content.decode()
    assert minutes in page
    assert 'id="dialogue-join-form"' not in page  # held: nothing to register for
    client.force_login(rep_b)
    page = client.get(_dialogue_url(held)).content.decode()
    assert minutes not in page
    assert enterprise_a.name not in page


def test_the_firm_s_event_page_in_english(client, rep_a, event, recognised):
    client.force_login(rep_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(_event_url(event)).content.decode()
    for words in ("Your firm's registration", "Register", "Withdraw", "Booths requested"):
        assert words in page, words
    for words in ("Đăng ký tham gia", "Rút đăng ký", "Số gian hàng đăng ký"):
        assert words not in page, words
