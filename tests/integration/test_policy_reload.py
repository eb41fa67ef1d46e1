"""Live policy reload on a real policy folder and a real store: a valid edit takes
effect, a broken edit is refused (the last good policy stays, the problem is shown),
and no decision ever straddles a swap."""

from __future__ import annotations

import shutil
import threading
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.engine import Line, Verdict, decide
from kiosk.desk.context import Desk
from kiosk.desk.policy_watch import PolicyWatcher, ReloadKind
from tests.conftest import LETTERS, POLICIES

CAP = "per_incident_cap = 20000"


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    settings = Settings(policies=folder, letters=LETTERS, store=tmp_path / "store",
                        terminal="desk-1")
    return Desk.open(settings, clock=FixedClock(datetime(2026, 11, 20, 9, tzinfo=UTC)))


def edit(desk: Desk, old: str, new: str) -> None:
    path = desk.policies.folder / "roles.toml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_valid_edit_takes_effect(desk: Desk) -> None:
    watcher = PolicyWatcher(desk, settle=False)
    before = desk.policy.policy_hash
    assert watcher.poll() is None
    edit(desk, CAP, "per_incident_cap = 25000")
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.CHANGED
    assert event.policy_hash != before
    assert desk.policy.policy_hash == event.policy_hash
    assert desk.policy.role("agent").per_incident_cap == Decimal(25000)
    assert "is now in force" in event.message
    assert watcher.poll() is None  # reported once


def test_broken_edit_is_refused_and_shown(desk: Desk) -> None:
    watcher = PolicyWatcher(desk, settle=False)
    good = desk.policy
    edit(desk, CAP, 'per_incident_cap = "a lot"')
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.REFUSED
    assert desk.policy is good  # the last good version stays in force
    assert event.policy_hash == good.policy_hash
    assert event.problems and event.problems[0].startswith("roles.toml:")
    assert "per_incident_cap" in event.problems[0]
    assert "still using" in event.message
    status = watcher.status()
    assert status.problems == event.problems and status.policy_hash == good.policy_hash
    assert watcher.poll() is None  # not reported again until the files change
    edit(desk, 'per_incident_cap = "a lot"', CAP)  # put right: same rules as before
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.RESTORED
    assert watcher.status().problems == ()


def test_settle_waits_for_the_editor_to_finish(desk: Desk) -> None:
    watcher = PolicyWatcher(desk)
    edit(desk, CAP, "per_incident_cap = 21000")
    assert watcher.poll() is None  # seen, not yet acted on
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.CHANGED


def test_comment_only_edit_changes_nothing(desk: Desk) -> None:
    watcher = PolicyWatcher(desk, settle=False)
    edit(desk, "# Roles and their", "# The roles and their")
    assert watcher.poll() is None
    assert watcher.status().problems == ()


def test_no_decision_straddles_a_swap(desk: Desk) -> None:
    """A worker decides 18,000 over and over while the cap flips between 20,000 and
    15,000; each decision must match the policy whose hash it records."""
    watcher = PolicyWatcher(desk, settle=False)
    seen: dict[str, Decimal] = {desk.policy.policy_hash: Decimal(20000)}
    results: list[tuple[str, Verdict]] = []
    stop = threading.Event()
    lines = [Line("late_checkout"), Line("drink_voucher", 2)]  # 10,000 + 8,000

    def agent_at_desk() -> None:
        while not stop.is_set():
            policy = desk.policy  # once per decision, as the use cases do
            results.append((policy.policy_hash,
                            decide(policy, "agent", "noise", lines).verdict))

    worker = threading.Thread(target=agent_at_desk)
    worker.start()
    try:
        for turn in range(20):
            old, new = (CAP, "per_incident_cap = 15000") if turn % 2 == 0 else \
                ("per_incident_cap = 15000", CAP)
            edit(desk, old, new)
            event = watcher.poll()
            assert event is not None and event.kind is ReloadKind.CHANGED
            seen[event.policy_hash] = desk.policy.role("agent").per_incident_cap
    finally:
        stop.set()
        worker.join()
    assert len(seen) == 2 and results
    for policy_hash, verdict in results:
        expected = Verdict.ALLOWED if seen[policy_hash] >= 18000 else Verdict.NEEDS_APPROVAL
        assert verdict is expected


def test_reload_now_reports_a_standing_problem(desk: Desk) -> None:
    watcher = PolicyWatcher(desk)
    edit(desk, CAP, "per_incident_cap = -1")
    event = watcher.reload_now()  # no waiting for the files to settle
    assert event is not None and event.kind is ReloadKind.REFUSED
    assert watcher.poll() is None  # the same files: nothing new to say
    assert watcher.reload_now() is not None  # asked again: the problem is still there
