"""The kiosk in a real pseudo-terminal, as a person at a desk (or an ssh session) runs
it: keys typed into the terminal, the screen read back from it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Za-z0-9]|\x1b[=>]")


def _own_terminal() -> None:
    """In the child: a session of its own with the pty as its controlling terminal, so
    closing the pty hangs it up as an ssh drop would."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyKiosk:
    def __init__(self, argv: Sequence[str], cwd: Path, env: dict[str, str],
                 size: tuple[int, int] = (80, 24)) -> None:
        self.master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ,
                    rows.to_bytes(2, "little") + columns.to_bytes(2, "little") + bytes(4))
        self.started = time.monotonic()
        self.process = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave,
                                        cwd=cwd, env=env, preexec_fn=_own_terminal,
                                        close_fds=True)
        os.close(slave)
        self.output = b""

    def read(self, seconds: float = 0.05) -> None:
        if self.master < 0:
            return
        ready, _, _ = select.select([self.master], [], [], seconds)
        if ready:
            with contextlib.suppress(OSError):  # the kiosk has gone
                self.output += os.read(self.master, 65536)

    def text(self) -> str:
        return _ESCAPES.sub(b"", self.output).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 30.0) -> float:
        """Seconds from launch until ``needle`` was drawn."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read()
            if needle in self.text():
                return time.monotonic() - self.started
            if self.process.poll() is not None:
                break
        raise AssertionError(f"{needle!r} never shown; screen so far:\n{self.text()[-3000:]}")

    def drawn_after(self, keys: str, needle: str, timeout: float = 10.0) -> float:
        """Type ``keys`` at once; seconds until ``needle`` is drawn after them."""
        start = len(self.output)
        typed = time.monotonic()
        os.write(self.master, keys.encode("utf-8"))
        while time.monotonic() - typed < timeout:
            self.read(0.01)
            if needle in _ESCAPES.sub(b"", self.output[start:]).decode("utf-8", "replace"):
                return time.monotonic() - typed
            if self.process.poll() is not None:
                break
        raise AssertionError(f"{needle!r} never drawn after {keys!r}; screen so far:\n"
                             f"{self.text()[-3000:]}")

    def settle(self, quiet: float = 1.0, timeout: float = 15.0) -> None:
        """Wait until the kiosk has drawn nothing for ``quiet`` seconds (start-up done)
        but for the clock, which ticks each second."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            before = len(self.output)
            end = time.monotonic() + quiet
            while time.monotonic() < end:
                self.read(0.05)
            if len(self.output) - before < 400:
                return

    def type(self, keys: str, pause: float = 0.15) -> None:
        for key in keys:
            os.write(self.master, key.encode("utf-8"))
            time.sleep(0.02)
        time.sleep(pause)
        self.read()

    def hang_up(self) -> None:
        """The terminal goes away: its master side is closed."""
        os.close(self.master)
        self.master = -1

    def exited_within(self, seconds: float) -> bool:
        try:
            self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            return False
        return True

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

