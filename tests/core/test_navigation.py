"""The dashboard's "Việc cần làm": the registry of task sources and its rendering."""

import datetime as dt

import pytest

from chuluc.core import navigation
from chuluc.core.navigation import Task, register_task_source


@pytest.fixture
def only_these_sources(monkeypatch):
    """The registry with no app's sources, restored after the test."""
    monkeypatch.setattr(navigation, "_TASK_SOURCES", {})


def test_overdue_tasks_come_first_then_by_date(only_these_sources, officer):
    today = dt.date(2026, 12, 7)
    later = Task(what="B", why="", url="/b/", due=dt.date(2026, 12, 20))
    undated = Task(what="C", why="", url="/c/")
    late = Task(what="A", why="", url="/a/", due=dt.date(2026, 12, 1), overdue=True)
    register_task_source("one", lambda user, on: [undated, later], order=1)
    register_task_source("two", lambda user, on: [late], order=2)

    assert navigation.tasks(officer, today=today) == [late, later, undated]


def test_registering_a_source_again_replaces_it(only_these_sources, officer):
    register_task_source("one", lambda user, on: [Task("A", "", "/a/")], order=1)
    register_task_source("one", lambda user, on: [Task("B", "", "/b/")], order=1)

    assert [t.what for t in navigation.tasks(officer)] == ["B"]


def test_the_dashboard_marks_an_overdue_task_in_words(only_these_sources, client, officer):
    register_task_source(
        "one",
        lambda user, on: [
            Task("Việc trễ", "Vì sao", "/tre/", due=dt.date(2026, 1, 2), overdue=True),
            Task("Việc thường", "Vì sao", "/thuong/"),
        ],
        order=1,
    )
    client.force_login(officer)

    html = client.get("/tong-quan/").content.decode()

    assert 'class="task task-overdue"' in html
    assert "Quá hạn" in html
    assert "02/01/2026" in html
    assert html.count("task-overdue") == 1
    assert html.index("Việc cần làm") < html.index("Việc trễ") < html.index("Việc thường")


def test_an_empty_queue_says_so(only_these_sources, client, officer):
    client.force_login(officer)

    assert "Không có việc nào đang chờ bạn." in client.get("/tong-quan/").content.decode()


# --------------------------------------------------------------------------- the main menu


def _shape(entries) -> list:
    """A menu as labels: a link's label, or (a group's label, its links' labels)."""
    return [
        (str(e.label), [str(link.label) for link in e.links])
        if isinstance(e, navigation.MenuGroup)
        else str(e.label)
        for e in entries
    ]


def test_the_officers_long_menu_folds_into_its_groups(officer):
    entries = navigation.menu(officer, "/so-dang-ky/san-pham/")

    assert _shape(entries) == [
        "Tổng quan",
        ("Sổ đăng ký", ["Doanh nghiệp", "Sản phẩm"]),
        ("Xét chọn", ["Đợt xét chọn", "Hội đồng", "Công nhận"]),
        "Hỗ trợ",
        ("Theo dõi", ["Theo dõi", "Chỉ số sản xuất"]),
        ("Quản trị", ["Nhập dữ liệu", "Xác minh đại diện", "Nhật ký"]),
    ]
    assert [e.current for e in entries] == [False, True, False, False, False, False]
    assert [link.current for link in entries[1].links] == [False, True]


def test_a_short_menu_is_shown_as_it_is(council_member):
    entries = navigation.menu(council_member, "/hoi-dong/")

    assert _shape(entries) == ["Tổng quan", "Đợt xét chọn", "Hội đồng"]
    assert [e.current for e in entries] == [False, False, True]


def test_a_firms_own_pages_stay_in_sight_in_its_menu(rep_a):
    assert _shape(navigation.menu(rep_a, "/")) == [
        "Tổng quan",
        ("Sổ đăng ký", ["Doanh nghiệp", "Sản phẩm"]),
        "Đợt xét chọn",
        "Hồ sơ của tôi",
        "Công nhận của tôi",
        "Hỗ trợ",
        "Báo cáo định kỳ",
    ]


def test_a_group_with_one_visible_item_shows_the_item(monkeypatch, officer):
    groups = {"b": "registry", "c": "admin", "d": "admin"}
    items = {
        f"item-{name}": navigation.NavItem(
            label=name, url_name="core:dashboard", order=i, visible=None, group=groups.get(name, "")
        )
        for i, name in enumerate("abcdefgh")
    }
    monkeypatch.setattr(navigation, "_NAV_ITEMS", items)

    assert _shape(navigation.menu(officer, "/")) == [
        "a",
        "b",
        ("Quản trị", ["c", "d"]),
        "e",
        "f",
        "g",
        "h",
    ]


def test_the_page_frame_shows_groups_as_disclosures(client, officer):
    client.force_login(officer)

    html = client.get("/so-dang-ky/doanh-nghiep/").content.decode()

    assert '<details class="nav-group is-current">' in html
    assert 'aria-controls="site-menu"' in html
    assert '<a href="/so-dang-ky/doanh-nghiep/" aria-current="page">Doanh nghiệp</a>' in html
