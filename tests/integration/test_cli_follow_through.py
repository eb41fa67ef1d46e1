"""`kiosk followup list`, `kiosk incident follow-up` and `kiosk orders list/update` as
real processes: each change under a signed-in actor, bad input one clear line (never a
traceback or exit 70)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.models import FollowUp, Status
from kiosk.core.work_orders import new_order
from tests.bench.seed import sample_incident
from tests.integration.desk_setup import make_desk, make_team
from tests.integration.test_cli_staff import kiosk, one_clean_line

AGENT, BOSS = {"KIOSK_ACTOR_PIN": "1397"}, {"KIOSK_ACTOR_PIN": "2684"}


@pytest.fixture
def seeded(tmp_path: Path) -> tuple[Path, str, str]:
    """Two incidents reported an hour ago (the commands run on the real clock): a
    resolved one whose follow-up call is overdue, and an open one for engineering."""
    clock = FixedClock(datetime.now(UTC) - timedelta(hours=1))
    desk = make_desk(tmp_path / "store", clock)
    team = make_team(desk)
    refs = []
    for room, category in (("412", "noise"), ("509", "maintenance")):
        incident_id, ref = desk.store.new_incident_id()
        incident = sample_incident(incident_id, ref, team["agent"], clock.now, room=room,
                                   category=category)
        incident.work_order = new_order(desk.policy, incident, clock.now)
        if category == "noise":
            incident.status, incident.resolved_at = Status.RESOLVED, clock.now
            incident.follow_up = FollowUp(due=clock.now + timedelta(minutes=30))
        desk.store.add_incident(incident, team["agent"])
        refs.append(ref)
    return tmp_path / "store", refs[0], refs[1]


def test_followup_list_and_record(seeded: tuple[Path, str, str]) -> None:
    store, called, _open = seeded
    listed = kiosk(store, "followup", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["ref"], r["overdue"], r["attempt"]) for r in rows] == [(called, True, "1/3")]
    table = kiosk(store, "followup", "list").stdout
    assert called in table and "yes" in table
    unreachable = kiosk(store, "incident", "follow-up", called, "--outcome", "unreachable",
                        "--by", "agent", env=AGENT)
    assert unreachable.returncode == 0, unreachable.stderr
    assert "next call booked for" in unreachable.stdout
    rows = json.loads(kiosk(store, "followup", "list", "--format", "json").stdout)
    assert [(r["overdue"], r["attempt"]) for r in rows] == [(False, "2/3")]
    assert kiosk(store, "followup", "list", "--within", "1").stdout.strip() == \
        "No follow-up calls due."
    unhappy = kiosk(store, "incident", "follow-up", called, "--outcome", "not_satisfied",
                    "--feedback", "Still loud", "--by", "agent", env=AGENT)
    assert unhappy.returncode == 0, unhappy.stderr
    assert "second recovery" in unhappy.stdout and "supervisor told" in unhappy.stdout
    again = one_clean_line(kiosk(store, "incident", "follow-up", called, "--outcome",
                                 "satisfied", "--by", "agent", env=AGENT))
    assert "followed_up" in again
    wrong_pin = one_clean_line(kiosk(store, "incident", "follow-up", called, "--outcome",
                                     "satisfied", "--by", "agent", env={"KIOSK_ACTOR_PIN":
                                                                         "0000"}))
    assert "Traceback" not in wrong_pin
    assert kiosk(store, "followup", "list", "--within", "0").returncode == 2  # usage


def test_orders_list_and_update(seeded: tuple[Path, str, str]) -> None:
    store, noise, broken = seeded
    listed = kiosk(store, "orders", "list", "--department", "engineering", "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert [(r["ref"], r["department"], r["status"]) for r in rows] == \
        [(broken, "engineering", "open")]
    every = json.loads(kiosk(store, "orders", "list", "--format", "json").stdout)
    assert sorted(r["ref"] for r in every) == sorted([noise, broken])
    assert "not a department" in one_clean_line(
        kiosk(store, "orders", "list", "--department", "kitchen"))
    assert "not one of" in one_clean_line(kiosk(store, "orders", "update", broken,
                                                "--status", "finished", "--by", "agent",
                                                env=AGENT))
    assert "say what was done" in one_clean_line(
        kiosk(store, "orders", "update", broken, "--status", "done", "--by", "agent",
              env=AGENT))
    assert "not a day and time" in one_clean_line(
        kiosk(store, "orders", "update", broken, "--promised", "tomorrow", "--by", "agent",
              env=AGENT))
    moved = kiosk(store, "orders", "update", broken, "--status", "in-progress", "--owner",
                  "Arman", "--by", "supervisor", env=BOSS)
    assert moved.stdout.strip() == \
        f"Work order {broken} (Engineering): in progress, owner Arman.", moved.stderr
    done = kiosk(store, "orders", "update", broken, "--status", "done", "--note",
                 "Replaced the unit", "--by", "supervisor", env=BOSS)
    assert done.returncode == 0, done.stderr
    left = json.loads(kiosk(store, "orders", "list", "--format", "json").stdout)
    assert [r["ref"] for r in left] == [noise]
    history = json.loads(kiosk(store, "incident", "history", broken, "--json").stdout)
    assert [(e["action"], e["actor"]) for e in history
            if e["action"] == "work_order.update"] == [("work_order.update", "supervisor")] * 2
