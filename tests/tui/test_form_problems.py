"""Every form says all that is wrong with it at once, each problem under the label the
agent reads beside its box: the new incident, the approval and the follow-up call."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from kiosk.desk import incidents
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.followup import FollowUpScreen
from kiosk.tui.screens.incident import IncidentScreen
from tests.tui.flow import settle, shown
from tests.tui.test_incident_flow import ask_for_upgrade, noise_complaint


def toasts(app: KioskApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_every_problem_of_a_form_at_once(make_app: Callable[..., KioskApp],
                                               desk: Desk) -> None:
    resolved = noise_complaint(desk, "Lusine Vardanyan")
    for step in desk.policy.steps:
        incidents.record_step(desk, resolved.id, "agent1", step.id, "done")
    incidents.resolve_incident(desk, resolved.id, "agent1")
    noise_complaint(desk)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        # The approval: no PIN and no reason, both said together.
        await ask_for_upgrade(pilot)
        dialog = app.screen
        dialog.query_one("#approver-id", Input).value = "super1"
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = shown(app, "#approval-message")
        assert "PIN:" in message and "Reason:" in message, message
        await pilot.press("escape")
        await settle(pilot)

        form = IncidentScreen()
        await app.push_screen(form)
        await settle(pilot)
        for field, value in (("f-phone", "call me"), ("f-email", "ani@"),
                             ("f-departure", "2026-11-3x")):
            form.query_one(f"#{field}", Input).value = value
        app.clear_notifications()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        said = toasts(app)
        # Name and room empty, the phone, the e-mail, the departure, no account: all of
        # them, each under the label beside its box.
        for label in ("Guest:", "Room:", "Phone:", "E-mail:", "Departure:",
                      "The guest's account:"):
            assert label in said, (label, said)
        assert "guest." not in said  # the store's field names are not the desk's words
        form.query_one("#f-phone", Input).value = ""
        form.query_one("#f-email", Input).value = ""
        form.query_one("#f-departure", Input).value = "2026-11-30"
        await pilot.press("escape")
        await settle(pilot)

        # The follow-up call: no outcome chosen and a score out of range.
        await app.push_screen(FollowUpScreen(incidents.get_incident(desk, resolved.id)))
        await settle(pilot)
        app.clear_notifications()
        app.screen.query_one("#score", Input).value = "11"
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = toasts(app)
        assert "Outcome:" in said and "Score:" in said, said
