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
