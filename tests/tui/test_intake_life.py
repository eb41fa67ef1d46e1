"""Intake at the desk in the incident's wider life: a guest taken from the in-house
list, their history found by loyalty number or contact, and an earlier incident that is
still open offered to continue instead of a second one opened beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.core.models import Status
from kiosk.desk import guest_list, incidents
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.incident import IncidentScreen
from tests.tui.flow import settle, shown, sign_in


async def new_incident(pilot: Pilot[None]) -> IncidentScreen:
    """Signed in as agent1, the new-incident form from the board."""
    await sign_in(pilot, "agent1", "1397")
    await pilot.press("ctrl+n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, IncidentScreen)
    return form


def _open_for(desk: Desk, name: str, room: str) -> list[str]:
    return [i.id for i in desk.store.open_incidents()
            if i.guest.name == name and i.guest.room == room]


async def test_an_open_incident_is_continued_not_opened_twice(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    (whitfield,) = _open_for(desk, "James Whitfield", "305")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_incident(pilot)
        form.query_one("#f-name", Input).value = "James Whitfield"
        form.query_one("#f-room", Input).value = "305"
        await pilot.click("#f-account")
        await pilot.press(*"Still drilling")
        await settle(pilot)
        assert "still open" in shown(app, "#history-text")
        # Saving would open a second incident beside the open one: it asks first.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert _open_for(desk, "James Whitfield", "305") == [whitfield]
        await pilot.press("ctrl+r")  # continue the open one
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        assert app.screen.incident_id == whitfield
    assert _open_for(desk, "James Whitfield", "305") == [whitfield]
    # What was typed is not lost: it is the open incident's note.
    notes = incidents.get_incident(desk, whitfield).notes
    assert [(n.kind, n.staff_id, n.text) for n in notes] == [
        ("note", "agent1", "Still drilling")]
    assert sum(i.status == Status.OPEN for i in desk.store.open_incidents()) == 3


def _in_house(desk: Desk) -> None:
    today = guest_list.hotel_today(desk)
    stay = {"arrival": today.isoformat(),
            "departure": (today + timedelta(days=2)).isoformat()}
    rows = [
        # Aram Hakobyan of the demo's room 701, spelt another way by the PMS: his
        # loyalty number finds his history.
        {"name": "Aram Hakobian", "address_as": "Mr Hakobian", "language": "hy",
         "room": "702", "phone": "+374 10 000 702", "loyalty_id": "AG-20931",
         "loyalty_tier": "Gold", "vip": True, **stay},
        {"name": "Lena Ohanyan", "language": "en", "room": "603",
         "email": "lena@example.com", **stay},
    ]
    result = guest_list.parse_json(desk.policy, rows, today)
    assert not result.refused
    guest_list.replace_list(desk, result, "super1", "test")


async def test_intake_fills_the_guest_from_the_in_house_list(
        make_app: Callable[..., KioskApp], desk: Desk) -> None:
    _in_house(desk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await new_incident(pilot)
        # A name prefix offers the guest; so does the room.
        await pilot.press(*"Oha")
        await settle(pilot)
        assert [g.room for g in form.offers] == ["603"]
        form.query_one("#f-name", Input).value = ""
        await pilot.click("#f-room")
        await pilot.press(*"702")
        await settle(pilot)
        assert [g.name for g in form.offers] == ["Aram Hakobian"]
        assert form.offered
        await pilot.press("ctrl+g")
        await settle(pilot)
        values = form.values()
        assert (values["name"], values["address_as"], values["language"], values["room"],
                values["phone"], values["prefers"], values["loyalty_id"]) == (
            "Aram Hakobian", "Mr Hakobian", "hy", "702", "+374 10 000 702", "phone",
            "AG-20931")
        assert not form.offered  # the guest taken is not offered again
        # Found by the loyalty number under another spelling, resolved, not open.
        history_text = shown(app, "#history-text")
        assert "room 701" in history_text and "resolved" in history_text
        assert "still open" not in history_text and not form.open_earlier
        form.query_one("#f-email", Input).value = "aram@example"
        await pilot.click("#f-account")
        await pilot.press(*"Lift out of order")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # the bad e-mail is named, nothing is lost
        assert form.values()["account"] == "Lift out of order"
        form.query_one("#f-email", Input).value = "aram@example.am"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        saved = incidents.get_incident(desk, app.screen.incident_id)
    guest = saved.guest
    assert (guest.phone, guest.email, guest.prefers, guest.contact, guest.loyalty_id) == (
        "+374 10 000 702", "aram@example.am", "phone", "+374 10 000 702", "AG-20931")
