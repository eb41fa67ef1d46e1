"""The store's process lock: an exclusive ``flock`` on the store's lock file, tried every
few milliseconds until a deadline.

The kernel releases it when the holder's process dies (kill -9 included), so a crash
never leaves the store locked. It is the same lock any other ``flock`` user takes on
that file. The file stays in place (another process may be waiting on it) and is
owner-only. Written on the system call rather than a locking library: every command
and the kiosk's start take it, and such a library cost more to import than the whole
store does to open.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from types import TracebackType

MODE = 0o600


class LockTimeout(Exception):
    """The lock was not free within the time allowed."""


class StoreLock:
    """Re-entrant within its holder: a step inside a step takes it once."""

    def __init__(self, path: Path, timeout: float, poll_interval: float = 0.002) -> None:
        self.path = path
        self.timeout = timeout
        self.poll_interval = poll_interval
        self._fd: int | None = None
        self._depth = 0

    def acquire(self) -> None:
        if self._fd is not None:
            self._depth += 1
            return
        deadline = time.monotonic() + self.timeout
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, MODE)
        try:
            with contextlib.suppress(PermissionError):  # someone else's file: their mode stands
                os.fchmod(fd, MODE)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(str(self.path)) from None
                    time.sleep(self.poll_interval)
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._depth = fd, 1

    def release(self) -> None:
        if self._fd is None:
            return
        self._depth -= 1
        if self._depth == 0:
            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()
