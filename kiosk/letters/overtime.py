"""A template that runs past its deadline is stopped, at no cost until it does.

Any trace function, even one that ignores every line, makes the interpreter run all code
in its thread on a slower path: a letter rendered about three times slower under the
line-by-line check this replaces. Instead one watcher thread waits for the earliest
deadline and raises ``Late`` in the late render's thread (CPython's
``PyThreadState_SetAsyncExc``, delivered between two bytecodes, so a loop that calls
nothing stops too). It is raised inside the template, so the error names the
template's line. A render that finishes in time takes back a ``Late`` on its way.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Late(Exception):
    """Raised in a render's thread when its deadline has passed. An ``Exception``, so
    Jinja maps its traceback to the template's own lines on the way out."""


# The same C function twice: with an exception to raise, and with NULL to take one back.
_raise_in = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi))
_take_back = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi))


class _Watcher:
    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.due: dict[int, float] = {}  # thread ident → its render's deadline
        self.fired: set[int] = set()
        self.thread: threading.Thread | None = None

    def start(self, ident: int, deadline: float) -> None:
        with self.changed:
            self.due[ident] = deadline
            self.fired.discard(ident)
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="letter-deadline",
                                               daemon=True)
                self.thread.start()
            self.changed.notify()

    def end(self, ident: int) -> None:
        with self.changed:
            self.due.pop(ident, None)
            if ident in self.fired:
                self.fired.discard(ident)
                _take_back(ident, None)  # not delivered yet: it never will be

    def _run(self) -> None:
        with self.changed:
            while True:
                if not self.due:
                    self.changed.wait()
                    continue
                ident, deadline = min(self.due.items(), key=lambda item: item[1])
                wait = deadline - time.monotonic()
                if wait > 0:
                    self.changed.wait(wait)
                    continue
                del self.due[ident]
                self.fired.add(ident)
                _raise_in(ident, Late)

    def forget(self) -> None:
        """In a forked child: the watcher thread did not come along."""
        self.changed = threading.Condition()
        self.due, self.fired, self.thread = {}, set(), None


_WATCHER = _Watcher()
os.register_at_fork(after_in_child=_WATCHER.forget)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Run the block; ``Late`` is raised inside it once ``seconds`` have passed."""
    ident = threading.get_ident()
    _WATCHER.start(ident, time.monotonic() + seconds)
    try:
        yield
    finally:
        _WATCHER.end(ident)
