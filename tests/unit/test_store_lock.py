"""The store lock kept open between steps: it still excludes every other holder — a
forked child that inherited it, a store folder whose lock file was put back, a
terminal on a release that locks with filelock — and costs one system call a step."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import filelock
import pytest

from kiosk.core.errors import StoreError
from kiosk.core.models import Staff
from kiosk.store import TinyStore, open_store
from kiosk.store.lock import LockTimeout, StoreLock
from tests.unit.test_store_files import held_elsewhere


def _store(root: Path, lock_timeout: float = 0.3) -> TinyStore:
    open_store(root)
    return TinyStore(root, lock_timeout=lock_timeout)


def _add(store: TinyStore, staff_id: str) -> None:
    store.add_staff(Staff(id=staff_id, name=staff_id, role="agent", pin_hash="h"), "setup")


def test_a_forked_child_does_not_share_the_parents_hold(tmp_path: Path) -> None:
    """A flock belongs to the open file: a child forked with the store open must open
    its own, or it would think it held the lock its parent holds."""
    store = _store(tmp_path / "s")
    _add(store, "ag1")  # the lock file is open in this process now
    read, write = os.pipe()
    with store._step():  # held by the parent, as in the middle of a save
        pid = os.fork()
        if pid == 0:  # the child: the same store object, inherited
            os.close(read)
            try:
                store.list_staff()
                outcome = b"entered"
            except StoreError as exc:
                outcome = b"busy" if "store is busy" in str(exc) else str(exc).encode()
            os.write(write, outcome)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            outcome = pipe.read()
        os.waitpid(pid, 0)
    assert outcome == b"busy"
    assert [s.id for s in store.list_staff()] == ["ag1"]  # the parent's hold is intact


def test_a_lock_file_put_back_is_the_one_that_counts(tmp_path: Path) -> None:
    """The folder is restored from a backup while a terminal runs: the lock file at the
    path is a new file, and another terminal holding it keeps this one out."""
    store = _store(tmp_path / "s")
    _add(store, "ag1")
    lock = store.root / ".lock"
    shutil.copy(lock, tmp_path / "lock.copy")
    os.replace(tmp_path / "lock.copy", lock)
    with held_elsewhere(lock), pytest.raises(StoreError,
                                             match=r"store is busy: no lock within 0.3 s"):
        store.list_staff()
    assert [s.id for s in store.list_staff()] == ["ag1"]


def test_a_removed_lock_file_is_made_again(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    _add(store, "ag1")
    (store.root / ".lock").unlink()
    _add(store, "ag2")
    assert (store.root / ".lock").stat().st_mode & 0o777 == 0o600
    with filelock.FileLock(store.root / ".lock"), pytest.raises(StoreError, match="busy"):
        store.list_staff()


def test_the_lock_waits_for_a_release_within_its_timeout(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, filelock\n"
         "with filelock.FileLock(sys.argv[1]):\n"
         "    print('held', flush=True)\n    time.sleep(0.4)\n", str(path)],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    started = time.monotonic()
    lock = StoreLock(path, timeout=10)
    with lock:
        waited = time.monotonic() - started
    holder.wait()
    assert 0.1 < waited < 10
    # Released: another holder gets it at once, and keeps this one out.
    with filelock.FileLock(path, timeout=0), pytest.raises(LockTimeout):
        StoreLock(path, timeout=0.05).acquire()
