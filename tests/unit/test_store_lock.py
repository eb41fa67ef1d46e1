"""The store's lock on a real file, against real processes: it nests within one
process, keeps others out until the outermost release, and a forked child does not
inherit the hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.store.lock import LockTimeout, StoreLock

# Another process's one try at the lock, as another terminal takes it.
TRY = ("import fcntl, os, sys\nfd = os.open(sys.argv[1], os.O_RDWR)\n"
       "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
       "except BlockingIOError:\n    print('held')\nelse:\n    print('free')\n")


def _seen_from_outside(path: Path) -> str:
    done = subprocess.run([sys.executable, "-c", TRY, str(path)], capture_output=True,
                          text=True, timeout=30, check=True)
    return done.stdout.strip()


def test_a_nested_hold_lasts_until_the_outermost_release(tmp_path: Path) -> None:
    lock = StoreLock(tmp_path / ".lock", timeout=1)
    with lock:
        with lock:
            assert _seen_from_outside(lock.path) == "held"
        assert _seen_from_outside(lock.path) == "held"
    assert _seen_from_outside(lock.path) == "free"
    assert lock.path.exists()  # left in place for the next terminal


def test_the_lock_file_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    before = os.umask(0o277)  # would leave the owner unable to write
    try:
        with StoreLock(tmp_path / ".lock", timeout=1):
            pass
    finally:
        os.umask(before)
    assert (tmp_path / ".lock").stat().st_mode & 0o777 == 0o600


def test_a_lock_held_elsewhere_times_out(tmp_path: Path) -> None:
    with StoreLock(tmp_path / ".lock", timeout=1):
        other = StoreLock(tmp_path / ".lock", timeout=0.1)  # another terminal's
        with pytest.raises(LockTimeout):
            other.acquire()
    other.acquire()
    other.release()


def test_a_child_forked_while_the_lock_is_held_does_not_hold_it(tmp_path: Path) -> None:
    lock = StoreLock(tmp_path / ".lock", timeout=1)
    with lock:
        lock.timeout = 0.1
        pid = os.fork()
        if pid == 0:  # the child: its parent holds the lock, so it must wait
            try:
                lock.acquire()
            except LockTimeout:
                os._exit(0)
            os._exit(1)
        _pid, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert _seen_from_outside(lock.path) == "held"  # the child's exit kept it held
    assert _seen_from_outside(lock.path) == "free"
