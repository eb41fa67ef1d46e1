"""Steps the kiosk tests share: wait for workers, sign in, read what a widget shows."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled

from kiosk.tui.app import KioskApp


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Let every worker finish and its result reach the screen (a result may start
    another worker, hence a few rounds)."""
    app = pilot.app
    for _ in range(rounds):
        # A worker cancelled on purpose (an exclusive refresh replaced by the next one, a
        # screen that left) is the kiosk working; a worker that failed is not.
        ended = await asyncio.gather(*(worker.wait() for worker in list(app.workers)),
                                     return_exceptions=True)
        for outcome in ended:
            if isinstance(outcome, BaseException) and not isinstance(outcome,
                                                                      WorkerCancelled):
                raise outcome
        await pilot.pause()


async def sign_in(pilot: Pilot[None], staff_id: str, pin: str) -> None:
    """Type the staff id (set directly: keys cost time and the keyboard path has its own
    test), then the PIN key by key."""
    await settle(pilot)
    await pilot.click("#staff-id")
    pilot.app.screen.query_one("#staff-id", Input).value = staff_id
    await pilot.press("enter", *pin, "enter")
    await settle(pilot)


def shown(app: KioskApp, selector: str) -> str:
    """The plain text a Static currently shows."""
    return str(app.screen.query_one(selector, Static).render())


def screen_text(app: KioskApp) -> str:
    """What the terminal shows now, line by line, as plain text (what a person reads)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
