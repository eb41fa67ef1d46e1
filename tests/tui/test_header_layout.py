"""The header costs the screen no extra layouts: the clock is drawn with the first frame
and drawn again only when the minute it shows changes (each new text lays the whole
screen out again, which a form of seventy widgets feels as keys that wait), and the
property's name is held to a width only when it would push the title off."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.widgets import Static

from kiosk.core.clock import FixedClock
from kiosk.tui.app import KioskApp
from kiosk.tui.widgets.header import DeskClock
from tests.tui.flow import screen_text, settle, sign_in


async def test_the_clock_is_drawn_again_only_when_its_minute_changes(
        make_app: Callable[..., KioskApp], clock: FixedClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    updates: list[str] = []
    monkeypatch.setattr(DeskClock, "update",
                        lambda self, text="": updates.append(str(text)) or
                        Static.update(self, text))
    app = make_app(tick_seconds=0.02)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        assert "12:30" in screen_text(app)  # drawn with the screen, not a tick later
        updates.clear()
        clock.advance(seconds=20)  # 12:30:20, the same minute on the screen
        await asyncio.sleep(0.2)
        await settle(pilot)
        assert updates == []
        clock.advance(seconds=40)
        await asyncio.sleep(0.2)
        await settle(pilot)
        clocks = sum(len(screen.query(DeskClock)) for screen in app.screen_stack)
        assert len(updates) == clocks and all("12:31" in text for text in updates)
        assert "12:31" in screen_text(app)


async def test_a_name_that_fits_is_not_held_to_a_width(
        make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await settle(pilot)
        name = app.screen.query_one(".header-property", Static)
        assert name.styles.max_width is None
        await pilot.resize_terminal(40, 24)  # now the title needs the room
        await settle(pilot)
        assert name.styles.max_width is not None
        title = app.screen.query_one(".header-title", Static)
        assert title.region.right <= app.screen.query_one(".header-clock").region.x
