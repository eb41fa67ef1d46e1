"""The store's inter-process lock: an exclusive ``flock`` on the store's ``.lock`` file,
which stays in place, owner-only. It is the same lock the store always took (through the
filelock library, which flocks the same file), so terminals on an older release and on
this one still exclude each other; the kernel drops it when its process dies.

Written here, a few lines over ``fcntl``, because every command that opens the store
paid for the library's import (logging, tracebacks, its async half) at each start.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

# A lock someone else holds; some file systems answer EACCES instead of EWOULDBLOCK.
_HELD_ELSEWHERE = frozenset({errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK})


class LockTimeout(TimeoutError):
    """The lock stayed with another process for the whole timeout."""


class StoreLock:
    """``acquire``/``release`` nest (the store's own thread lock keeps other threads
    out); a child forked while the lock is held does not hold it."""

    def __init__(self, path: Path, timeout: float, poll_interval: float = 0.002,
                 mode: int = 0o600) -> None:
        self.path = path
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.mode = mode
        self._fd: int | None = None
        self._depth = 0
        self._pid = os.getpid()

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        if self._pid != os.getpid():  # forked: the parent's hold is the parent's
            self._fd, self._depth, self._pid = None, 0, os.getpid()
        if self._depth:
            self._depth += 1
            return
        fd = self._open()
        deadline = time.monotonic() + self.timeout
        try:
            while not self._try(fd):
                if time.monotonic() >= deadline:
                    raise LockTimeout(errno.ETIMEDOUT, "lock not acquired in time",
                                      str(self.path))
                time.sleep(self.poll_interval)
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._depth = fd, 1

    def release(self) -> None:
        if self._depth == 0 or self._pid != os.getpid():
            return
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)  # closing drops the flock even if the unlock failed

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW
        try:
            fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, self.mode)
        except FileExistsError:
            return os.open(self.path, flags)
        try:
            os.fchmod(fd, self.mode)  # exactly owner-only, whatever the umask
        except BaseException:
            os.close(fd)
            raise
        return fd

    @staticmethod
    def _try(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in _HELD_ELSEWHERE:
                return False
            raise
        return True
