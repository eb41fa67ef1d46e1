"""The session rules: an idle terminal locks and keeps what was typed as a draft for the
same agent only; an agent cannot close the kiosk, a supervisor can; follow-up calls."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input

from kiosk.core.models import Outcome
from kiosk.desk import drafts, records
from kiosk.desk.board import board
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.follow_ups import FollowUpsScreen
from kiosk.tui.screens.followup import FollowUpScreen
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.screens.signin import SignInScreen
from tests.tui.flow import settle, shown, sign_in


async def test_idle_lock_keeps_a_draft_for_the_same_agent_only(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"Ara M")
        app.idle_seconds = 0.3
        await pilot.pause(0.8)
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert app.staff is None
        app.idle_seconds = 0
        saved = drafts.drafts_for(desk, "agent1")
        assert len(saved) == 1 and saved[0].data["fields"]["name"] == "Ara M"
        # Nothing of it shows on the sign-in screen, nor for another agent.
        assert "Ara M" not in str(app.screen.query_one("#signin-box").render())
        await sign_in(pilot, "agent2", "2684")
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.query_one("#my-drafts", DataTable).row_count == 0
        await pilot.press("ctrl+l")
        await settle(pilot)
        # The same agent finds it on the board and picks up where they were.
        await sign_in(pilot, "agent1", "1397")
        assert app.screen.query_one("#my-drafts", DataTable).row_count == 1
        await pilot.press("ctrl+d", "enter")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        assert app.screen.query_one("#f-name", Input).value == "Ara M"
    assert drafts.drafts_for(desk, "agent1") == []


async def test_an_agent_cannot_quit(make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+q", "ctrl+c", "ctrl+z", "ctrl+backslash")
        await settle(pilot)
        assert app.return_code is None and app.is_running
        assert isinstance(app.screen, BoardScreen)
        palette = [c.title for c in app.get_system_commands(app.screen)]
        assert "Quit" not in palette and "Screenshot" not in palette
        # Nor before anyone has signed in.
        await pilot.press("ctrl+l", "ctrl+q")
        await settle(pilot)
        assert app.return_code is None and isinstance(app.screen, SignInScreen)


async def test_a_supervisor_can_quit(make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "super1", "3851")
        assert "Quit" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_follow_up_outcome_is_recorded(make_app: Callable[..., KioskApp],
                                            desk: Desk) -> None:
    due = board(desk).follow_ups
    assert due, "the demo store has a follow-up call due"
    incident_id = due[0].incident_id
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent2", "2684")
        assert "follow-up" in shown(app, "#board-status")
        await pilot.press("ctrl+o", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("down", "enter", "tab", "1", "1", "x", "tab", *"Cold soup again",
                          "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)  # 11 is not a 0-10 score
        await pilot.press("shift+tab", "backspace", "backspace", "3", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen)  # back to the calls still to make
    follow_up = records.get_incident(desk, incident_id).follow_up
    assert follow_up is not None and follow_up.outcome == Outcome.NOT_SATISFIED
    assert follow_up.feedback == "Cold soup again" and follow_up.by == "agent2"
    assert follow_up.score == 3
