"""ctrl+c to a command whose work is shared out to worker processes, as at a terminal."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from time import monotonic, sleep

import pytest


def interruptible() -> None:
    """Run in the command before it starts: ctrl+c at its default, as at a terminal,
    whatever the test process was left with (a process that ignores it passes that on,
    and Python then never turns it into KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def ctrl_c_when_busy(command: subprocess.Popen[str], busy: Callable[[], list[int]],
                     workers: int) -> None:
    """Once ``busy()`` names ``workers`` worker processes at their (minute-long) work,
    ctrl+c to ``command``: it ends in moments with its one line, and they with it."""
    try:
        deadline = monotonic() + 60
        while len(found := busy()) < workers:
            assert monotonic() < deadline and command.poll() is None
            sleep(0.02)
        command.send_signal(signal.SIGINT)
        _out, err = command.communicate(timeout=20)  # the workers sleep for 60 s
    finally:
        command.kill()
    assert command.returncode == 130 and err.strip().splitlines()[-1] == "error: interrupted"
    for pid in found:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
