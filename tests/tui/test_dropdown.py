"""A dropdown builds its list when it is first reached, not with its form, and works
the same either way: opened by keys or a click, a value set before the list exists
shows and is announced."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Input, Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from kiosk.tui.widgets.dropdown import Dropdown

FRUIT = [("Apricot", "apricot"), ("Fig", "fig"), ("Pomegranate", "pomegranate")]


class Form(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changes: list[tuple[str, object]] = []

    def compose(self) -> ComposeResult:
        yield Input(id="name")
        for n in range(3):
            yield Dropdown(FRUIT, value="apricot", allow_blank=False, id=f"d{n}")

    @on(Select.Changed)
    def changed(self, event: Select.Changed) -> None:
        self.changes.append((event.select.id or "", event.value))


def lists(app: App[None]) -> list[str]:
    return [overlay.parent.id or "" for overlay in app.screen.query(SelectOverlay)
            if overlay.parent is not None]


def shown(app: App[None], dropdown: str) -> str:
    current = app.screen.query_one(f"#{dropdown}").query_one(SelectCurrent)
    return str(current.query_one("#label").render())


async def test_a_list_is_built_only_when_its_dropdown_is_reached() -> None:
    app = Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert lists(app) == []
        assert shown(app, "d0") == "Apricot"
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "d0"
        assert lists(app) == ["d0"]


async def test_keys_right_behind_the_tab_open_the_list_and_choose() -> None:
    app = Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab", "enter", "down", "down", "enter")
        await pilot.pause()
        dropdown = app.screen.query_one("#d1", Dropdown)
        assert dropdown.value == "pomegranate" and not dropdown.expanded
        assert shown(app, "d1") == "Pomegranate"
        assert app.focused is dropdown


async def test_a_click_opens_a_list_never_built() -> None:
    app = Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.click("#d2")
        await pilot.pause()
        dropdown = app.screen.query_one("#d2", Dropdown)
        assert dropdown.expanded and lists(app) == ["d2"]
        overlay = dropdown.query_one(SelectOverlay)
        assert overlay.option_count == len(FRUIT) and overlay.highlighted == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert dropdown.value == "fig" and not dropdown.expanded


async def test_a_value_set_before_the_list_exists_shows_and_is_announced() -> None:
    app = Form()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.changes.clear()
        app.screen.query_one("#d2", Dropdown).value = "fig"
        await pilot.pause()
        assert shown(app, "d2") == "Fig" and ("d2", "fig") in app.changes
        assert lists(app) == []
        await pilot.click("#d2")
        await pilot.pause()
        assert app.screen.query_one("#d2").query_one(SelectOverlay).highlighted == 1
