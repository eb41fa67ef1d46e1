"""The report screen, driven with Textual's Pilot over a real store holding the
hand-counted fixture."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, RadioSet, Static, TabbedContent
from textual_plotext import PlotextPlot

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.i18n import use_language
from kiosk.core.models import Staff
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.tui.screens.report import ReportScreen
from kiosk.tui.screens.report_export import ExportDialog
from tests.conftest import LETTERS, POLICIES
from tests.fixtures.report_store import NOW, STAFF_NAMES, fixture_incidents
from tests.tui.test_staff_language_flow import Reader


class ReportApp(App[None]):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def on_mount(self) -> None:
        self.push_screen(ReportScreen())


def make_desk(policy: Policy, tmp_path: Path) -> Desk:
    desk = Desk.open(Settings(POLICIES, LETTERS, tmp_path / "store", "desk-1"),
                     clock=FixedClock(NOW))
    for staff_id, name in STAFF_NAMES.items():
        desk.store.add_staff(Staff(staff_id, name, "agent", pin_hash="x"), actor="test")
    for incident in fixture_incidents(policy):
        desk.store.add_incident(incident, actor="test")
    return desk


def rows(screen: Any, table_id: str) -> list[list[str]]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_report_screen_shows_the_figures(policy: Policy, tmp_path: Path) -> None:
    app = ReportApp(make_desk(policy, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        title_widget = screen.query_one("#report-title", Static)
        assert title_widget.region.y == 0  # nothing scrolled out of sight at 80×24
        title = str(title_widget.render())
        assert "last 30 days (8 incidents)" in title
        categories = rows(screen, "report-categories")
        # the policy's labels in the staff's language, not the ids
        assert [r[0] for r in categories][:2] == ["Noise", "Housekeeping and cleanliness"]
        assert "Food and drink" in [r[0] for r in categories]
        assert categories[0][1] == "3" and "█" in categories[0][2]
        weekly = str(screen.query_one("#report-weekly", PlotextPlot).render())
        assert all(week in weekly for week in ("2 Nov", "9 Nov", "16 Nov"))  # its Mondays
        agents = rows(screen, "report-comp-agent")
        # An amount's spaces are drawn as blank cells that never wrap (core.display).
        assert agents[1] == ["Անի Սարգսյան (ag_ani)", "24,000\u2800AMD"]
        escalated = rows(screen, "report-escalation-table")
        assert [r[0] for r in escalated] == ["A-6", "A-8"]
        # How long each is overdue in the staff's CLDR units, as the board writes it, and
        # one word on screen.
        assert all(re.fullmatch(r"\d+[dhm](\u2800\d+[hm])?", r[5]) for r in escalated), escalated

        await pilot.press("p")  # last 90 days: the same eight
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "last 90 days (8 incidents)" in str(
            screen.query_one("#report-title", Static).render())

        measures = str(screen.query_one("#report-measure-text", Static).render())
        assert "First-contact resolution: 80.0% (4 of 5 resolved)" in measures  # A-1 reopened

        for expected in ("last 12 months (8", "all history (8", "today (2", "this shift (2"):
            await pilot.press("p")  # today: A-7 and A-8 (since 20:00 UTC, Yerevan's midnight)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert expected in str(screen.query_one("#report-title", Static).render())

        await pilot.press("x")  # export: CSV to the letters folder, as offered
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (saved,) = (app.desk.store.letters_dir / "reports").glob("report-shift-*.csv")
        assert saved.read_bytes().startswith(b"\xef\xbb\xbf")
        await pilot.press("x")  # then the PDF, to a file of the supervisor's choosing
        await pilot.pause()
        await pilot.press("down", "enter")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-format", RadioSet).pressed_index == 1
        assert dialog.query_one("#export-path", Input).value.endswith(".pdf")
        dialog.query_one("#export-path", Input).value = str(tmp_path / "for-the-gm.pdf")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (tmp_path / "for-the-gm.pdf").read_bytes().startswith(b"%PDF")

        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportScreen)


@pytest.mark.parametrize("language", ["hy", "sw"])
async def test_report_screen_speaks_the_staffs_language(policy: Policy, tmp_path: Path,
                                                        language: str) -> None:
    """Every tab of the report, and its footer, with none of the English the catalogue
    translates (the tab names, columns and sentences were once written in English)."""
    use_language(language)
    try:
        app = ReportApp(make_desk(policy, tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            reader = Reader(app, language)  # type: ignore[arg-type]
            tabs = app.screen.query_one("#report-tabs", TabbedContent)
            for pane in ("report-overview", "report-measures", "report-compensation",
                         "report-followup", "report-escalations"):
                tabs.active = pane
                await pilot.pause()
                reader.read(pane)
            # a location is the desk's own words ("Room 212"), and the caveat cites its
            # source by its author's name (de Matos): neither is the screen's English
            assert [e for e in reader.english if e[1] not in ("Room", "Matos")] == []
    finally:
        use_language(None)
