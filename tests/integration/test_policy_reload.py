"""Live policy reload on a real policy folder and a real store: a published edit takes
effect, an edit not yet published is pending (shown, not used), a broken publication is
refused (the last good policy stays, the problem is shown), and no decision ever
straddles a swap."""

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
from tests.conftest import LETTERS, POLICIES, publish

CAP = "per_incident_cap = 20000"


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    settings = Settings(policies=folder, letters=LETTERS, store=tmp_path / "store",
                        terminal="desk-1")
    return Desk.open(settings, clock=FixedClock(datetime(2026, 11, 20, 9, tzinfo=UTC)))


def edit(desk: Desk, old: str, new: str, file: str = "roles.toml") -> None:
    path = desk.policies.folder / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


_VERSIONS = iter(range(1, 1000))


def edit_and_publish(desk: Desk, old: str, new: str) -> None:
    """An edit under a new version, published: what a supervisor does."""
    edit(desk, old, new)
    prop = desk.policies.folder / "property.toml"
    text = prop.read_text("utf-8")
    import re

    prop.write_text(re.sub(r'(?m)^version = ".*"$', f'version = "test-{next(_VERSIONS)}"',
                           text, count=1), "utf-8")
    publish(desk.policies.folder)


def test_valid_edit_takes_effect_once_published(desk: Desk) -> None:
    watcher = PolicyWatcher(desk, settle=False)
    before = desk.policy.policy_hash
    assert watcher.poll() is None
    edit(desk, CAP, "per_incident_cap = 25000")
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.PENDING
    assert event.pending == ("roles.toml",) and "kiosk policy publish" in event.message
    assert desk.policy.policy_hash == before  # not in force until published
    assert watcher.status().pending == ("roles.toml",)
    edit_and_publish(desk, "per_incident_cap = 25000", "per_incident_cap = 25000")
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.CHANGED
    assert event.policy_hash != before
    assert desk.policy.policy_hash == event.policy_hash
    assert desk.policy.role("agent").per_incident_cap == Decimal(25000)
    assert "is now in force" in event.message
    assert watcher.poll() is None  # reported once


def test_broken_publication_is_refused_and_shown(desk: Desk) -> None:
    """A manifest written by hand (or by an old tool) for broken files."""
    watcher = PolicyWatcher(desk, settle=False)
    good = desk.policy
    edit(desk, CAP, 'per_incident_cap = "a lot"')
    _forge_manifest(desk, version="forged")
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
    publish(desk.policies.folder)
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.RESTORED
    assert watcher.status().problems == ()


def _forge_manifest(desk: Desk, version: str) -> None:
    import json

    from kiosk.core.policy_publish import MANIFEST, file_hashes

    path = desk.policies.folder / MANIFEST
    doc = json.loads(path.read_text("utf-8"))
    doc.update(version=version, files=file_hashes(desk.policies.folder))
    path.write_text(json.dumps(doc), "utf-8")


def test_publish_refuses_a_broken_folder_and_changes_nothing(desk: Desk) -> None:
    from kiosk.core.errors import PolicyError
    from kiosk.core.policy_publish import MANIFEST

    before = (desk.policies.folder / MANIFEST).read_bytes()
    edit(desk, CAP, 'per_incident_cap = "a lot"')
    with pytest.raises(PolicyError):
        publish(desk.policies.folder)
    assert (desk.policies.folder / MANIFEST).read_bytes() == before


def test_publish_refuses_new_rules_under_a_published_version(desk: Desk) -> None:
    from kiosk.core.errors import PolicyError

    edit(desk, CAP, "per_incident_cap = 25000")
    with pytest.raises(PolicyError, match="version"):
        publish(desk.policies.folder)


def test_a_kiosk_does_not_start_on_an_unpublished_edit(desk: Desk) -> None:
    from kiosk.core.errors import PolicyError

    edit(desk, CAP, "per_incident_cap = 25000")
    with pytest.raises(PolicyError) as caught:
        Desk.open(desk.settings)
    assert "roles.toml" in str(caught.value) and "kiosk policy publish" in str(caught.value)


def test_a_folder_never_published_loads_and_asks_to_be_published(desk: Desk) -> None:
    from kiosk.core.policy_publish import MANIFEST

    (desk.policies.folder / MANIFEST).unlink()
    fresh = Desk.open(desk.settings)
    watcher = PolicyWatcher(fresh, settle=False)
    assert watcher.status().published is False
    edit(fresh, CAP, "per_incident_cap = 25000")
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.PENDING
    assert fresh.policy.role("agent").per_incident_cap == Decimal(20000)
    publish(fresh.policies.folder)
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.CHANGED
    assert fresh.policy.role("agent").per_incident_cap == Decimal(25000)
    assert watcher.status().published is True


def test_settle_waits_for_the_editor_to_finish(desk: Desk) -> None:
    watcher = PolicyWatcher(desk)
    edit_and_publish(desk, CAP, "per_incident_cap = 21000")
    assert watcher.poll() is None  # seen, not yet acted on
    event = watcher.poll()
    assert event is not None and event.kind is ReloadKind.CHANGED


def test_comment_only_edit_published_changes_nothing(desk: Desk) -> None:
    watcher = PolicyWatcher(desk, settle=False)
    before = desk.policy
    edit(desk, "# Roles and their", "# The roles and their")
    publish(desk.policies.folder)  # the same version: the rules are the same
    assert watcher.poll() is None
    assert watcher.status().problems == () and watcher.status().pending == ()
    assert desk.policy is before


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
            edit_and_publish(desk, old, new)
            event = watcher.poll()
            assert event is not None and event.kind is ReloadKind.CHANGED
            seen[event.policy_hash] = desk.policy.role("agent").per_incident_cap
    finally:
        stop.set()
        worker.join()
    assert len(seen) == 21 and results
    for policy_hash, verdict in results:
        expected = Verdict.ALLOWED if seen[policy_hash] >= 18000 else Verdict.NEEDS_APPROVAL
        assert verdict is expected


def test_reload_now_reports_a_standing_problem(desk: Desk) -> None:
    watcher = PolicyWatcher(desk)
    edit(desk, CAP, "per_incident_cap = -1")
    _forge_manifest(desk, version="forged")
    event = watcher.reload_now()  # no waiting for the files to settle
    assert event is not None and event.kind is ReloadKind.REFUSED
    assert watcher.poll() is None  # the same files: nothing new to say
    assert watcher.reload_now() is not None  # asked again: the problem is still there
