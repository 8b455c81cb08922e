"""What the other apps show in core's page frame: menu items, dashboard panels, flags.

``core`` imports no other app of the project (``make lint`` checks it), yet its base template
carries the whole site's menu and its dashboard shows each part's work. So each app registers
what it contributes in its ``AppConfig.ready()``, with the named predicate that says who sees
it, and core's context processor and dashboard read the registrations:

    register_nav_item(label=_("Hỗ trợ"), url_name="support:home", order=50,
                      visible=rules.can_use_support)
    register_dashboard_panel(template="support/_dashboard_overdue_requests.html", order=40,
                             context=overdue_requests_panel)

Each app also registers a *task source* (``register_task_source``): for one person, the
things waiting for them ("Việc cần làm", first on the dashboard). A task is derived from the
records' states and the calendar, never stored: it disappears when the action that ends
it has been taken. A source reads in a fixed number of queries whatever the number of rows.

    register_task_source("support", support_tasks, order=50)

``order`` places an item among the others (the menu follows the program, not the order in
which apps happen to be loaded). An item may name a *group* (``register_nav_group``): a
long menu (an officer's) shows each group as one entry that opens its items, so the menu
fits one line; a short one (a firm's, a member's) shows every item as it is. Registering the same URL name or template again replaces the
earlier registration, so a second ``ready()`` (as in some test runners) adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

#: A named predicate of an app's ``rules.py``: ``predicate(user) -> bool``.
Predicate = Callable[[Any], bool]
#: What a panel adds to the dashboard's context for this person, or ``None`` to stay hidden.
PanelContext = Callable[[Any], Mapping[str, Any] | None]


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translated string
    url_name: str
    order: int
    visible: Predicate | None  # None: everyone signed in
    group: str = ""


@dataclass(frozen=True)
class MenuLink:
    label: Any
    url: str
    current: bool


@dataclass(frozen=True)
class MenuGroup:
    """A menu entry that opens its links; placed where its first link would be."""

    key: str
    label: Any
    links: list[MenuLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


@dataclass(frozen=True)
class DashboardPanel:
    template: str
    order: int
    context: PanelContext


@dataclass(frozen=True)
class Task:
    """One thing waiting for a person: what to do, why, by when, and the page where it is
    done. ``overdue`` when its date has passed (the queue shows it first, marked in words)."""

    what: str
    why: str
    url: str
    due: dt.date | None = None
    overdue: bool = False


#: What is waiting for this person on ``today``: ``source(user, today) -> tasks``.
TaskSource = Callable[[Any, dt.date], Iterable[Task]]


@dataclass(frozen=True)
class RegisteredTaskSource:
    name: str
    order: int
    source: TaskSource


_NAV_ITEMS: dict[str, NavItem] = {}
_NAV_GROUPS: dict[str, Any] = {}
_PANELS: dict[str, DashboardPanel] = {}
_FLAGS: dict[str, Predicate] = {}
_TASK_SOURCES: dict[str, RegisteredTaskSource] = {}


#: A menu with more entries than this shows its groups folded (``menu``).
MAX_FLAT_MENU = 6


def register_nav_item(
    *, label: Any, url_name: str, order: int, visible: Predicate | None = None, group: str = ""
) -> None:
    """A link in the main menu of every signed-in page, shown when ``visible(user)``, in the
    menu group ``group`` (registered with ``register_nav_group``) if any."""
    _NAV_ITEMS[url_name] = NavItem(
        label=label, url_name=url_name, order=order, visible=visible, group=group
    )


def register_nav_group(*, key: str, label: Any) -> None:
    """A heading under which a long menu folds the items that name ``key``."""
    _NAV_GROUPS[key] = label


def register_dashboard_panel(*, template: str, order: int, context: PanelContext) -> None:
    """A section of the dashboard: ``template`` rendered with what ``context(user)`` returns
    (merged into the page's context), left out when it returns ``None``."""
    _PANELS[template] = DashboardPanel(template=template, order=order, context=context)


def register_task_source(name: str, source: TaskSource, *, order: int) -> None:
    """What an app's records ask of a person, for the dashboard's "Việc cần làm";
    registering ``name`` again replaces the earlier source."""
    _TASK_SOURCES[name] = RegisteredTaskSource(name=name, order=order, source=source)


def tasks(user, *, today: dt.date | None = None) -> list[Task]:
    """Everything waiting for ``user``: the overdue first, then by date (undated last), each
    source's tasks in its own order otherwise."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    found: list[Task] = []
    for registered in sorted(_TASK_SOURCES.values(), key=lambda item: item.order):
        found.extend(registered.source(user, today))
    return sorted(
        found, key=lambda task: (not task.overdue, task.due is None, task.due or dt.date.min)
    )


def register_template_flag(name: str, predicate: Predicate) -> None:
    """A yes/no the base template needs on every page (``can_use_api`` shows the API link)."""
    _FLAGS[name] = predicate


def nav_items(user) -> list[tuple[str, str]]:
    """The menu for ``user``: (label, URL) in the registered order."""
    return [(item.label, reverse(item.url_name)) for item in _visible_items(user)]


def menu(user, path: str) -> list[MenuLink | MenuGroup]:
    """The menu for ``user`` on the page at ``path``: each item a ``MenuLink``; when there
    are more than ``MAX_FLAT_MENU``, the items of a group with two or more of them fold
    into one ``MenuGroup`` at the place of its first item."""
    links = []
    for item in _visible_items(user):
        url = reverse(item.url_name)
        links.append((item.group, MenuLink(item.label, url, current=path.startswith(url))))
    if len(links) <= MAX_FLAT_MENU:
        return [link for _group, link in links]
    members: dict[str, list[MenuLink]] = {}
    for group, link in links:
        if group:
            members.setdefault(group, []).append(link)
    entries: list[MenuLink | MenuGroup] = []
    for group, link in links:
        if not group or len(members[group]) == 1:
            entries.append(link)
        elif link is members[group][0]:
            if group not in _NAV_GROUPS:
                raise ImproperlyConfigured(f"Menu group {group!r} is not registered.")
            entries.append(MenuGroup(group, _NAV_GROUPS[group], members[group]))
    return entries


def _visible_items(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [
        item
        for item in sorted(_NAV_ITEMS.values(), key=lambda item: item.order)
        if item.visible is None or item.visible(user)
    ]


def template_flags(user) -> dict[str, bool]:
    return {name: predicate(user) for name, predicate in _FLAGS.items()}


def dashboard(user) -> dict[str, Any]:
    """The dashboard's context: the templates of the panels ``user`` sees, in order, under
    ``dashboard_panels``, and every panel's own names beside them."""
    templates: list[str] = []
    context: dict[str, Any] = {}
    for panel in sorted(_PANELS.values(), key=lambda panel: panel.order):
        names = panel.context(user)
        if names is None:
            continue
        clash = context.keys() & names.keys()
        if clash:
            raise ImproperlyConfigured(
                f"Dashboard panel {panel.template} reuses the names {sorted(clash)}."
            )
        templates.append(panel.template)
        context.update(names)
    context["dashboard_panels"] = templates
    context["tasks"] = tasks(user)
    return context
