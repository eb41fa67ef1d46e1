"""A screen opened is laid out once: Textual's notice that it now has the size it was
just laid out at does not lay it, and every screen beneath it, out again (on the
new-incident form that was two layouts after the first frame, which a key typed at once
waited for). A real change of the terminal's size still reaches every screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.screen import Screen

from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.incident import IncidentScreen
from tests.tui.flow import settle, sign_in


@pytest.fixture
def resized(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The screens laid out again for a size they were told of, in order."""
    seen: list[str] = []
    original = Screen._screen_resized

    def counted(screen: Screen[object], size: object) -> None:
        seen.append(type(screen).__name__)
        original(screen, size)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_screen_resized", counted)
    return seen


async def test_a_screen_opened_is_not_laid_out_again_for_its_own_size(
        make_app: Callable[..., KioskApp], resized: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        resized.clear()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        assert resized == []
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert resized == []


async def test_a_new_terminal_size_reaches_every_screen(
        make_app: Callable[..., KioskApp], resized: list[str]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+n")
        await settle(pilot)
        resized.clear()
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "IncidentScreen" in resized and "BoardScreen" in resized
        assert app.screen.outer_size == (120, 40)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.outer_size == (120, 40)
        assert app.screen.query_one("#open-incidents").outer_size.width <= 120
