"""The incident's life after the desk: the follow-up calls list, a guest not satisfied at
the call → a second recovery at the top of the board, marked with the first incident's
reference, taken through to resolved; and the "before checkout" mark."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.widgets import DataTable

from kiosk.core.display import hotel_time
from kiosk.core.models import Guest, Outcome, Status
from kiosk.desk import incidents
from kiosk.desk.board import board
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.follow_ups import FollowUpsScreen
from kiosk.tui.screens.followup import FollowUpScreen
from tests.tui.flow import screen_text, settle, shown, sign_in


def leaving_tomorrow(desk: Desk) -> str:
    """A low-severity complaint (24 hours to resolve) from a guest who checks out at noon
    tomorrow: its deadline falls after the guest has gone."""
    today = hotel_time(desk.policy, desk.now()).date()
    guest = Guest("Petra Lindqvist", "en", "610", today - timedelta(days=2),
                  today + timedelta(days=1))
    return incidents.open_incident(desk, "agent1", guest, "noise", "low",
                                   "The lift hums all night.").ref


async def test_not_satisfied_opens_a_second_recovery_at_the_top(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    first = board(desk).follow_ups[0]
    leaving = leaving_tomorrow(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        text = screen_text(app)
        assert "before checkout" in text and leaving in text
        assert "2nd recovery" not in text

        # ctrl+o: the calls still to make, with the day and time, overdue marked.
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen)
        text = screen_text(app)
        due = hotel_time(desk.policy, first.due)
        assert first.ref in text and "overdue" in text
        assert f"{due.day} Nov {due:%H:%M}" in text  # English CLDR: 22 Nov 11:00
        # The first call is overdue; the second recovery's booked one is tomorrow's.
        assert shown(app, "#list-status") == "2 calls to make · 1 overdue"

        # enter records the call: not satisfied, with the guest's score.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("down", "enter", "tab", "3", "tab", *"Still cold", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen)  # back to the list, the call gone
        assert first.ref not in screen_text(app)
        assert shown(app, "#list-status") == "1 call to make"

        called = incidents.get_incident(desk, first.incident_id)
        assert called.follow_up is not None
        assert called.follow_up.outcome == Outcome.NOT_SATISFIED
        assert called.follow_up.score == 3
        second = incidents.get_incident(desk, called.second_recovery)
        assert second.second_of == called.id and second.status == Status.OPEN

        # The board: the second recovery sits on top, marked with the first's reference.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        table = app.screen.query_one("#open-incidents", DataTable)
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == second.id
        assert f"2nd recovery of {called.ref}" in screen_text(app)

        # Taken through: every step, then resolved; it leaves the board.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        for _step in desk.policy.steps:
            await pilot.press("ctrl+o")
            await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert incidents.get_incident(desk, second.id).status == Status.RESOLVED
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert "2nd recovery" not in screen_text(app)
