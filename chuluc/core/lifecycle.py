"""One mechanism for every status change of every stateful record.

Each app declares its records' lifecycles in its own ``lifecycles.py``: the states (the
app's ``TextChoices``), and for each event the states it leaves from, the state it leads to,
who may fire it (a named predicate from the app's ``rules.py``), its guards (preconditions
that return a Vietnamese message when they refuse) and its effects (a record's own timeline,
notifications on commit). Services fire events; nothing else assigns a status field
(``tests/core/test_lifecycle.py`` fails when code outside this module does).

Firing an event, in the service's transaction: check the source state, the rule (when a
person acts) and every guard; set the field (and any fields the service passes along); save;
write exactly one audit row; run the effects. A refused event raises ``ApplicationError``
with the reason and changes nothing. ``docs/lifecycles.md`` is drawn from the declarations
(``chuluc lifecycles_doc``).

Why not django-fsm-2: its transitions are decorated model methods that save nothing and
audit nothing, its permission hook takes no message, and it puts workflow logic on models,
which the house style keeps in services. What we need (a rule, guards that say why,
one audit row in the caller's transaction, set-based moves for a ranking of 10,000
dossiers, documentation drawn from data) fits in this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuluc.core.audit import audit_record, audit_record_many
from chuluc.core.errors import ApplicationError

#: A guard returns ``None`` when the event may go ahead, else the reason it may not.
Guard = Callable[..., str | None]
#: A rule is a named predicate of ``rules.py``: ``rule(user, obj) -> bool``.
Rule = Callable[[Any, Any], bool]
#: An effect runs after the change is saved, inside the transaction.
Effect = Callable[["Change"], None]


class TransitionRefused(ApplicationError):
    """An event that cannot apply now; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Transition:
    event: str
    label: Any  # a lazy translated verb phrase: "Nộp hồ sơ"
    source: tuple[str, ...]
    target: str
    who: Any  # who may, in words, for people and for docs/lifecycles.md
    rule: Rule | None = None  # None: the system, or any caller the service already checked
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()


