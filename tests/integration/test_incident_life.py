"""`kiosk incident list/history/note/reassign/reopen` as real processes: every incident
found again, each change audited under a signed-in actor, bad input one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.models import Status
from tests.bench.seed import sample_incident
from tests.integration.desk_setup import START, make_desk, make_team
from tests.integration.test_cli_staff import kiosk, one_clean_line

AGENT, BOSS = {"KIOSK_ACTOR_PIN": "1397"}, {"KIOSK_ACTOR_PIN": "2684"}


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, str, str]:
    """Two incidents reported on 2026-11-23: one open, one resolved."""
    desk = make_desk(tmp_path / "store", FixedClock(START))
    team = make_team(desk)
    made = []
    for name, room, status in (("Ani Petrosyan", "412", Status.OPEN),
                               ("Juma Mwangi", "12B", Status.RESOLVED)):
        incident_id, ref = desk.store.new_incident_id()
        incident = sample_incident(incident_id, ref, team["agent"], START, name=name,
                                   room=room)
        incident.status = status
        if status == Status.RESOLVED:
            incident.resolved_at = START
        desk.store.add_incident(incident, team["agent"])
        made.append(ref)
    return tmp_path / "store", made[0], made[1]


def refs(store: Path, *args: str) -> list[str]:
    proc = kiosk(store, "incident", "list", "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return sorted(i["ref"] for i in json.loads(proc.stdout))


def test_list_finds_every_incident_by_guest_room_ref_and_date(
        seeded: tuple[Path, str, str]) -> None:
    store, ani, juma = seeded
    assert refs(store, "--status", "any") == sorted([ani, juma])
    assert refs(store, "--status", "resolved") == [juma]
    assert refs(store, "--guest", "pet") == [ani]  # the start of any word of the name
    assert refs(store, "--guest", "JUMA") == [juma]
    assert refs(store, "--room", "12b") == [juma]
    assert refs(store, "--ref", juma.lower()) == [juma]
    assert refs(store, "--ref", "ZZZZZZ") == []
    assert refs(store, "--since", "2026-11-24") == []
    assert refs(store, "--since", "2026-11-23", "--until", "2026-11-23") == sorted([ani, juma])
    assert refs(store, "--until", "2026-11-22") == []
    assert refs(store, "--status", "open", "--guest", "mwangi") == []


def test_note_reassign_reopen_each_audited(seeded: tuple[Path, str, str]) -> None:
    store, ani, juma = seeded
    note = kiosk(store, "incident", "note", ani, "--text", "Guest asked for a call at 18:00",
                 "--by", "agent", env=AGENT)
    assert note.stdout.strip() == f"Note added to {ani}.", note.stderr
    piped = kiosk(store, "incident", "note", ani, "--by", "agent", env=AGENT,
                  stdin="Second line\nof a note")
    assert piped.returncode == 0, piped.stderr
    moved = kiosk(store, "incident", "reassign", ani, "--to", "agent2", "--reason",
                  "Shift change", "--by", "supervisor", env=BOSS)
    assert moved.stdout.strip() == f"{ani} is now agent2's.", moved.stderr
    opened = kiosk(store, "incident", "reopen", juma, "--reason", "Guest called back: the "
                   "tap drips again", "--by", "supervisor", env=BOSS)
    assert opened.stdout.strip() == f"{juma} is open again.", opened.stderr
    assert refs(store, "--status", "open") == sorted([ani, juma])
    shown = json.loads(kiosk(store, "incident", "show", ani, "--json").stdout)
    assert shown["owner"] == "agent2"
    assert [(n["kind"], n["staff_id"]) for n in shown["notes"]] == \
        [("note", "agent"), ("note", "agent"), ("reassign", "supervisor")]
    assert shown["notes"][1]["text"] == "Second line\nof a note"
    trail = json.loads(kiosk(store, "incident", "history", ani, "--json").stdout)
    assert [(e["action"], e["actor"]) for e in trail] == [
        ("incident.add", "agent"), ("incident.note", "agent"), ("incident.note", "agent"),
        ("incident.reassign", "supervisor")]
    text = kiosk(store, "incident", "history", juma).stdout
    assert "incident.reopen" in text and "tap drips again" in text
    assert kiosk(store, "store", "verify").returncode == 0


@pytest.mark.parametrize(("args", "env", "words"), [
    (["incident", "note", "{ani}", "--text", "x", "--by", "agent"], {"KIOSK_ACTOR_PIN": "0"},
     "PIN"),
    (["incident", "note", "{ani}", "--text", "   ", "--by", "agent"], AGENT,
     "note: must not be empty"),
    (["incident", "note", "{ani}", "--text", "a\x1b[2Jb", "--by", "agent"], AGENT, "U+001B"),
    (["incident", "note", "NOSUCH", "--text", "x", "--by", "agent"], AGENT, "NOSUCH"),
    (["incident", "reassign", "{ani}", "--to", "nobody", "--by", "supervisor"], BOSS,
     "owner: no staff member with id 'nobody'"),
    (["incident", "reassign", "{ani}", "--to", "agent", "--by", "supervisor"], BOSS,
     "already"),
    (["incident", "reopen", "{ani}", "--reason", "why not", "--by", "supervisor"], BOSS,
     "is open already"),
    (["incident", "reopen", "{juma}", "--reason", "", "--by", "supervisor"], BOSS,
     "--reason: must not be empty"),
    (["incident", "history", "NOSUCH"], None, "NOSUCH"),
    (["incident", "list", "--since", "23.11.2026"], None, "--since: '23.11.2026' is not"),
    (["incident", "list", "--until", "1900-01-01"], None, "not a plausible day"),
])
def test_bad_input_one_line_nothing_changed(seeded: tuple[Path, str, str], args: list[str],
                                            env: dict[str, str] | None, words: str) -> None:
    store, ani, juma = seeded
    args = [a.replace("{ani}", ani).replace("{juma}", juma) for a in args]
    before = kiosk(store, "incident", "list", "--json").stdout
    assert words in one_clean_line(kiosk(store, *args, env=env))
    assert kiosk(store, "incident", "list", "--json").stdout == before
