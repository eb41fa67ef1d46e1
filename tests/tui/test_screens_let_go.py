"""A busy desk opens hundreds of forms a day: once a screen is gone, nothing of it stays
in memory. Textual keeps removed widgets in longer-lived objects' watchers, signal
subscriptions and query caches; the kiosk lets go of them as each screen closes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, TextArea

from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.watchers import let_go_of_closed
from tests.tui.flow import settle, sign_in


def test_forms_left_behind_are_freed(desk: Desk) -> None:
    """In a process of its own, as the kiosk runs on a desk terminal (the apps of
    earlier tests in this process would share its garbage)."""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "tests.tui.let_go_child",
                           str(desk.settings.store)], cwd=root, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


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
