"""A practice run end to end on the real screens: started at sign-in, the scenario's
guest at intake and at each checklist step, compensation, a watermarked letter, the
debrief against hand-computed figures, the practice record (`kiosk training report`),
and the real store, the printer's output and the report untouched, file by file."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input, Markdown

from kiosk.cli import cli
from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.display import SCREEN_BLANK as BLANK
from kiosk.core.i18n import use_language
from kiosk.desk import practice
from kiosk.desk.context import Desk
from kiosk.desk.reports import run_report
from kiosk.reports.render import render_csv
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.compensation import CompensationScreen
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.screens.letter import LetterScreen
from kiosk.tui.screens.practice import DebriefScreen, PracticeBriefScreen
from kiosk.tui.screens.practice_record import PracticeRecordScreen
from tests.conftest import LETTERS, POLICIES, ROOT, publish
from tests.cups_fixture import CupsQueue
from tests.tui.flow import screen_text, settle, shown, sign_in

SAMPLES = ROOT / "tests" / "fixtures" / "training"


def files_of(folder: Path) -> dict[str, tuple[int, str, int]]:
    """Every file below ``folder``: size, SHA-256 and modification time."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size,
                                               hashlib.sha256(p.read_bytes()).hexdigest(),
                                               p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def practice_desk(tmp_path: Path, demo_template: Path, cups_queue: CupsQueue,
                  clock: FixedClock) -> Desk:
    """The demo store, its front-desk printer the test's CUPS queue, and the sample
    scenario in the policy folder."""
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    shutil.rmtree(policies / "training", ignore_errors=True)
    shutil.copytree(SAMPLES, policies / "training")
    prop = policies / "property.toml"
    text = re.sub(r'(?m)^printer = ".*"$', f'printer = "{cups_queue.name}"',
                  prop.read_text(encoding="utf-8"))
    prop.write_text(re.sub(r'(?m)^version = ".*"$', 'version = "practice-test"', text,
                           count=1), encoding="utf-8")
    publish(policies)
    shutil.copytree(demo_template, tmp_path / "store")
    settings = Settings(policies=policies, letters=LETTERS, store=tmp_path / "store",
                        terminal="test-desk")
    return Desk.open(settings, clock=clock)


def on_top(app: KioskApp) -> str:
    return screen_text(app).splitlines()[0]


