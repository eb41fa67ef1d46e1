"""Locking while a save, a compensation or a print is still on its way to the store: the
work finishes there, but nothing of it comes back over the sign-in screen for the next
person. Each use case is held on an event so the lock lands mid-flight."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from kiosk.core.errors import StoreError
from kiosk.desk import drafts, incidents, letters, records
from kiosk.desk.board import board
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.signin import SignInScreen
from tests.tui.flow import settle, sign_in


class Hold:
    """Wraps a use case so it starts, then waits until ``release``."""

    def __init__(self, real: Callable[..., Any], fail: bool = False) -> None:
        self.real = real
        self.fail = fail
        self.started = threading.Event()
        self.go = threading.Event()
        self.finished = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.started.set()
        self.go.wait(10)
        try:
            if self.fail:
                raise StoreError("the store is busy")
            return self.real(*args, **kwargs)
        finally:
            self.finished.set()


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Hold]]:
    made: list[Hold] = []

    def install(module: Any, name: str, fail: bool = False) -> Hold:
        held = Hold(getattr(module, name), fail=fail)
        monkeypatch.setattr(module, name, held)
        made.append(held)
        return held

    yield install
    for held in made:  # never leave a worker thread waiting
        held.go.set()


async def new_incident_for(app: KioskApp, pilot: Pilot[None], name: str) -> None:
    await sign_in(pilot, "agent1", "1397")
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press(*name)
    app.screen.query_one("#f-room", Input).value = "214"
    # A whole form: one with a problem is answered at once, never sent to the store.
    app.screen.query_one("#f-account", TextArea).text = "The safe will not open"


async def lock_mid_flight(pilot: Pilot[None], held: Hold) -> None:
    """Wait until the held job has started, lock, then let it finish."""
    for _ in range(100):
        if held.started.is_set():
            break
        await pilot.pause(0.05)
    assert held.started.is_set(), "the job never started"
    await pilot.press("ctrl+l")
    await pilot.pause()
    held.go.set()
    for _ in range(100):
        if held.finished.is_set():
            break
        await pilot.pause(0.05)
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)


def nothing_of_the_last_person(app: KioskApp, *words: str) -> None:
    assert isinstance(app.screen, SignInScreen), type(app.screen).__name__
    assert len(app.screen_stack) == 2  # Textual's default screen, then sign-in
    assert app.staff is None
    drawn = " ".join(str(w.render()) for w in app.screen.query("Static"))
    toasts = " ".join(str(n.message) + " " + n.title for n in app._notifications)
    for word in words:
        assert word not in drawn, drawn
        assert word not in toasts, toasts


async def test_lock_while_a_new_incident_is_saved(
        make_app: Callable[..., KioskApp], desk: Desk, hold: Callable[..., Hold]) -> None:
    held = hold(incidents, "open_incident")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await new_incident_for(app, pilot, "Zara Lockwood")
        app.screen.query_one("#f-account", TextArea).load_text("The lift is out of order.")
        await pilot.press("ctrl+s")
        await lock_mid_flight(pilot, held)
        nothing_of_the_last_person(app, "Zara Lockwood", "opened", "Checklist")
    # The save itself went through.
    assert any(row.guest == "Zara Lockwood" for row in board(desk, "Zara").open)


async def test_a_save_that_fails_after_the_lock_keeps_the_form_as_a_draft(
        make_app: Callable[..., KioskApp], desk: Desk, hold: Callable[..., Hold]) -> None:
    held = hold(incidents, "open_incident", fail=True)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await new_incident_for(app, pilot, "Zara Lockwood")
        await pilot.press("ctrl+s")
        await lock_mid_flight(pilot, held)
        nothing_of_the_last_person(app, "Zara Lockwood", "store is busy")
    kept = drafts.drafts_for(desk, "agent1")
    assert [d.data["fields"]["name"] for d in kept] == ["Zara Lockwood"]


async def at_whitfield(app: KioskApp, pilot: Pilot[None], *keys: str) -> None:
    """Signed in as an agent, on the demo's noise complaint, then ``keys`` in turn."""
    await sign_in(pilot, "agent1", "1397")
    for key in ("ctrl+f", *"Whit", "enter", "enter", *keys):
        await pilot.press(key)
        if len(key) > 1:
            await settle(pilot)


async def test_lock_while_compensation_is_given(
        make_app: Callable[..., KioskApp], desk: Desk, hold: Callable[..., Hold]) -> None:
    held = hold(incidents, "give_compensation")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        # The first suggestion (plus) is within an agent's limits.
        await at_whitfield(app, pilot, "ctrl+g", "plus", "ctrl+s")
        await lock_mid_flight(pilot, held)
        nothing_of_the_last_person(app, "Whitfield", "Given", "Compensation")
    row = next(r for r in board(desk, "Whit").open)
    assert records.get_incident(desk, row.incident_id).compensation


async def test_lock_while_a_letter_prints(
        make_app: Callable[..., KioskApp], desk: Desk, hold: Callable[..., Hold]) -> None:
    held = hold(letters, "print_letter")
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await at_whitfield(app, pilot, "ctrl+t", "ctrl+o")
        await lock_mid_flight(pilot, held)
        nothing_of_the_last_person(app, "Whitfield", "print", "Letter", "version")
    row = next(r for r in board(desk, "Whit").open)
    assert records.get_incident(desk, row.incident_id).letters  # saved in the store
