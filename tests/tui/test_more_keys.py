"""At 80 columns the footer has no room for every key: f1 opens the keys panel (Textual's
own, in the staff's words), which lists every key that works on the screen, built from
the screen's active bindings, so a new key appears there by itself."""

from __future__ import annotations

from collections.abc import Callable
from gettext import GNUTranslations

import pytest
from rich.table import Table
from textual.binding import ActiveBinding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import HelpPanel
from textual.widgets._footer import FooterKey
from textual.widgets._key_panel import BindingsTable

from kiosk.core.i18n import lookup, translations
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui import bindings
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.incident import IncidentScreen
from tests.tui.flow import settle, sign_in


def working_keys(screen: Screen[object]) -> dict[str, ActiveBinding]:
    """The screen's and the app's keys that do something now (check_action allows
    them), by key; Textual's widget-level editing keys aside."""
    return {key: active for key, active in screen.active_bindings.items()
            if active.enabled and not active.binding.system
            and (active.binding.id or "").startswith("kiosk.")}


def in_footer(screen: Screen[object]) -> tuple[set[str], FooterKey]:
    """The keys the footer shows whole, and the one it keeps on its right."""
    keys = list(screen.query(FooterKey))
    docked = next(k for k in keys if k.has_class("-command-palette"))
    edge = min(docked.region.x, screen.size.width)
    whole = {k.key for k in keys if k is not docked and k.region.width
             and k.region.right <= edge}
    return whole, docked


def panel_rows(screen: Screen[object]) -> dict[str, str]:
    """The keys panel as a person reads it: key shown -> its words."""
    table = screen.query_one(BindingsTable).render_bindings_table()
    assert isinstance(table, Table)
    keys, words = (list(column.cells) for column in table.columns[:2])
    return {str(k): str(w) for k, w in zip(keys, words, strict=True)}


async def check_every_key_is_reachable(app: KioskApp, pilot: object) -> None:
    screen = app.screen
    footer, docked = in_footer(screen)
    assert docked.key == bindings.KEYS_PANEL and lookup("Keys") in docked.description
    assert docked.region.right <= screen.size.width  # in view, whatever the language
    working = working_keys(screen)
    await pilot.press(bindings.KEYS_PANEL)  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert screen.query(HelpPanel)
    rows = panel_rows(screen)
    for key, active in working.items():
        shown = app.get_key_display(active.binding)
        listed = rows.get(shown, "")
        assert key in footer or active.binding.description in listed, (
            key, active.binding.description, sorted(footer), rows)
        if key not in footer:
            assert listed.startswith(active.binding.description)
    await pilot.press("escape")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert app.screen is screen and not screen.query(HelpPanel)


@pytest.mark.parametrize("language", ["en", "hy", "sw"])
async def test_every_working_key_is_in_the_footer_or_the_keys_panel(
        make_app: Callable[..., KioskApp], desk: Desk, language: str) -> None:
    staff.set_ui_lang(desk, "agent1", language, "super1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await check_every_key_is_reachable(app, pilot)  # sign-in
        await sign_in(pilot, "agent1", "1397")
        assert isinstance(app.screen, BoardScreen)
        # The keys the board's footer had no room for are among them.
        assert {"ctrl+y", "f3", "f4", "f6"} <= set(working_keys(app.screen))
        await check_every_key_is_reachable(app, pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        await check_every_key_is_reachable(app, pilot)
        # The panel's esc closed the panel only; the next leaves the form.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


def staff_words(language: str) -> set[str]:
    """Every message of ``language``'s catalogue, as the staff read it."""
    catalogue = translations(language)
    assert isinstance(catalogue, GNUTranslations)
    words = {value for value in catalogue._catalog.values() if isinstance(value, str)}
    return words - {""}


def said_once(row: str, words: set[str]) -> bool:
    """A panel row is a key's words in the staff's language, maybe followed by a longer
    explanation, never the same words twice."""
    if row in words or not any(ch.isalpha() for ch in row):  # "+1"
        return True
    return any(row.startswith(w + " ") and row[len(w) + 1:] in words - {w} for w in words)


async def panel_in_staff_words(pilot: Pilot[None], language: str, where: str) -> None:
    app = pilot.app
    await pilot.press(bindings.KEYS_PANEL)
    await settle(pilot)
    words = staff_words(language)
    rows = panel_rows(app.screen)
    wrong = {key: row for key, row in rows.items() if not said_once(row, words)}
    assert not wrong, f"{where} ({language}): {wrong}"
    footer = {key.description for key in app.screen.query(FooterKey)}
    assert footer <= words | {"+1", "-1"}, f"{where} ({language}): {footer - words}"
    await pilot.press("escape")
    await settle(pilot)


@pytest.mark.parametrize("language", ["hy", "sw"])
async def test_the_keys_panel_speaks_the_staffs_language_once(
        make_app: Callable[..., KioskApp], desk: Desk, language: str) -> None:
    """Textual's own keys too (a table's, a text box's, the tabs', a list's): each in the
    staff's words, and a key's words never repeated as its explanation."""
    for member in ("agent1", "super1"):
        staff.set_ui_lang(desk, member, language, "super1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await panel_in_staff_words(pilot, language, "board")
        await pilot.press("ctrl+n")
        await settle(pilot)
        await panel_in_staff_words(pilot, language, "intake, name box")
        for box in ("#f-honorific", "#f-account"):
            app.screen.query_one(box).focus()
            await settle(pilot)
            await panel_in_staff_words(pilot, language, f"intake, {box}")
        await pilot.press("escape", "ctrl+o", "enter")
        await settle(pilot)
        await panel_in_staff_words(pilot, language, "follow-up call")
        await pilot.press("ctrl+l")
        await settle(pilot)
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await panel_in_staff_words(pilot, language, "supervisor area")
        await pilot.press("right", "right")
        await settle(pilot)
        await pilot.click("#open-reports")
        await settle(pilot)
        await panel_in_staff_words(pilot, language, "reports")
