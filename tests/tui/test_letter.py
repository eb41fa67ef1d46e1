"""The letter: preview in the guest's language, switch to Armenian, save, print to a real
CUPS queue; a refused print keeps the saved letter and a retry prints it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Markdown

from kiosk.config import Settings
from kiosk.desk import records
from kiosk.desk.board import board
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.letter import LetterScreen
from tests.conftest import LETTERS, POLICIES, publish
from tests.cups_fixture import CupsQueue
from tests.tui.conftest import NOW
from tests.tui.flow import settle, shown, sign_in


@pytest.fixture
def printing_desk(tmp_path: Path, demo_template: Path, cups_queue: CupsQueue) -> Desk:
    """The demo store with a policy copy whose front-desk printer is the test queue."""
    from kiosk.core.clock import FixedClock

    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    prop = policies / "property.toml"
    text = re.sub(r'(?m)^printer = ".*"$', f'printer = "{cups_queue.name}"',
                  prop.read_text(encoding="utf-8"))
    prop.write_text(re.sub(r'(?m)^version = ".*"$', 'version = "printer-test"', text, count=1),
                    encoding="utf-8")
    publish(policies)
    shutil.copytree(demo_template, tmp_path / "store")
    settings = Settings(policies=policies, letters=LETTERS, store=tmp_path / "store",
                        terminal="test-desk")
    return Desk.open(settings, clock=FixedClock(NOW))


async def open_letter(pilot: Pilot[None], app: KioskApp) -> None:
    """Sign in, find James Whitfield's incident and open its letter."""
    await sign_in(pilot, "agent1", "1397")
    await pilot.press("ctrl+f", *"Whit", "enter")
    await settle(pilot)
    await pilot.press("enter", "ctrl+t")
    await settle(pilot)
    assert isinstance(app.screen, LetterScreen)


def preview(app: KioskApp) -> str:
    return app.screen.query_one("#letter-preview", Markdown).source


@pytest.mark.cups
async def test_armenian_letter_saved_printed_and_retried(printing_desk: Desk,
                                                         cups_queue: CupsQueue) -> None:
    desk = printing_desk
    row = next(r for r in board(desk).open if r.guest == "James Whitfield")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_letter(pilot, app)
        assert "Whitfield" in preview(app) and "Letter in English" in shown(app, "#letter-status")
        await pilot.press("ctrl+g")  # the next language: Armenian
        await settle(pilot)
        assert "Letter in Armenian (հայերեն)" in shown(app, "#letter-status")
        assert "Հարգելի" in preview(app)  # "Dear", in Armenian

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "saved as version 1" in shown(app, "#letter-status")
        before = cups_queue.pdfs()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "printed on" in shown(app, "#letter-status")
        assert cups_queue.wait_for_pdf(before).read_bytes().startswith(b"%PDF")

        # The printer refuses jobs: the saved letter stays, the print waits for a retry.
        cups_queue.reject()
        try:
            await pilot.press("ctrl+o")
            await settle(pilot)
            assert "NOT PRINTED" in shown(app, "#letter-status")
        finally:
            cups_queue.reset()
        before = cups_queue.pdfs()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "printed on" in shown(app, "#letter-status")
        cups_queue.wait_for_pdf(before)

    letters = records.get_incident(desk, row.incident_id).letters
    assert [(r.version, r.language) for r in letters] == [(1, "hy")]
    assert letters[0].prints[0].status == "printed"
    assert letters[0].prints[-1].status == "printed"


async def test_wording_at_the_letter_step_is_previewed_and_saved_with_the_version(
        desk: Desk) -> None:
    row = next(r for r in board(desk).open if r.guest == "James Whitfield")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_letter(pilot, app)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press(*"Mr Whitfield", "tab", *"We look forward to seeing you at dinner.",
                          "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LetterScreen)
        text = preview(app)
        assert text.startswith("Dear Mr Whitfield,")
        assert "We look forward to seeing you at dinner." in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "saved as version 1" in shown(app, "#letter-status")
    saved = records.get_incident(desk, row.incident_id).letters[0]
    assert saved.wording is not None and saved.wording.address_as == "Mr Whitfield"
    assert saved.wording.personal == "We look forward to seeing you at dinner."
