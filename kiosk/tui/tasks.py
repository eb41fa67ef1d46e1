"""Run a use case off the UI thread and hand its result back to the UI thread.

Every store write, every PIN check and every print goes through ``run_task``: the
screen stays responsive while disk or CUPS work, and a ``KioskError`` becomes a
notification instead of a traceback.

A worker belongs to the screen that started it. When that screen goes (it is popped,
or the terminal locks) Textual cancels the worker; the thread cannot be stopped, so the
work itself still finishes or fails in the store, but its result never reaches the
screen: a late result must not undo a lock or draw the last person's work again.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from kiosk.core.errors import KioskError
from kiosk.core.i18n import _

R = TypeVar("R")


def explain(exc: BaseException) -> str:
    """One line a person can act on."""
    if isinstance(exc, KioskError):
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return _("Unexpected {kind}: {detail}").format(kind=type(exc).__name__,
                                                   detail=exc).strip()


def run_task(
    node: DOMNode,
    job: Callable[[], R],
    done: Callable[[R], Any] | None = None,
    *,
    failed: Callable[[BaseException], Any] | None = None,
    orphaned: Callable[[BaseException], Any] | None = None,
    group: str = "desk",
    exclusive: bool = False,
    title: str = "",
) -> Worker[None]:
    """Run ``job`` in a thread. ``done(result)`` or ``failed(error)`` then runs on the UI
    thread; without ``failed`` the error is shown as a notification.

    Neither runs once the worker is cancelled. ``orphaned(error)`` runs instead, off the
    UI thread, when the job failed after its screen went: the place to keep typed work
    as a draft, since nobody is left to see the failure."""
    app = node.app

    def report(exc: BaseException) -> None:
        if failed is not None:
            failed(exc)
        else:
            app.notify(explain(exc), title=title or _("Not done"), severity="error", timeout=8)

    def keep(exc: BaseException) -> None:
        if orphaned is not None:
            with contextlib.suppress(Exception):  # best effort: the screen is gone
                orphaned(exc)

    def deliver(worker: Worker[None], callback: Callable[[], Any],
                error: BaseException | None) -> None:
        # Checked here, on the UI thread, because a lock may come between the job's end
        # and this call. A screen being taken down (popped, the kiosk locking) has its
        # widgets going before its workers are cancelled: it takes no result either, as
        # Textual's own signals check.
        going = node is not app and (node._pruning or not node.is_attached)
        if not (worker.is_cancelled or going):
            callback()
        elif error is not None and orphaned is not None:
            run_task(app, functools.partial(keep, error), group="orphaned")

    def body() -> None:
        worker = get_current_worker()
        callback: Callable[[], Any]
        error: BaseException | None = None
        try:
            result = job()
        except Exception as exc:  # every failure becomes a message, never a traceback
            error = exc
            callback = functools.partial(report, exc)
        else:
            callback = functools.partial(done, result) if done is not None else _nothing
        if worker.is_cancelled:
            if error is not None:
                keep(error)
            return
        # The app may have closed while the job ran; then there is no one to tell.
        with contextlib.suppress(RuntimeError):
            app.call_from_thread(deliver, worker, callback, error)

    return node.run_worker(body, thread=True, group=group, exclusive=exclusive,
                           exit_on_error=False)


def _nothing() -> None:
    return None
