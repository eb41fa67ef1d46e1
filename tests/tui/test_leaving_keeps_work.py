"""Esc or ctrl+q on a screen holding typed work never throws it away: it is kept as a
draft for the person who typed it. And a store that cannot be read gets a screen that
says so, never a blank one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from kiosk.desk import drafts
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.signin import SignInScreen
from tests.tui.flow import settle, sign_in


async def new_incident(pilot: Pilot[None], staff_id: str, pin: str) -> None:
    await sign_in(pilot, staff_id, pin)
    await pilot.press("ctrl+n")
    await settle(pilot)


async def test_one_esc_too_many_keeps_the_new_incident_as_a_draft(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await new_incident(pilot, "agent1", "1397")
        await pilot.press(*"Nare Hovhannisyan")
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await settle(pilot)
        # And the board lists it at once.
        assert app.screen.query_one("#my-drafts", DataTable).row_count == 1
    kept = drafts.drafts_for(desk, "agent1")
    assert [d.data["fields"]["name"] for d in kept] == ["Nare Hovhannisyan"]


async def test_esc_on_an_empty_form_keeps_nothing(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await new_incident(pilot, "agent1", "1397")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    assert drafts.drafts_for(desk, "agent1") == []


async def test_a_supervisors_ctrl_q_keeps_a_half_filled_intake(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await new_incident(pilot, "super1", "3851")
        await pilot.press(*"Ashot Grigoryan")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.pause(0.2)
    assert app.return_code == 0
    kept = drafts.drafts_for(desk, "super1")
    assert [d.data["fields"]["name"] for d in kept] == ["Ashot Grigoryan"]


async def test_an_unreadable_store_gets_a_screen_that_says_so(desk: Desk) -> None:
    store = desk.settings.store
    # Opened, then every data file is damaged underneath the running desk.
    for path in Path(store).rglob("*"):
        if path.is_file() and path.name != "kiosk-store.json":
            path.write_text("{not json", encoding="utf-8")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        drawn = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "cannot read its store" in drawn
        assert str(store) in drawn.replace("\n", "")
        assert not isinstance(app.screen, SignInScreen)
        assert not app.screen.query(Input)