@pytest.mark.cups
async def test_a_practice_run_leaves_the_real_desk_untouched(
        practice_desk: Desk, cups_queue: CupsQueue, clock: FixedClock) -> None:
    desk = practice_desk
    started, real_report = clock.now, render_csv(run_report(desk))
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        # F3 at sign-in: the PIN is checked as for ctrl+s, then the scenarios.
        await settle(pilot)
        await pilot.click("#staff-id")
        app.screen.query_one("#staff-id", Input).value = "agent1"
        await pilot.press("enter", *"1397", "f3")
        await settle(pilot)
        assert "A wedding party next door at 2 a.m." in screen_text(app)
        # Signed in for real (the sign-in is in the real audit trail); from here on
        # nothing may reach the real desk.
        real_store, printed = files_of(desk.settings.store), cups_queue.pdfs()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PracticeBriefScreen)
        assert app.desk is not desk and app.desk.store.root == practice.practice_folder(
            desk.settings.store)
        assert on_top(app).startswith(" PRACTICE ")
        assert "Ms Petrosyan comes down at 7 a.m." in screen_text(app)

        await pilot.press("ctrl+n")  # intake, filled from the scenario
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        assert app.screen.values()["name"] == "Անահիտ Պետրոսյան"  # as her letter writes it
        assert app.screen.values()["language"] == "hy"
        assert app.screen.values()["room"] == "512"
        assert on_top(app).startswith(" PRACTICE ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        assert "«I did not sleep at all." in shown(app, "#step-prompt")
        for minutes, note in ((1, "Let her tell it"), (2, "Meeting at ten"),
                              (1.5, "Sorry for the night")):
            clock.advance(minutes=minutes)
            await pilot.press(*note, "enter")
            await settle(pilot)
        assert "«What are you going to do about it?»" in shown(app, "#step-prompt")

        await pilot.press("ctrl+g")  # the real compensation screen, the real limits
        await settle(pilot)
        assert isinstance(app.screen, CompensationScreen)
        assert on_top(app).startswith(" PRACTICE ")
        await pilot.press("plus")  # the first suggestion for noise: the amenity
        await settle(pilot)
        assert "WITHIN YOUR LIMITS" in shown(app, "#decision")
        await pilot.press("ctrl+s")
        await settle(pilot)
        clock.advance(minutes=2)
        await pilot.press(*"Amenity sent up", "enter")
        await settle(pilot)
        await pilot.press("ctrl+o")  # notify: done without a note
        await settle(pilot)

        await pilot.press("ctrl+t")  # the letter: saved, marked, never printed
        await settle(pilot)
        assert isinstance(app.screen, LetterScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "NOT PRINTED" in shown(app, "#letter-status")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("ctrl+r")  # resolved: the run ends in its debrief
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, DebriefScreen)
        debrief = screen_text(app)
        assert on_top(app).startswith(" PRACTICE ")
        # Opened at 12:30; listen 12:31, empathize 12:33, apologize 12:34:30.
        # Each step's time from the start, and the apology's, in the staff's own units,
        # each one word on screen (its spaces drawn as blank cells that never wrap).
        assert re.search(r"12:31 +\+1m  ", debrief) and re.search(r"12:33 +\+3m  ", debrief)
        assert f"The apology came 4m{BLANK}30s after the incident was opened." in debrief
        assert isinstance(app.screen, DebriefScreen)
        use_language("sw")  # the same debrief as a Swahili-speaking agent reads it
        swahili = app.screen.text().plain
        use_language("en")
        assert f"       +dak{BLANK}1  " in swahili
        assert f"+dak{BLANK}4{BLANK}sek{BLANK}30  " in swahili
        assert f"Radhi iliombwa dak{BLANK}4{BLANK}sek{BLANK}30 baada ya" in swahili
        assert not re.search(r"\b\d\.\d\b", swahili), swahili  # no raw minutes (4.5)
        assert "It fit the failure, within your role's limits." in debrief
        assert "Letter: version 1 in" in debrief
        # and the letter itself, as the guest would read it, in her language
        letter = app.screen.query_one("#debrief-letter", Markdown).source
        assert "Պետրոսյան" in letter and "PRACTICE" not in letter
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.practice is None
        assert app.desk is desk
        assert "PRACTICE" not in on_top(app)
        after_run, printed_after = files_of(desk.settings.store), cups_queue.pdfs()

        # The supervisor area shows the run in the practice record.
        await pilot.press("ctrl+l")
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("right", "right", "right")  # the Practice tab
        await settle(pilot)
        await pilot.click("#open-practice")
        await settle(pilot)
        assert isinstance(app.screen, PracticeRecordScreen)
        record = screen_text(app)
        # the scenario's title shares the width left at 80 columns with the name
        assert "Lilit Harutyunyan" in record and "A wedding" in record, record
        assert "1 practice run" in record

    # Nothing reached the real store, the printer or the report.
    assert after_run == real_store
    assert printed_after == printed
    clock.now = started  # the report counts open incidents' clocks up to "now"
    assert render_csv(run_report(desk)) == real_report

    # The practice store keeps the run with its debrief, for the supervisors.
    folder = practice.practice_folder(desk.settings.store)
    result = CliRunner().invoke(cli, ["--store", str(desk.settings.store), "--policies",
                                      str(desk.settings.policies), "training", "report",
                                      "--agent", "agent1", "--format", "json"])
    assert result.exit_code == 0, result.output
    [run] = json.loads(result.stdout)
    assert run["agent_id"] == "agent1" and run["scenario"] == "noise_wedding_party"
    figures = run["debrief"]
    assert [s["minutes"] for s in figures["steps"]] == [1.0, 3.0, 4.5, 6.5, 6.5]
    assert figures["apology_minutes"] == 4.5
    assert figures["items"] == [{"item": "welcome_amenity", "qty": 1}]
    assert figures["fits"] is True and figures["within_role"] is True
    assert figures["letter_language"] == "hy"
    table = CliRunner().invoke(cli, ["--store", str(desk.settings.store), "--policies",
                                     str(desk.settings.policies), "training", "report"])
    assert table.exit_code == 0 and "A wedding party next door at 2 a.m." in table.stdout
    [letter] = (folder / "letters").rglob("*.pdf")
    words = subprocess.run(["pdftotext", str(letter), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "PRACTICE" in words and "Պետրոսյան" in words
