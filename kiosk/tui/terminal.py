"""Noticing that the terminal went away: an ssh connection dropped, tmux killed, the
window closed. The kiosk must then keep what was typed and end, never keep running
without a screen (Textual's input thread would spin on the closed terminal)."""

from __future__ import annotations

import os
import select
import signal
import threading

# Signals that mean the terminal (or the machine's session) is going away.
GOING_AWAY = (signal.SIGHUP, signal.SIGTERM)

# How long restoring a terminal that is no longer there may take before the process
# ends regardless; drafts are kept before this starts.
HARD_STOP_SECONDS = 1.0

_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def terminal_gone(fd: int) -> bool:
    """True when ``fd``'s terminal has hung up. Asks for no events, so reading keys on
    another thread is not disturbed; the kernel reports a hang-up regardless."""
    poller = select.poll()
    try:
        poller.register(fd, 0)
    except (OSError, ValueError):
        return True
    return any(mask & _GONE for _, mask in poller.poll(0))


def stop_soon(code: int) -> None:
    """End the process after ``HARD_STOP_SECONDS`` even if shutting down hangs."""
    timer = threading.Timer(HARD_STOP_SECONDS, os._exit, args=(code,))
    timer.daemon = True
    timer.start()
