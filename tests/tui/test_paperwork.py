"""The screens behind the desk: the department view (work orders moved along from the
kiosk), the shift log for the handover, and the incident report the paperwork tier asks
for, filled and saved from the incident's record."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Select

from kiosk.core.models import OrderStatus
from kiosk.desk import incidents
from kiosk.desk.context import Desk
from kiosk.desk.incident_report import missing_report
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.incident_report import IncidentReportScreen
from kiosk.tui.screens.record import RecordScreen
from kiosk.tui.screens.shift_log import ShiftLogScreen
from kiosk.tui.screens.work_orders import OrderDialog, OrdersScreen
from tests.tui.flow import screen_text, settle, shown, sign_in


def ref_of(desk: Desk, guest: str) -> str:
    return next(i.ref for i in desk.store.iter_incidents() if i.guest.name == guest)


async def test_orders_shift_log_and_incident_report(make_app: Callable[..., KioskApp],
                                                    desk: Desk) -> None:
    broken = ref_of(desk, "Juma Otieno")  # the air conditioning: engineering's order
    upgrade = ref_of(desk, "Արամ Հակոբյան")  # 35,000 AMD: the tier asks for a report
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")

        # f3: every department's orders not done yet, soonest promised first.
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrdersScreen)
        assert shown(app, "#list-status").startswith("every department · 6 orders · 3 past")
        assert broken in screen_text(app) and "Engineering" in screen_text(app)
        await pilot.press("f2")  # one department at a time
        await settle(pilot)
        first = {r.department for r in screen.rows}
        assert len(first) == 1 and len(screen.rows) < 6
        while screen.department != "engineering":
            await pilot.press("f2")
            await settle(pilot)
        assert [r.ref for r in screen.rows] == [broken]
        assert shown(app, "#list-status").startswith("Engineering · 1 order")

        # enter: move it along. Done needs a note saying what was done.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OrderDialog)
        await pilot.click("#status-done")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OrderDialog)
        refusal = shown(app, "#order-message")
        # The desk names the box by its label, not the command line's option.
        assert "say what was done" in refusal
        assert "--" not in refusal and refusal.startswith("Note:")
        app.screen.query_one("#order-text", Input).value = "Compressor replaced"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and screen.rows == []  # done ones are hidden
        await pilot.press("f3")
        await settle(pilot)
        assert "done" in screen_text(app) and broken in screen_text(app)
        order = incidents.get_incident(desk, broken).work_order
        assert order is not None and order.status == OrderStatus.DONE
        assert order.note == "Compressor replaced" and order.updated_by == "agent1"

        # f4: the shift log, section by section, as `kiosk shift log` has it.
        await pilot.press("escape", "f4")
        await settle(pilot)
        assert isinstance(app.screen, ShiftLogScreen)
        text = screen_text(app)
        assert "Incidents (4)" in text and "Compensation (1)" in text
        assert "Approvals (1)" in text and upgrade in text
        assert "Shift log 23 Nov 04:31 to 23 Nov 12:31" in shown(app, "#list-status")

        # The incident report, from the record, only where the tier asks for one.
        await pilot.press("escape", "ctrl+y", *ref_of(desk, "James Whitfield"), "enter",
                          "enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        assert app.screen.check_action("report", ()) is False  # nothing given yet
        assert "^e" not in screen_text(app).splitlines()[-1]
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#history-search", Input).value = upgrade
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        record = app.screen
        assert isinstance(record, RecordScreen)
        assert "Incident report: missing" in screen_text(app)
        assert record.check_action("report", ()) is True
        await pilot.press("ctrl+e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, IncidentReportScreen)
        assert "Missing: What happened, Root cause" in shown(app, "#report-status")
        await pilot.press(*"Courtyard room given", "tab", *"Overbooked")
        assert form.check_action("print", ()) is False  # save first
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(app, "#report-status").startswith("Missing: What we did, Guest's")
        await pilot.press("tab", *"Suite upgrade")
        form.query_one("#box-guest_reaction", Select).value = "satisfied"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert shown(app, "#report-status").startswith("Complete · filled by agent1")
        assert form.check_action("print", ()) is True
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is record and "Incident report: complete" in screen_text(app)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)

    incident = incidents.get_incident(desk, upgrade)
    assert incident.report is not None and incident.report.by == "agent1"
    assert incident.report.values["root_cause"] == "Overbooked"
    assert not missing_report(desk.policy, incident)



async def test_the_shift_log_uses_a_wide_terminal(make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("f4")
        await settle(pilot)
        assert "Something broken in the room, high, open" in screen_text(app)
