"""A new agent's first shift at the desk: the defects they met, each shown on screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, HelpPanel, Input, Label, OptionList, Select
from textual.widgets.data_table import ColumnKey

from kiosk.desk import incidents, staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.approval import ApprovalDialog
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.compensation import CompensationScreen
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.screens.signin import SignInScreen
from tests.tui.flow import settle, shown, sign_in
from tests.tui.test_incident_flow import noise_complaint, open_from_board


async def test_category_chosen_by_keyboard_brings_its_severity(
        make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, IncidentScreen)
        # The language list names the languages (CLDR, through Babel), not their codes.
        languages = {str(prompt) for prompt, _ in form.query_one("#f-language", Select)._options}
        assert {"Armenian (հայերեն)", "Swahili (Kiswahili)", "English"} <= languages
        form.query_one("#f-category", Select).focus()
        await pilot.press("enter", "down", "down", "enter")
        await settle(pilot)
        assert form.query_one("#f-category", Select).value == "maintenance"
        assert form.query_one("#f-severity", Select).value == "high"
        await pilot.press("escape")
        await settle(pilot)
        # A resumed draft carries the severity it was left with: a new category still
        # brings its own, unless the agent chose the severity by hand.
        fields = {"name": "Nadia Oko", "category": "noise", "severity": "medium"}
        await app.push_screen(IncidentScreen(prefill=fields))
        await settle(pilot)
        form = app.screen
        form.query_one("#f-category", Select).value = "maintenance"
        await settle(pilot)
        assert form.query_one("#f-severity", Select).value == "high"
        form.query_one("#f-severity", Select).value = "low"
        await settle(pilot)
        form.query_one("#f-category", Select).value = "billing"
        await settle(pilot)
        assert form.query_one("#f-severity", Select).value == "low"


async def test_missing_remark_is_caught_before_the_supervisor_is_called(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    noise_complaint(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await open_from_board(pilot, "Anoush")
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press("down", "down", "plus")  # the room upgrade, which needs a remark
        await settle(pilot)
        assert "NEEDS A SUPERVISOR" in shown(app, "#decision")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CompensationScreen)
        assert app.focused is app.screen.query_one("#remark", Input)
        await pilot.press(*"801", "ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ApprovalDialog)
        # Each box keeps a label beside it once typed in, and shows when it has focus.
        boxes = list(dialog.query(Input))
        for box in boxes:
            box.value = "5"
            label = box.parent.query_children(Label) if box.parent else None
            assert label and str(label.first().render()).strip()
        for box, other in zip(boxes, boxes[1:] + boxes[:1], strict=True):
            box.focus()
            await pilot.pause()
            focused = box.styles.background
            other.focus()
            await pilot.pause()
            assert box.styles.background != focused


async def test_keys_panel_closes_with_escape(make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        app.action_show_help_panel()
        await pilot.pause()
        assert form.query(HelpPanel)
        await pilot.press("escape")
        await settle(pilot)
        # The panel closes; the form stays (esc would otherwise leave it).
        assert app.screen is form and not form.query(HelpPanel)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_sign_in_list_follows_the_store(make_app: Callable[..., KioskApp], desk: Desk,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SignInScreen, "REFRESH_SECONDS", 0.2)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def listed() -> list[str | None]:
            names = app.screen.query_one("#staff-list", OptionList)
            return [names.get_option_at_index(i).id for i in range(names.option_count)]

        assert "agent2" in listed()
        staff.disable_staff(desk, "agent2", "super1")
        new = staff.add_staff(desk, "Amani Otieno", "agent", "2580", actor="super1")
        await pilot.pause(0.5)
        await settle(pilot)
        assert "agent2" not in listed() and new.id in listed()


async def test_note_after_the_last_step_is_kept(make_app: Callable[..., KioskApp],
                                                desk: Desk) -> None:
    incident = noise_complaint(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await open_from_board(pilot, "Anoush")
        for _ in desk.policy.steps:
            await pilot.press("ctrl+o")
            await settle(pilot)
        assert "5/5 steps" in shown(app, "#checklist-progress")
        note = app.screen.query_one("#step-note", Input)
        await pilot.click("#step-note")
        await pilot.press(*"Guest calmer now", "enter")
        await settle(pilot)
        kept = [n.text for n in incidents.get_incident(desk, incident.id).notes]
        # Stored, or there was no box to type it into.
        assert "Guest calmer now" in kept or not note.display


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_board_uses_its_width_and_shows_severity_and_owner(
        make_app: Callable[..., KioskApp], desk: Desk, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await sign_in(pilot, "agent1", "1397")
        table = app.screen.query_one("#open-incidents", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert "Sev" in labels and "Owner" in labels
        used = sum(c.get_render_width(table) for c in table.columns.values())
        inside = table.content_size.width
        assert inside - 3 <= used <= inside  # filled, never wider (a scroll bar aside)
        if size[0] == 120:
            owners = {str(table.get_cell_at(Coordinate(r, 5))) for r in range(table.row_count)}
            assert owners & {"agent1", "agent2"}
            # The extra 40 columns go to the text that gets cut at 80.
            assert table.columns[ColumnKey("category")].width >= len("Something broken in the room")
            # The guest's name may give way to 5 cells at 80 (a category's first word
            # reads whole first), so at 120 it has one cell less than when it kept 7.
            assert table.columns[ColumnKey("guest")].width >= 17
