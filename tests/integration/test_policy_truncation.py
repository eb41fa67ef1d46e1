"""A half-saved edit never goes live. Each shipped policy file is cut at every line
boundary, as an editor caught half-way through saving would leave it; many of those
cuts load as valid policies that differ from the shipped one (a tier or a role gone,
version unchanged). A running kiosk takes none of them: each is pending until
published, and the policy in force stays the shipped one."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.errors import PolicyError
from kiosk.core.policy_files import POLICY_FILES
from kiosk.core.policy_load import load_policy
from kiosk.desk.context import Desk
from kiosk.desk.policy_watch import PolicyWatcher, ReloadKind
from tests.conftest import LETTERS, POLICIES


def _cuts(text: str) -> list[int]:
    ends = [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return [i for i in ends if i < len(text)]


@pytest.mark.timeout(600)
def test_no_truncated_policy_file_goes_live(tmp_path: Path, policy) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    desk = Desk.open(Settings(policies=folder, letters=LETTERS, store=tmp_path / "store",
                              terminal="desk-1"),
                     clock=FixedClock(datetime(2026, 11, 20, 9, tzinfo=UTC)))
    watcher = PolicyWatcher(desk, settle=False)
    shipped = desk.policy
    valid_but_different = cuts = 0
    for name in POLICY_FILES:
        original = (POLICIES / name).read_text(encoding="utf-8")
        for cut in _cuts(original):
            cuts += 1
            (folder / name).write_text(original[:cut], encoding="utf-8")
            try:
                if load_policy(folder).policy_hash != shipped.policy_hash:
                    valid_but_different += 1
            except PolicyError:
                pass
            event = watcher.poll()
            assert event is None or event.kind is ReloadKind.PENDING, (name, cut, event)
            assert desk.policy is shipped, (name, cut)
        (folder / name).write_text(original, encoding="utf-8")
        assert watcher.poll() is not None  # back as published: the pending note clears
    assert cuts > 400 and valid_but_different > 20  # the hazard is real
    assert desk.policy is shipped and watcher.status().pending == ()
