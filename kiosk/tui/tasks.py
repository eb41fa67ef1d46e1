"""Run a use case off the UI thread and hand its result back to the UI thread.

Every store write, every PIN check and every print goes through ``run_task``: the
screen stays responsive while disk or CUPS work, and a ``KioskError`` becomes a
notification instead of a traceback.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from kiosk.core.errors import KioskError

R = TypeVar("R")


def explain(exc: BaseException) -> str:
    """One line a person can act on."""
    if isinstance(exc, KioskError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"Unexpected {type(exc).__name__}: {exc}".strip()


def run_task(
    node: DOMNode,
    job: Callable[[], R],
    done: Callable[[R], Any] | None = None,
    *,
    failed: Callable[[BaseException], Any] | None = None,
    group: str = "desk",
    exclusive: bool = False,
    title: str = "",
) -> Worker[None]:
    """Run ``job`` in a thread. ``done(result)`` or ``failed(error)`` then runs on the UI
    thread; without ``failed`` the error is shown as a notification."""
    app = node.app

    def report(exc: BaseException) -> None:
        if failed is not None:
            failed(exc)
        else:
            app.notify(explain(exc), title=title or "Not done", severity="error", timeout=8)

    def body() -> None:
        callback: Callable[[], Any]
        try:
            result = job()
        except Exception as exc:  # every failure becomes a message, never a traceback
            callback = functools.partial(report, exc)
        else:
            callback = functools.partial(done, result) if done is not None else _nothing
        # The app may have closed while the job ran; then there is no one to tell.
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(callback)

    return node.run_worker(body, thread=True, group=group, exclusive=exclusive,
                           exit_on_error=False)


def _nothing() -> None:
    return None
