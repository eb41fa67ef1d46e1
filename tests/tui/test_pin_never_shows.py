"""The PIN never shows: after a refused sign-in the form starts again, so the next
person's keys land where the hint says, and no message repeats a PIN."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.signin import SignInScreen
from tests.tui.flow import settle, shown


async def test_the_next_person_after_a_wrong_pin_signs_in_with_tab_id_tab_pin(
        make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab", *"agent1", "tab", *"9173", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert "9173" not in shown(app, "#signin-message")
        # The next person walks up and does what the hint says.
        id_box = app.screen.query_one("#staff-id", Input)
        await pilot.press("tab", *"agent2", "tab", *"2684")
        await settle(pilot)
        assert id_box.value == "agent2"
        assert "2684" not in id_box.value
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen), shown(app, "#signin-message")
        assert app.staff is not None and app.staff.id == "agent2"


async def test_a_pin_typed_into_the_id_box_is_never_repeated(
        make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # In a hurry: the PIN goes into the id box, then again into the PIN box.
        await pilot.press("tab", *"2684", "tab", *"2684", "enter")
        await settle(pilot)
        message = shown(app, "#signin-message")
        assert isinstance(app.screen, SignInScreen)
        assert message.strip() and "2684" not in message
        # And the form is empty again, ready at the name list.
        assert app.screen.query_one("#staff-id", Input).value == ""
        assert app.screen.query_one("#pin", Input).value == ""
        assert app.focused is app.screen.query_one("#staff-list")
