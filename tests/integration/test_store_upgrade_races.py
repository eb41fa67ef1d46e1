"""The upgrade from the first store format with real processes: terminals opening the
old store at once (one upgrades, the others wait and find it done), and an upgrade
killed with -9 at any moment (the next start finishes it). The store is whole after
each: every incident found by room, and verify clean."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.store import TinyStore, open_store
from tests.unit.test_store_rooms import _as_format_1, _filled

OPEN = ("import sys\nfrom pathlib import Path\nfrom kiosk.store import open_store\n"
        "store = open_store(Path(sys.argv[1]), create=False)\n"
        "print(len(store.find_incidents(room='412')), flush=True)\n")
ROOT = Path(__file__).resolve().parents[2]


def _opener(store: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", OPEN, str(store)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _old_store(root: Path) -> tuple[Path, list[str]]:
    store, ids = _filled(root, per_year=40)
    store.settle()
    _as_format_1(store.root)
    return store.root, ids


def _whole(root: Path, ids: list[str]) -> None:
    store = open_store(root, create=False)
    assert isinstance(store, TinyStore)
    assert [i.id for i in store.find_incidents(room="412")] == list(reversed(ids))
    assert store.verify() == []


def test_terminals_opening_the_old_store_at_once(tmp_path: Path) -> None:
    root, ids = _old_store(tmp_path / "s")
    openers = [_opener(root) for _ in range(4)]
    for opener in openers:
        out, err = opener.communicate(timeout=120)
        assert opener.returncode == 0, err
        assert out.strip() == str(len(ids))
    _whole(root, ids)


@pytest.mark.parametrize("seed", range(8))
def test_an_upgrade_killed_at_any_moment_is_finished_at_the_next_start(
        tmp_path: Path, seed: int) -> None:
    root, ids = _old_store(tmp_path / "s")
    opener = _opener(root)
    # Here a start takes about 0.15 s, the upgrade the last third of it: kill anywhere
    # from the imports to the marker (on a slower machine, earlier in the same span).
    time.sleep(0.05 + 0.012 * seed + random.Random(seed).uniform(0, 0.01))
    opener.send_signal(signal.SIGKILL)
    opener.communicate(timeout=60)
    _whole(root, ids)
