"""The footer is built again only when the keys it shows change: a move of focus that
leaves them as they are costs no rebuild, while a key that starts or stops working, or
new words, show at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.pilot import Pilot
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from kiosk.tui.app import KioskApp
from kiosk.tui.screens.signin import SignInScreen
from kiosk.tui.widgets.footer import KioskFooter
from tests.tui.flow import settle


def drawn(app: App[object]) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def rebuilt(pilot: Pilot[None]) -> None:
    """Two turns: the footer asks for its rebuild after the next refresh."""
    await pilot.pause()
    await pilot.pause()


def words(keys: list[FooterKey]) -> list[tuple[str, str, bool]]:
    return [(key.key, key.description, key.has_class("-disabled")) for key in keys]


async def test_moving_through_the_sign_in_boxes_does_not_rebuild_the_footer(
        make_app: Callable[..., KioskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        before = drawn(app)
        assert before and any(key.description for key in before)
        for _ in range(3):  # the name list, the staff id, the PIN, back to the list
            await pilot.press("tab")
            await settle(pilot)
        assert app.focused is not None and app.focused.id == "staff-list"
        after = drawn(app)
        assert words(after) == words(before)
        assert all(a is b for a, b in zip(after, before, strict=True)), \
            "the footer was rebuilt though its keys stayed the same"


class Worded(Screen[None]):
    """Its keys' words read through ``fire_word``, as the kiosk's screens read theirs in
    the current language."""

    fire_word = "Fire"

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")
        yield KioskFooter()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return {key: active._replace(binding=dataclasses.replace(
                    active.binding, description=self.fire_word))
                if active.binding.action == "fire" else active
                for key, active in super().active_bindings.items()}


class Armed(App[None]):
    """Two boxes, and keys whose state follows ``armed``: fire works only when armed
    (shown dimmed before), disarm is shown only when armed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "fire", "Fire"), Binding("f6", "disarm", "Disarm"),
        Binding("f7", "hidden", "Hidden", show=False)]
    ENABLE_COMMAND_PALETTE = False
    armed: reactive[bool] = reactive(False, bindings=True)

    def on_mount(self) -> None:
        self.push_screen(Worded())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "fire":
            return True if self.armed else None
        if action == "disarm":
            return self.armed
        return True

    def action_fire(self) -> None:
        self.armed = False

    def action_disarm(self) -> None:
        self.armed = False


async def test_a_key_that_starts_or_stops_working_shows_at_once() -> None:
    app = Armed()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert words(drawn(app)) == [("f5", "Fire", True)]
        app.armed = True
        await rebuilt(pilot)
        assert words(drawn(app)) == [("f5", "Fire", False), ("f6", "Disarm", False)]
        await pilot.press("f6")
        await rebuilt(pilot)
        assert words(drawn(app)) == [("f5", "Fire", True)]


async def test_new_words_for_a_key_show_at_once() -> None:
    app = Armed()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        kept = drawn(app)
        assert words(kept) == [("f5", "Fire", True)]
        app.screen.query_one("#second").focus()
        await pilot.pause()
        assert all(a is b for a, b in zip(drawn(app), kept, strict=True))
        # A screen's keys given new words (as when the kiosk changes language).
        screen = app.screen
        assert isinstance(screen, Worded)
        screen.fire_word = "Feuer"
        screen.refresh_bindings()
        await rebuilt(pilot)
        assert words(drawn(app)) == [("f5", "Feuer", True)]


async def test_the_keys_are_drawn_with_the_screen_not_a_turn_later() -> None:
    app = Armed()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        screen = Worded()
        await app.push_screen(screen)  # mounted and composed, nothing after
        assert words(list(screen.query(FooterKey))) == [("f5", "Fire", True)]
