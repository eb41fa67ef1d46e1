"""Run in a process of its own by test_screens_let_go: a kiosk, as on a desk terminal,
through a few rounds of forms; prints the widgets of closed forms still alive."""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import weakref
from pathlib import Path

from textual.widget import Widget
from textual.widgets import Input, TextArea

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.desk import drafts
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.incident import IncidentScreen
from tests.conftest import LETTERS, POLICIES
from tests.tui.conftest import NOW
from tests.tui.flow import settle, sign_in

ROUNDS = 3


async def rounds(desk: Desk) -> list[str]:
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    gone: list[weakref.ref[Widget]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(ROUNDS):
            await sign_in(pilot, "agent1", "1397")
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert isinstance(app.screen, IncidentScreen)
            gone.append(weakref.ref(app.screen.query_one("#f-account", TextArea)))
            gone.append(weakref.ref(app.screen.query_one("#f-name", Input)))
            await pilot.press(*"Anna P", "escape", "ctrl+l")  # a draft, then locked
            await settle(pilot)
            for draft in drafts.drafts_for(desk, "agent1"):
                drafts.discard_draft(desk, draft.id, "agent1")
        # The last form is let go of as the app takes its message, or a moment later.
        for _ in range(150):
            gc.collect()
            if all(ref() is None for ref in gone):
                break
            await pilot.pause(0.02)
        return [repr(w) for ref in gone if (w := ref()) is not None]


if __name__ == "__main__":
    settings = Settings(policies=POLICIES, letters=LETTERS, store=Path(sys.argv[1]),
                        terminal="test-desk")
    print(json.dumps(asyncio.run(rounds(Desk.open(settings, clock=FixedClock(NOW))))))
