"""The supervisor area's staff admin: add, disable, unlock and set a new PIN, each
proved with the supervisor's own PIN and held to the same rules as `kiosk staff`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from kiosk.core.errors import AuthError
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.staff_admin import StaffDialog
from kiosk.tui.screens.supervisor import SupervisorScreen
from tests.tui.flow import settle, shown, sign_in


async def pick(pilot: Pilot[None], staff_id: str) -> None:
    table = pilot.app.screen.query_one("#staff-table", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(staff_id))
    await pilot.pause()


async def fill(pilot: Pilot[None], **values: str) -> None:
    for field, value in values.items():
        pilot.app.screen.query_one(f"#{field}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_staff_admin_in_the_supervisor_area(make_app: Callable[..., KioskApp],
                                                  desk: Desk) -> None:
    for _ in range(5):  # agent1 locks themself out
        with pytest.raises(AuthError):
            staff.sign_in(desk, "agent1", "9999")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, SupervisorScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, StaffDialog)
        # Every problem at once, each with its field's name.
        await fill(pilot, **{"new-pin": "2580", "new-pin-again": "2581"})
        message = shown(app, "#staff-message")
        assert "Name:" in message and "New PIN:" in message and "Your PIN:" in message
        # The CLI's PIN rules hold here too.
        await fill(pilot, **{"new-name": "Amani Otieno", "new-pin": "1234",
                             "new-pin-again": "1234", "my-pin": "3851"})
        assert "straight run" in shown(app, "#staff-message")
        await fill(pilot, **{"new-pin": "2580", "new-pin-again": "2580", "my-pin": "3851"})
        assert isinstance(app.screen, SupervisorScreen)
        added = next(m for m in staff.list_staff(desk) if m.name == "Amani Otieno")
        assert added.role == "agent" and added.active

        await pick(pilot, "agent2")
        await pilot.press("ctrl+d")
        await settle(pilot)
        await fill(pilot, **{"my-pin": "0000"})  # a wrong PIN changes nothing
        assert "Wrong staff id or PIN" in shown(app, "#staff-message")
        await fill(pilot, **{"my-pin": "3851"})
        assert not desk.store.get_staff("agent2").active

        await pick(pilot, "agent1")
        await pilot.press("ctrl+u")
        await settle(pilot)
        await fill(pilot, **{"my-pin": "3851"})
        assert desk.store.get_staff("agent1").locked_until is None

        await pilot.press("ctrl+k")
        await settle(pilot)
        await fill(pilot, **{"new-pin": "8642", "new-pin-again": "8642", "my-pin": "3851"})
        assert isinstance(app.screen, SupervisorScreen)

        # A supervisor may not manage someone above their own role.
        await pick(pilot, "gm1")
        await pilot.press("ctrl+d")
        await settle(pilot)
        await fill(pilot, **{"my-pin": "3851"})
        assert "above their own" in shown(app, "#staff-message")
        await pilot.press("escape")
        await settle(pilot)
    assert staff.sign_in(desk, "agent1", "8642").id == "agent1"
    assert desk.store.get_staff("gm1").active
    changes = [e for e in desk.store.audit_entries()
               if e["action"] in ("staff.disable", "staff.unlock", "staff.reset_pin")]
    assert {e["actor"] for e in changes} == {"super1"} and len(changes) == 3