@dataclass
class Change:
    """What an effect is told: one record moved by one event."""

    lifecycle: Lifecycle
    transition: Transition
    obj: models.Model
    before: str
    actor: Any
    at: dt.datetime
    note: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Lifecycle:
    name: str  # the audit action's prefix: "dossier" gives "dossier.submit"
    title: Any  # "Hồ sơ tham gia xét chọn"
    model: str  # "campaigns.Dossier"
    states: type[models.TextChoices]
    initial: str
    transitions: tuple[Transition, ...]
    field: str = "status"
    final: tuple[str, ...] = ()
    #: Other states a record may be created in, besides ``initial`` (a self-registration
    #: starts waiting for its e-mail to be confirmed).
    entries: tuple[str, ...] = ()
    #: Run on every change of this record (e.g. its own timeline rows), before the
    #: transition's own effects.
    on_change: tuple[Effect, ...] = ()
    #: Set-based form of ``on_change`` for ``fire_many``: ``(lifecycle, transition, rows,
    #: actor, at)`` with rows as ``(pk, before)`` pairs.
    on_change_many: Callable[..., None] | None = None
    notes: Any = ""

    def __post_init__(self) -> None:
        values = set(self.states.values)
        events = [t.event for t in self.transitions]
        if len(events) != len(set(events)):
            raise ValueError(f"{self.name}: an event is declared twice")
        if self.initial not in values:
            raise ValueError(f"{self.name}: unknown initial state {self.initial!r}")
        if set(self.entries) - values:
            raise ValueError(f"{self.name}: unknown entry states {sorted(self.entries)}")
        for t in self.transitions:
            unknown = {*t.source, t.target} - values
            if unknown:
                raise ValueError(f"{self.name}.{t.event}: unknown states {sorted(unknown)}")
        REGISTRY[self.name] = self

    # ------------------------------------------------------------------ reading

    def transition(self, event: str) -> Transition:
        for t in self.transitions:
            if t.event == event:
                return t
        raise KeyError(f"{self.name} has no event {event!r}")

    def label_of(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return str(state)

    def events_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.source]

    def targets_from(self, state: str) -> set[str]:
        return {t.target for t in self.events_from(state)}

    def refusal(self, obj: models.Model, event: str, *, actor: Any = None, **context) -> str | None:
        """Why ``event`` cannot apply to ``obj`` now, or ``None`` when it can."""
        t = self.transition(event)
        current = getattr(obj, self.field)
        if current not in t.source:
            return _("Không thể %(event)s: %(record)s đang ở trạng thái “%(state)s”.") % {
                "event": str(t.label).lower(),
                "record": str(self.title).lower(),
                "state": self.label_of(current),
            }
        if actor is not None and t.rule is not None and not t.rule(actor, obj):
            return _("Bạn không có quyền %(event)s.") % {"event": str(t.label).lower()}
        for guard in t.guards:
            reason = guard(obj, **context)
            if reason:
                return str(reason)
        return None

    def available(self, obj: models.Model, *, actor: Any, **context) -> list[Transition]:
        """The events ``actor`` may fire on ``obj`` now: what a page offers."""
        current = getattr(obj, self.field)
        return [
            t
            for t in self.events_from(current)
            if self.refusal(obj, t.event, actor=actor, **context) is None
        ]

    # ------------------------------------------------------------------ writing

    def fire(
        self,
        obj: models.Model,
        event: str,
        *,
        actor: Any,
        note: str = "",
        fields: Mapping[str, Any] | None = None,
        changes: Mapping[str, Any] | None = None,
        at: dt.datetime | None = None,
        **context,
    ) -> Change:
        """Move ``obj`` by ``event``: checks, saves ``obj`` with the new state and
        ``fields``, writes one audit row (its diff: the state, ``fields`` and ``changes``),
        runs the effects. Raises ``TransitionRefused`` and changes nothing when refused."""
        reason = self.refusal(obj, event, actor=actor, **context)
        if reason:
            raise TransitionRefused(reason)
        t = self.transition(event)
        before = getattr(obj, self.field)
        at = at or timezone.now()
        with transaction.atomic():
            setattr(obj, self.field, t.target)
            saved = [self.field]
            diff: dict[str, Any] = {self.field: [before, t.target]}
            for name, value in (fields or {}).items():
                old = getattr(obj, name, None)
                setattr(obj, name, value)
                saved.append(name)
                if old != value:
                    diff[name] = [old, value]
            if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
                saved.append("updated_at")
            obj.save(update_fields=saved)
            diff.update(changes or {})
            if note:
                diff.setdefault("note", note)
            audit_record(actor=actor, action=f"{self.name}.{event}", obj=obj, changes=diff)
            change = Change(self, t, obj, before, actor, at, note, context)
            for effect in (*self.on_change, *t.effects, *SUBSCRIBERS.get(self.name, ())):
                effect(change)
        return change

    def fire_many(
        self,
        model: type[models.Model],
        rows: Iterable[tuple[int, str]],
        event: str,
        *,
        actor: Any,
        at: dt.datetime | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> list[int]:
        """Set-based ``fire`` for many records (the ranking moves thousands of dossiers):
        ``rows`` are ``(pk, current state)`` read under the caller's lock. Rows whose state
        the event does not leave from are skipped; the others move with one UPDATE per
        500 rows and one audit row each. Returns the moved primary keys. No rule or guard
        is checked: the calling service has checked the whole operation."""
        t = self.transition(event)
        at = at or timezone.now()
        moved = [(pk, state) for pk, state in rows if state in t.source]
        if not moved:
            return []
        pks = [pk for pk, _state in moved]
        values = {self.field: t.target, **(extra or {})}
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            values.setdefault("updated_at", at)
        for start in range(0, len(pks), 500):
            model.objects.filter(pk__in=pks[start : start + 500]).update(**values)
        stubs = {o.pk: o for o in model.objects.filter(pk__in=pks).only("pk")}
        audit_record_many(
            actor=actor,
            action=f"{self.name}.{event}",
            items=[(stubs[pk], {self.field: [state, t.target]}) for pk, state in moved],
        )
        if self.on_change_many is not None:
            self.on_change_many(self, t, moved, actor, at)
        return pks

    def create(self, model: type[models.Model], *, actor: Any, action: str = "", **values):
        """Create a record in its initial state, with its audit row."""
        obj = model.objects.create(**{self.field: self.initial, **values})
        audit_record(
            actor=actor,
            action=action or f"{self.name}.create",
            obj=obj,
            changes={self.field: [None, self.initial]},
        )
        return obj


#: Every declared lifecycle by name, filled when each app's ``lifecycles`` module is
#: imported (its AppConfig.ready).
REGISTRY: dict[str, Lifecycle] = {}

#: Effects a later app attaches to an earlier app's lifecycle, which may not import it
#: (the council reopens its score sheets when a dossier enters or leaves the list it
#: scores), by lifecycle name: filled in the later app's AppConfig.ready(). They run after
#: the transition's own effects, on every ``fire`` (not ``fire_many``), and read the
#: ``Change`` to decide whether it concerns them.
SUBSCRIBERS: dict[str, list[Effect]] = {}


def subscribe(name: str, effect: Effect) -> None:
    """Run ``effect`` on every change ``fire`` makes to a record of lifecycle ``name``."""
    effects = SUBSCRIBERS.setdefault(name, [])
    if effect not in effects:
        effects.append(effect)


def lifecycles() -> list[Lifecycle]:
    return sorted(REGISTRY.values(), key=lambda lc: lc.name)


def managed_fields() -> set[tuple[str, str]]:
    """``(model label, field)`` of every status field a lifecycle owns."""
    return {(lc.model, lc.field) for lc in REGISTRY.values()}


def document(cycles: Sequence[Lifecycle]) -> str:
    """``docs/lifecycles.md``: a section, a Mermaid state diagram and a table per record."""
    out = [
        "# Lifecycles",
        "",
        "Generated from the declarations in each app's `lifecycles.py` by",
        "`chuluc lifecycles_doc --write`; `tests/core/test_lifecycle.py` fails when it is stale.",
        "Every status change goes through `chuluc.core.lifecycle`: it checks the source state,",
        "who may (a predicate of the app's `rules.py`) and the guards, saves, writes one audit",
        "row (`<record>.<event>`) and runs the effects, in the service's transaction.",
        "",
    ]
    for lc in cycles:
        out += [f"## {lc.title} (`{lc.name}`)", ""]
        starts = " or ".join(f"**{lc.label_of(s)}**" for s in (lc.initial, *lc.entries))
        out += [f"Model `{lc.model}`, field `{lc.field}`; starts as {starts}."]
        if lc.notes:
            out += ["", str(lc.notes)]
        out += ["", "```mermaid", "stateDiagram-v2"]
        for state in (lc.initial, *lc.entries):
            out.append(f"    [*] --> {state}")
        for t in lc.transitions:
            for source in t.source:
                out.append(f"    {source} --> {t.target}: {t.event}")
        for state in lc.final:
            out.append(f"    {state} --> [*]")
        out += ["```", "", "| State | Label |", "|---|---|"]
        out += [f"| `{value}` | {label} |" for value, label in lc.states.choices]
        out += ["", "| Event | From | To | Who may | Guards |", "|---|---|---|---|---|"]
        for t in lc.transitions:
            rule = f" (`{t.rule.__module__}.{t.rule.__name__}`)" if t.rule else ""
            guards = ", ".join(f"`{g.__name__}`" for g in t.guards) or "—"
            sources = ", ".join(f"`{s}`" for s in t.source)
            out.append(
                f"| `{t.event}`: {t.label} | {sources} | `{t.target}` | {t.who}{rule} | {guards} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"
