"""A job's result that comes back while its screen is being taken down (popped, or the
kiosk locking) is dropped: it never reaches a half-removed screen, whose widgets are
already going (a board refresh failed so with "No nodes match '#board-status'" at the
end of an hour's Pilot-driven desk)."""

from __future__ import annotations

import asyncio
import threading

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from kiosk.tui.tasks import run_task


class SlowToLeave(Static):
    """Holds its screen's removal open until ``leave`` is set."""

    def __init__(self, leave: asyncio.Event) -> None:
        super().__init__("slow")
        self.leave = leave

    async def on_unmount(self) -> None:
        await self.leave.wait()


class Held(Screen[None]):
    def __init__(self, leave: asyncio.Event) -> None:
        super().__init__()
        self.leave = leave

    def compose(self) -> ComposeResult:
        yield Static("status", id="status")
        yield SlowToLeave(self.leave)


async def test_a_result_for_a_screen_being_taken_down_is_dropped() -> None:
    app: App[None] = App()
    drawn: list[str] = []
    go = threading.Event()
    async with app.run_test() as pilot:
        leave = asyncio.Event()
        screen = Held(leave)
        await app.push_screen(screen)
        worker = run_task(screen, lambda: go.wait(10),
                          lambda _result: drawn.append(str(screen.query_one("#status"))))
        app.pop_screen()  # its removal starts, and waits on the slow widget
        for _ in range(200):
            if getattr(screen, "_pruning", False):
                break
            await asyncio.sleep(0.005)
        assert getattr(screen, "_pruning", False), "the screen's removal never started"
        go.set()
        for _ in range(200):
            if worker.is_finished:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        leave.set()
        await pilot.pause()
        assert worker.is_finished and worker.error is None, worker.error
        assert drawn == []
