"""The supervisor area: staff list, policy status with a refused edit shown and a valid
edit taking effect; and guest text shown literally wherever it appears."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.errors import PolicyError
from kiosk.core.models import Guest, Honorific
from kiosk.desk import incidents
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.supervisor import SupervisorScreen
from tests.conftest import LETTERS, POLICIES, publish
from tests.tui.conftest import NOW
from tests.tui.flow import settle, shown, sign_in


async def test_policy_status_shows_a_refused_edit_then_a_valid_one(
        tmp_path: Path, demo_template: Path) -> None:
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    shutil.copytree(demo_template, tmp_path / "store")
    desk = Desk.open(Settings(policies=policies, letters=LETTERS, store=tmp_path / "store",
                              terminal="test-desk"), clock=FixedClock(NOW))
    prop = policies / "property.toml"
    original = prop.read_text(encoding="utf-8")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, SupervisorScreen)
        assert app.screen.query_one("#staff-table", DataTable).row_count == 5
        await pilot.press("right")
        assert "version 2026.11" in shown(app, "#policy-status")

        prop.write_text(original.replace("idle_lock_seconds = 120", "idle_lock_seconds = 5"),
                        encoding="utf-8")
        await pilot.press("ctrl+r")
        await settle(pilot)
        status = shown(app, "#policy-status")
        assert "Pending edit, NOT in force" in status and "property.toml" in status
        assert "kiosk policy publish" in status
        assert desk.policy.property.idle_lock_seconds == 120  # the last good one stays
        with pytest.raises(PolicyError, match="idle_lock_seconds"):
            publish(policies)  # a broken edit cannot be published

        prop.write_text(original.replace('version = "2026.11"', 'version = "2026.12"'),
                        encoding="utf-8")
        publish(policies)
        await pilot.press("ctrl+r")
        await settle(pilot)
        status = shown(app, "#policy-status")
        assert "version 2026.12" in status and "REFUSED" not in status

        # The reports screen, where installed, opens from its own tab.
        await pilot.press("right")
        await pilot.click("#open-reports")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReportScreen"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SupervisorScreen)
    assert desk.policy.version == "2026.12"


async def test_guest_text_is_shown_literally(desk: Desk) -> None:
    today = NOW.date()
    # Markup first: at 80 columns the board may give the guest's name as few as 5 cells.
    name = "[/b]Eve [red]Mallory[/red]"
    guest = Guest(name, "en", "7", today, today + timedelta(days=1), Honorific.NONE)
    incident = incidents.open_incident(desk, "agent1", guest, "noise", "low",
                                       "[link=http://example.com]press[/link] **now**")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        board_rows = app.screen.query_one("#open-incidents", DataTable)
        row = board_rows.get_row(incident.id)
        width = board_rows.columns[ColumnKey("guest")].width
        # cut to the column, never interpreted as markup
        assert str(row[1]) == name[: width - 1] + "…" and "[/" in str(row[1])
        await pilot.press("ctrl+f", *"Eve", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        assert name in shown(app, "#incident-summary")
        assert "[link=http://example.com]press[/link] **now**" in shown(app, "#steps-text")
