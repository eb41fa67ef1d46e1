"""Limits hold under every race: many terminals (threads and real processes) deciding
and saving compensation at the same moment for one incident, one stay or one agent's
shift never store more than the policy allows without a recorded approval."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.core.engine import Line
from kiosk.core.errors import KioskError
from kiosk.core.models import Guest, Incident
from kiosk.desk import incidents
from kiosk.desk.context import Desk
from tests.integration.desk_setup import ROOT, make_desk, make_team

WORKERS = 12
ACCOUNT = "Loud party next door until 3 am"


def _guest(name: str = "Cap Guest", room: str = "500") -> Guest:
    return Guest(name=name, language="en", room=room, arrival=date(2026, 11, 20),
                 departure=date(2026, 11, 25))


def _wait_for(go: Path) -> None:
    while not go.exists():
        time.sleep(0.002)


def _items(scenario: str, k: int) -> list[Line]:
    if scenario == "incident":
        # Each alone is allowed; together they pass the per-incident cap (20,000) and
        # the one-late-checkout limit.
        return [Line("late_checkout")] if k % 2 else [Line("breakfast_voucher")]
    return [Line("breakfast_voucher")]  # 12,000 each: the stay cap (40,000) holds 3


def attempt(store: str, scenario: str, k: int, incident_id: str, go: str) -> str:
    """One terminal's try: open (unless one shared incident) and give. 'saved' or the
    refusal's class name."""
    desk = make_desk(Path(store))
    agent = "agent" if scenario == "shift" or k % 2 else "agent2"
    name = f"Shift Guest {k}" if scenario == "shift" else "Cap Guest"
    if scenario != "incident":
        incident_id = incidents.open_incident(desk, agent, _guest(name), "noise", "medium",
                                              ACCOUNT).id
    _wait_for(Path(go))
    try:
        incidents.give_compensation(desk, incident_id, agent, _items(scenario, k))
    except KioskError as exc:
        return type(exc).__name__
    return "saved"


def child(store: str, scenario: str, k: int, incident_id: str, go: str) -> None:
    print("ready", flush=True)
    print(attempt(store, scenario, k, incident_id, go), flush=True)


def _setup(tmp_path: Path, scenario: str) -> tuple[Desk, str]:
    desk = make_desk(tmp_path / "store")
    make_team(desk)
    shared = ""
    if scenario == "incident":
        shared = incidents.open_incident(desk, "agent", _guest(), "noise", "medium",
                                         ACCOUNT).id
    return desk, shared


def _run_threads(store: Path, scenario: str, shared: str, go: Path) -> list[str]:
    results: list[str] = []
    threads = [threading.Thread(target=lambda k=k: results.append(
        attempt(str(store), scenario, k, shared, str(go)))) for k in range(WORKERS)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # every thread opened its desk and waits at the line
    go.touch()
    for t in threads:
        t.join(timeout=240)
    return results


def _run_processes(store: Path, scenario: str, shared: str, go: Path) -> list[str]:
    calls = [f"from tests.integration.test_limits_race import child; "
             f"child({str(store)!r}, {scenario!r}, {k}, {shared!r}, {str(go)!r})"
             for k in range(WORKERS)]
    procs = [subprocess.Popen([sys.executable, "-c", call], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for call in calls]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.5)  # each child has opened its incident before the go
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        results.append(out.strip().splitlines()[-1])
    return results


def _stored(desk: Desk) -> list[Incident]:
    return list(desk.store.iter_incidents())


def _assert_within_limits(desk: Desk, scenario: str, results: list[str]) -> None:
    saved = [i for i in _stored(desk) if i.compensation]
    assert not any(d.approval for i in saved for d in i.compensation)
    policy = desk.policy
    agent = policy.role("agent")
    if scenario == "incident":
        (incident,) = saved
        counts: dict[str, int] = {}
        for d in incident.compensation:
            for ln in d.lines:
                counts[ln.item_id] = counts.get(ln.item_id, 0) + ln.qty
        assert incident.compensation_total <= agent.per_incident_cap, counts
        assert all(qty <= agent.items[item] for item, qty in counts.items()), counts
    elif scenario == "stay":
        total = sum((i.compensation_total for i in saved), Decimal(0))
        assert total <= agent.per_guest_stay_cap, f"{total} stored for one stay"
    else:
        total = sum((i.compensation_total for i in saved if i.agent_id == "agent"),
                    Decimal(0))
        assert total <= agent.per_shift_cap, f"{total} given in one shift"
    assert results.count("saved") == sum(len(i.compensation) for i in saved)
    assert results.count("saved") >= 1


@pytest.mark.parametrize("scenario", ["incident", "stay", "shift"])
def test_threads_never_pass_a_cap(tmp_path: Path, scenario: str) -> None:
    desk, shared = _setup(tmp_path, scenario)
    results = _run_threads(tmp_path / "store", scenario, shared, tmp_path / "go")
    _assert_within_limits(desk, scenario, results)


@pytest.mark.parametrize("scenario", ["incident", "stay", "shift"])
def test_processes_never_pass_a_cap(tmp_path: Path, scenario: str) -> None:
    desk, shared = _setup(tmp_path, scenario)
    results = _run_processes(tmp_path / "store", scenario, shared, tmp_path / "go")
    _assert_within_limits(desk, scenario, results)
