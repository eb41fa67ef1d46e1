"""The incident report and the work-order dialog keep what was typed, as the new-incident
form does: left with esc, locked away, or the kiosk closed, the text comes back from the
board's drafts (ctrl+d), and nobody else sees it."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input

from kiosk.desk import drafts
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.incident_report import IncidentReportScreen
from kiosk.tui.screens.record import RecordScreen
from kiosk.tui.screens.work_orders import OrderDialog, OrdersScreen
from tests.tui.flow import settle, sign_in
from tests.tui.test_paperwork import ref_of


async def resume_first_draft(pilot: object, app: KioskApp) -> None:
    assert isinstance(app.screen, BoardScreen)
    await settle(pilot)  # type: ignore[arg-type]
    assert app.screen.query_one("#my-drafts", DataTable).row_count == 1
    await pilot.press("ctrl+d", "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_report_and_work_order_keep_what_was_typed(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    upgrade = ref_of(desk, "Արամ Հակոբյան")  # the tier asks for a report
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+y")
        await settle(pilot)
        app.screen.query_one("#history-search", Input).value = upgrade
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, IncidentReportScreen)
        await pilot.press(*"Courtyard room given")
        await pilot.press("escape")  # left without saving: kept as a draft
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await resume_first_draft(pilot, app)
        form = app.screen
        assert isinstance(form, IncidentReportScreen)
        first = form.query_one(f"#box-{form.form.boxes[0].id}", Input)
        assert first.value == "Courtyard room given"
        assert form.check_action("print", ()) is False  # not saved yet: print waits
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.form.boxes[0].value == "Courtyard room given"
        await pilot.press("escape")  # nothing unsaved now: no draft
        await settle(pilot)
        assert drafts.drafts_for(desk, "agent1") == []

        # The work order's dialog, then the terminal locks with it open.
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, OrdersScreen)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OrderDialog)
        dialog.query_one("#order-text", Input).focus()
        await pilot.press(*"Compressor ordered")
        await pilot.press("ctrl+l")
        await settle(pilot)
        kept = drafts.drafts_for(desk, "agent1")
        assert [d.data.get("note") for d in kept] == ["Compressor ordered"]
        assert drafts.drafts_for(desk, "agent2") == []
        await sign_in(pilot, "agent1", "1397")
        await resume_first_draft(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, OrderDialog)
        assert dialog.query_one("#order-text", Input).value == "Compressor ordered"
        assert dialog.row.ref == ref_of(desk, dialog.row.guest)
