"""Notifications never cover the box being typed in: at 80x24 and 120x40, whichever box
has focus, every toast stays clear of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.widgets._toast import Toast

from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.incident import IncidentScreen
from tests.tui.flow import settle, sign_in
from tests.tui.test_incident_flow import noise_complaint, open_from_board

LONG = "\n".join(f"Line {n} of a notice long enough to wrap in its toast." for n in range(6))


async def toasts_clear_of(pilot: Pilot[None], box: Input | TextArea) -> None:
    app = pilot.app
    box.focus()
    await pilot.pause()
    app.clear_notifications()
    for title in ("First", "Second"):
        app.notify(LONG, title=title, timeout=30)
    await pilot.pause()
    await pilot.pause()
    toasts = list(app.screen.query(Toast))
    assert toasts, "no toast shown"
    for toast in toasts:
        shown = app.screen.find_widget(toast).visible_region  # what the rack lets show
        assert not (shown.area and shown.overlaps(box.region)), (box.id, shown, box.region)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_toasts_never_cover_the_box_being_typed_in(
        make_app: Callable[..., KioskApp], desk: Desk, size: tuple[int, int]) -> None:
    noise_complaint(desk)
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+f")
        await pilot.pause()
        await toasts_clear_of(pilot, app.screen.query_one("#board-search", Input))
        await pilot.press("escape")
        await app.push_screen(IncidentScreen())
        await settle(pilot)
        form = app.screen
        for box in ("#f-name", "#f-phone", "#f-location"):
            await toasts_clear_of(pilot, form.query_one(box, Input))
            await pilot.pause()
        await toasts_clear_of(pilot, form.query_one("#f-account", TextArea))
        await pilot.pause()
        form.dismiss()
        await settle(pilot)
        await open_from_board(pilot, "Anoush")
        await toasts_clear_of(pilot, app.screen.query_one("#step-note", Input))


def test_a_focus_event_as_the_kiosk_closes_finds_no_screen_and_is_ignored(desk: Desk) -> None:
    # A focus change still in the queue when the last screen has gone (the kiosk closing)
    # must not end the kiosk with a traceback.
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    assert not app.screen_stack
    app.place_toasts()
