"""Head office's check that a property's trail follows on from what it acknowledged."""

from __future__ import annotations

from typing import Any

from kiosk.chain.sync import trail_problem


def trail(n: int, start: int = 1, salt: str = "") -> list[dict[str, Any]]:
    out, prev = [], "0" * 64
    for seq in range(start, start + n):
        h = f"h{seq}{salt}"
        out.append({"seq": seq, "prev": prev, "hash": h})
        prev = h
    return out


def test_a_trail_that_follows_on_passes() -> None:
    entries = trail(10)
    assert trail_problem(0, "", entries) is None
    assert trail_problem(4, "h4", entries[3:]) is None


def test_a_missing_number_is_a_gap() -> None:
    entries = trail(10)
    del entries[6]
    assert trail_problem(4, "h4", entries[3:]) == ("gap", "entry 7 expected, found 8")
    assert trail_problem(0, "", entries)[0] == "gap"


def test_a_changed_acknowledged_entry_is_a_fork() -> None:
    assert trail_problem(4, "h4", trail(10, salt="x")[3:])[0] == "fork"


def test_an_entry_that_does_not_follow_the_one_before_is_a_fork() -> None:
    entries = trail(10)
    entries[6]["prev"] = "somewhere else"
    assert trail_problem(4, "h4", entries[3:]) == (
        "fork", "entry 7 does not follow the entry before it")


def test_a_trail_shorter_than_what_head_office_holds_is_a_rewind() -> None:
    assert trail_problem(12, "h12", [])[0] == "rewind"
    assert trail_problem(12, "h12", trail(3, start=13))[0] == "rewind"
