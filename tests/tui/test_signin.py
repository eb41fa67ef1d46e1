"""Sign-in: a good PIN opens the board; wrong PINs count towards the lockout, and the
screen says so; a store with no staff offers the first-run set-up."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual import events
from textual.widgets import Input, OptionList, Static

from kiosk.core.i18n import translations, use_language
from kiosk.core.models import Staff
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.messages import LanguageChosen
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.first_run import FirstRunScreen
from kiosk.tui.screens.signin import SignInScreen
from tests.tui.flow import settle, shown, sign_in


async def test_good_pin_picked_from_the_list_opens_the_board(
        make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        # Keyboard only: the list has focus, sorted by name; Baraka Mwangi comes first.
        await pilot.press("enter", *"2684", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen), shown(app, "#signin-message")
        assert app.staff is not None and app.staff.id == "agent2"
        assert "Baraka Mwangi" in str(app.screen.query_one(".header-who").render())


async def test_keys_typed_in_one_burst_land_in_their_own_fields(
        make_app: Callable[..., KioskApp]) -> None:
    """A badge reader or a fast typist sends "agent1<tab>1397" before the kiosk has
    drawn a frame: the PIN must still go to the PIN box, never the visible id box."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#staff-id", Input)
        burst = [*"agent1", "tab", *"1397"]
        for key in burst:  # queued together, as the terminal driver does
            app.post_message(events.Key(key, "\t" if key == "tab" else key))
        await settle(pilot)
        assert app.screen.query_one("#staff-id", Input).value == "agent1"
        assert app.screen.query_one("#pin", Input).value == "1397"


async def test_wrong_pins_lock_the_staff_member(make_app: Callable[..., KioskApp],
                                                desk: Desk) -> None:
    tries = desk.policy.property.pin_lockout.tries
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "9173")
        assert isinstance(app.screen, SignInScreen)
        assert "wrong staff id or pin" in shown(app, "#signin-message").lower()
        for _ in range(tries - 1):  # the form starts again after each refusal
            await sign_in(pilot, "agent1", "9173")
        assert "locked" in shown(app, "#signin-message").lower()
        # Even the right PIN is refused until the lockout ends.
        await sign_in(pilot, "agent1", "1397")
        assert isinstance(app.screen, SignInScreen)
        assert "locked" in shown(app, "#signin-message").lower()
        assert app.staff is None
    locked: Staff = next(m for m in staff.list_staff(desk) if m.id == "agent1")
    assert locked.locked_until is not None and locked.locked_until > desk.now()


async def test_empty_store_offers_first_run(empty_desk: Desk) -> None:
    app = KioskApp(empty_desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        assert "kiosk staff add" in str(app.screen.query_one(".hint").render())
        await pilot.press(*"Ani Sargsyan", "enter", *"4721", "enter", *"4721", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        created = staff.list_staff(empty_desk)
        assert [(m.name, m.role) for m in created] == [("Ani Sargsyan", "supervisor")]
        await sign_in(pilot, created[0].id, "4721")
        assert isinstance(app.screen, BoardScreen)
        assert app.is_supervisor


async def test_the_first_run_speaks_the_language_chosen_with_f2(empty_desk: Desk) -> None:
    """Whoever sets up the kiosk reads the first run in their language (F2, as at the
    sign-in), and the supervisor they create keeps it."""
    app = KioskApp(empty_desk, idle_seconds=0, policy_check_seconds=None)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, FirstRunScreen)
            await pilot.press(*"Անի Սարգսյան")
            await pilot.press("f2")  # en → hy
            await settle(pilot)
            hint = str(app.screen.query_one(".hint").render())
            assert translations("hy").gettext("No staff yet.") in hint, hint
            assert "kiosk staff add" in hint
            await pilot.click("#first-pin")
            await pilot.press(*"4721", "enter", *"4721", "enter")
            await settle(pilot)
            assert isinstance(app.screen, SignInScreen)
    finally:
        use_language("en")
    (created,) = staff.list_staff(empty_desk)
    assert created.name == "Անի Սարգսյան" and created.ui_lang == "hy"


@pytest.mark.parametrize("language", ["en", "hy", "sw"])
@pytest.mark.parametrize("more_staff", [0, 9])
async def test_sign_in_fits_at_80x24_without_scrolling(desk: Desk, language: str,
                                                       more_staff: int) -> None:
    """The whole sign-in in view on the smallest desk terminal, in every language and
    however long the staff list: the screen never scrolls (a scrollbar beside it, the
    clock pushed two columns in), the list of names scrolls inside its frame."""
    for n in range(more_staff):
        staff.add_staff(desk, f"Night Porter {n}", "agent", f"{7304 + 97 * n}")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.post_message(LanguageChosen(language))
        await settle(pilot)
        screen = app.screen
        assert str(screen.query_one(".hint", Static).render()) == translations(
            language).gettext("Choose your name (or type your staff id), then your PIN.")
        assert isinstance(screen, SignInScreen)
        assert screen.max_scroll_y == 0 and not screen.show_vertical_scrollbar
        box = screen.query_one("#signin-box")
        assert box.region.bottom <= 23, box.region  # above the footer, border and all
        assert screen.query_one("#signin-language").region.height == 1


async def test_staff_read_before_the_start_is_drawn_without_reading_again(
        desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kiosk reads the staff list with the store before the app starts: the sign-in
    is drawn from it with the first frame, not after a worker's read (nor two)."""
    members = staff.list_staff(desk)
    reads: list[int] = []
    read = desk.store.list_staff

    def counted() -> list[Staff]:
        reads.append(1)
        return read()

    monkeypatch.setattr(desk.store, "list_staff", counted)
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None, staff_list=members)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SignInScreen)  # at mount, before any worker
        await settle(pilot)
        names = app.screen.query_one("#staff-list", OptionList)
        assert [names.get_option_at_index(i).id for i in range(names.option_count)] == [
            m.id for m in members if m.active]
        assert reads == []
