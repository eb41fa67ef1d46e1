"""What each screen looks like at 80×24, on the demo store with the clock stopped.

Regenerate after an intended change with ``pytest tests/tui --snapshot-update`` and look
at the pictures in ``__snapshots__`` before committing them."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from tests.conftest import LETTERS, POLICIES, ROOT
from tests.tui.flow import settle, sign_in

Snap = Callable[..., bool]
Steps = Callable[[Pilot[None]], Awaitable[None]]


def snap(snap_compare: Snap, app: KioskApp, steps: Steps | None = None) -> bool:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        if steps is not None:
            await steps(pilot)
        await settle(pilot)
        pilot.app.clear_notifications()  # toasts come and go; the screen is the subject
        await pilot.pause()

    return snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def as_agent(*keys: str, then: Steps | None = None) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await sign_in(pilot, "agent1", "1397")
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if then is not None:
            await then(pilot)

    return steps


async def open_whitfield(pilot: Pilot[None]) -> None:
    """The demo's open noise complaint, found by the board search."""
    await pilot.press("ctrl+f", *"Whit", "enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def upgrade_chosen(pilot: Pilot[None]) -> None:
    await open_whitfield(pilot)
    await pilot.press("ctrl+g")
    await settle(pilot)
    await pilot.press("down", "down", "plus")
    await settle(pilot)


def kiosk(desk: Desk, **options: Any) -> KioskApp:
    return KioskApp(desk, idle_seconds=0, policy_check_seconds=None, **options)


def test_sign_in(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk))


def test_first_run(snap_compare: Snap, empty_desk: Desk) -> None:
    assert snap(snap_compare, kiosk(empty_desk))


def test_board(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent())


def test_board_high_contrast(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk, high_contrast=True), as_agent())


def test_new_incident_with_a_repeat_guest(snap_compare: Snap, desk: Desk) -> None:
    async def fill(pilot: Pilot[None]) -> None:
        await pilot.press(*"James Whitfield")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+n", then=fill))


def test_checklist(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent(then=open_whitfield))


def test_compensation_needing_a_supervisor(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent(then=upgrade_chosen))


def test_approval_dialog(snap_compare: Snap, desk: Desk) -> None:
    async def ask(pilot: Pilot[None]) -> None:
        await upgrade_chosen(pilot)
        await pilot.click("#remark")
        await pilot.press(*"801", "enter", "ctrl+s")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent(then=ask))


def test_letter_in_armenian(snap_compare: Snap, desk: Desk) -> None:
    async def letter(pilot: Pilot[None]) -> None:
        await open_whitfield(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("ctrl+g")  # en → hy
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent(then=letter))


def test_follow_up(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+o", "enter"))


def test_follow_up_calls(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+o"))


def test_work_orders(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("f3"))


def test_shift_log(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("f4"))


def test_incident_report_form(snap_compare: Snap, desk: Desk) -> None:
    async def report(pilot: Pilot[None]) -> None:
        await pilot.press(*"Հակոբ", "enter", "enter", "ctrl+e")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+y", then=report))


def test_supervisor_area(snap_compare: Snap, desk: Desk,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    # The policy folder is shown relative to where the kiosk runs: the repository.
    monkeypatch.chdir(ROOT)

    async def supervisor(pilot: Pilot[None]) -> None:
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("right")  # the Policy tab
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), supervisor)


@pytest.mark.parametrize("language", ["en", "hy", "sw"])
def test_report_screen(snap_compare: Snap, desk: Desk, language: str) -> None:
    staff.set_ui_lang(desk, "super1", language, "super1")

    async def reports(pilot: Pilot[None]) -> None:
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("right", "right")  # the Reports tab
        await settle(pilot)
        await pilot.click("#open-reports")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), reports)


def test_incident_history(snap_compare: Snap, desk: Desk) -> None:
    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+y"))


def test_incident_record(snap_compare: Snap, desk: Desk) -> None:
    async def record(pilot: Pilot[None]) -> None:
        await pilot.press(*"O'Ne", "enter", "enter")
        await settle(pilot)

    assert snap(snap_compare, kiosk(desk), as_agent("ctrl+y", then=record))


# The same screens in the staff's other languages, for an agent whose ui_lang is set:
# Armenian and Swahili words are longer, and nothing that matters may be cut at 80×24.
@pytest.mark.parametrize("language", ["hy", "sw"])
def test_sign_in_in_the_staffs_language(snap_compare: Snap, desk: Desk,
                                        language: str) -> None:
    async def switch(pilot: Pilot[None]) -> None:
        await pilot.press(*["f2"] * (1 if language == "hy" else 2))

    assert snap(snap_compare, kiosk(desk), switch)


@pytest.mark.parametrize("language", ["hy", "sw"])
def test_board_in_the_staffs_language(snap_compare: Snap, desk: Desk, language: str) -> None:
    staff.set_ui_lang(desk, "agent1", language, "super1")
    assert snap(snap_compare, kiosk(desk), as_agent())


@pytest.mark.parametrize("language", ["hy", "sw"])
def test_compensation_in_the_staffs_language(snap_compare: Snap, desk: Desk,
                                             language: str) -> None:
    staff.set_ui_lang(desk, "agent1", language, "super1")
    assert snap(snap_compare, kiosk(desk), as_agent(then=upgrade_chosen))


@pytest.fixture
def practice_desk(tmp_path: Path, demo_template: Path, clock: FixedClock) -> Desk:
    """The demo store, with the sample practice scenario beside the shipped policy."""
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    shutil.rmtree(policies / "training", ignore_errors=True)
    shutil.copytree(ROOT / "tests" / "fixtures" / "training", policies / "training")
    shutil.copytree(demo_template, tmp_path / "store")
    return Desk.open(Settings(policies=policies, letters=LETTERS, store=tmp_path / "store",
                              terminal="test-desk"), clock=clock)


async def practising(pilot: Pilot[None]) -> None:
    """From the board (F6), the sample scenario: its scene, under the PRACTICE banner."""
    await pilot.press("f6")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def debriefed(pilot: Pilot[None]) -> None:
    """The real intake, three steps, the amenity, then the debrief."""
    await practising(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    for note in ("Heard her out", "Meeting at ten", "Sorry for the night"):
        await pilot.press(*note, "enter")
        await settle(pilot)
    await pilot.press("ctrl+g")
    await settle(pilot)
    await pilot.press("plus", "ctrl+s")
    await settle(pilot)
    await pilot.press("escape", "ctrl+e")
    await settle(pilot)


def test_practice_scene(snap_compare: Snap, practice_desk: Desk) -> None:
    assert snap(snap_compare, kiosk(practice_desk), as_agent(then=practising))


@pytest.mark.parametrize("language", ["en", "hy"])
def test_practice_debrief(snap_compare: Snap, practice_desk: Desk, language: str) -> None:
    staff.set_ui_lang(practice_desk, "agent1", language if language != "en" else "",
                      "super1")
    assert snap(snap_compare, kiosk(practice_desk), as_agent(then=debriefed))
