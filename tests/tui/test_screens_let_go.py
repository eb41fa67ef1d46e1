"""A busy desk opens hundreds of forms a day: once a screen is gone, nothing of it stays
in memory. Textual keeps removed widgets in longer-lived objects' watchers, signal
subscriptions and query caches; the kiosk lets go of them as each screen closes."""

from __future__ import annotations

import gc
import weakref

from textual.widget import Widget
from textual.widgets import Input, TextArea

from kiosk.desk import drafts
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.watchers import let_go_of_closed
from tests.tui.flow import settle, sign_in

ROUNDS = 3


async def test_forms_left_behind_are_freed(desk: Desk) -> None:
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
        # The last form is let go of as the app takes its message: on a busy machine
        # that may be a moment after the lock.
        for _ in range(50):
            gc.collect()
            if all(ref() is None for ref in gone):
                break
            await pilot.pause(0.02)
        alive = [w for ref in gone if (w := ref()) is not None]
        assert alive == []


async def test_letting_go_keeps_what_is_open(desk: Desk) -> None:
    """Only closed widgets are dropped: the open form still answers its queries and
    its text boxes still take text selections and the theme."""
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = app.screen
        assert let_go_of_closed(app) >= 0
        account = screen.query_one("#f-account", TextArea)
        assert account in screen.text_selection_started_signal._subscriptions
        assert any(node is account for node, _ in getattr(app, "__watchers")["theme"])
        await pilot.press(*"Anna")
        assert screen.query_one("#f-name", Input).value == "Anna"
