"""Sixteen council members save their scores while the secretary closes the round, on
SQLite (one file, WAL, ``BEGIN IMMEDIATE``) and on PostgreSQL: no score a member was told
was saved is lost, nothing is saved after the close, a member who is too late gets the
friendly message (never a database error), and the ranking equals the one computed from
the same scores saved one after another (issue 8)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from tests.reliability.conftest import BACKENDS

MEMBERS = 16
DOSSIERS = 4
PASSES = 2  # every member saves every cell, then revises every cell
SEED = 8
CLOSED_MESSAGES = {
    "Không có vòng chấm nào đang mở.",  # the view finds no open round
    "Vòng chấm đã khóa; điểm chỉ sửa được qua đề nghị điều chỉnh có Chủ tịch duyệt.",
    "Vòng chấm đã khóa.",  # sheet_submit
}
LOCK_ERRORS = ("database is locked", "OperationalError", "deadlock", "could not serialize")


def _build(world):
    world.run("council_build", members=MEMBERS, dossiers=DOSSIERS)


def _told_saved(members: dict) -> dict[str, Decimal]:
    """For every cell, the value of the last save its member was told succeeded."""
    saved: dict[str, Decimal] = {}
    for username, events in members.items():
        for kind, dossier, criterion, value, outcome, _message, _at in events:
            if kind == "score" and outcome == "saved":
                saved[f"{username}|{dossier}|{criterion}"] = Decimal(value)
    return saved


@pytest.mark.parametrize("backend", BACKENDS)
def test_sixteen_members_score_while_the_secretary_closes(backend, worlds):
    base = worlds.base(backend, "council", _build)
    world = worlds.clone(base, f"{backend}-race")
    race, output = world.run("council_race", seed=SEED, passes=PASSES, close_fraction=0.5)
    members, state = race["members"], race["state"]
    events = [e for evs in members.values() for e in evs]

    # every process ran to its end and nobody was shown a database error
    assert race["exit_codes"] == [0] * (MEMBERS + 1)
    assert race["secretary"][:2] == ["closed", ""]
    assert [e for e in events if e[4] in {"error", "invalid"}] == []
    assert [m for m in LOCK_ERRORS if m in output] == []
    outcomes = Counter(e[4] for e in events if e[0] == "score")
    assert outcomes["saved"] >= race["close_after"]
    assert outcomes["saved"] + outcomes["refused"] == race["attempted"]
    assert outcomes["refused"] > 0  # the close landed while members were still saving
    assert {e[5] for e in events if e[4] == "refused"} <= CLOSED_MESSAGES

    # once a member is refused, nothing of theirs is saved any more (the close is final)
    for username, evs in members.items():
        kinds = [e[4] for e in evs if e[0] == "score"]
        first_refusal = kinds.index("refused") if "refused" in kinds else len(kinds)
        assert "saved" not in kinds[first_refusal:], username

    # no lost score, no phantom score, nothing written after the close
    told = _told_saved(members)
    stored = {key: Decimal(value) for key, value in state["scores"].items()}
    assert stored == told
    assert state["round_status"] == "closed"
    assert state["last_score_at"] <= state["closed_at"]
    assert all(at <= state["closed_at"] for at in state["submissions"].values())
    for username, evs in members.items():
        # a sheet a member was told was submitted stands, unless they changed a score later
        submitted = [i for i, e in enumerate(evs) if e[4] == "submitted"]
        changed_after = submitted and any(e[4] == "saved" for e in evs[submitted[-1] :])
        assert (username in state["submissions"]) == bool(submitted and not changed_after)

    # the ranking stored at the close is the one computed from the same scores in order
    reference = worlds.clone(base, f"{backend}-sequential")
    replay, _output = reference.run(
        "council_replay", scores={key: str(value) for key, value in told.items()}
    )
    assert replay["scores"] == state["scores"]
    assert state["ranking"] == replay["ranking"]
    assert len(state["ranking"]) == DOSSIERS
    worlds.drop(world)
    worlds.drop(reference)
