"""The lock the terminals take on the store: an advisory ``flock`` on its ``.lock``
file, the lock filelock takes too, so terminals on either release exclude each other.

The file is opened once and kept open; taking the lock is then one system call. (Opening
the file again for every step, as filelock does, costs about a quarter of a disk sync,
and every save, look-up and board refresh is a step.) The kernel drops the lock with the
process, however it dies. A process forked while the file is open opens its own copy,
since a ``flock`` belongs to the open file, which parent and child would share."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

LOCK_MODE = 0o600  # the lock file too is the owner's only


class LockTimeout(TimeoutError):
    """Another terminal held the lock for longer than the wait allowed."""

    def __init__(self, path: Path, seconds: float):
        super().__init__(str(path))
        self.seconds = seconds


class StoreLock:
    """One process's hold on the store lock; not re-entrant, not shared by threads
    (the store takes its thread lock around it)."""

    def __init__(self, path: Path, timeout: float, poll_interval: float = 0.002):
        self.path = path
        self.timeout = timeout
        self.poll_interval = poll_interval
        self._fd = -1
        self._pid = 0

    def _open(self) -> int:
        if self._fd >= 0 and self._pid == os.getpid():
            return self._fd
        self._fd = -1  # a parent's descriptor is left to the parent
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, LOCK_MODE)
        self._pid = os.getpid()
        return self._fd

    def _close(self) -> None:
        if self._fd >= 0 and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = -1

    def acquire(self) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(self.path, self.timeout) from None
                time.sleep(self.poll_interval)
                continue
            try:
                held, there = os.fstat(fd), os.stat(self.path)
            except FileNotFoundError:
                there = None
            except OSError:
                self._close()
                raise
            if there is not None and (held.st_dev, held.st_ino) == (there.st_dev,
                                                                    there.st_ino):
                return
            # The lock file was removed or replaced (a store folder put back from a
            # backup): the lock that counts is on the file at the path now.
            self._close()

    def release(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self._close()  # held for one moment, not kept

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            self._close()
