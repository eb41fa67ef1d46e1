"""A kiosk with a chain syncs in a background worker, and the supervisor area shows the
last sync and the backlog (against a real PostgreSQL)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import psycopg
import pytest
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.desk.context import Desk
from kiosk.desk.sync import sync_now
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.screens.supervisor import SupervisorScreen
from tests.conftest import LETTERS
from tests.integration.chain_setup import make_property, property_folder
from tests.tui.conftest import NOW
from tests.tui.flow import settle, shown, sign_in

pytestmark = pytest.mark.chain


async def test_background_sync_then_the_supervisor_sees_it(
        tmp_path: Path, demo_template: Path, chain_db: str) -> None:
    policies = property_folder(tmp_path / "policies", "ararat", chain_db)
    shutil.copytree(demo_template, tmp_path / "store")
    desk = Desk.open(Settings(policies=policies, letters=LETTERS, store=tmp_path / "store",
                              terminal="test-desk"), clock=FixedClock(NOW))
    entries = len(desk.store.audit_entries())
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, SupervisorScreen)
        await pilot.press("right")
        await settle(pilot)
        assert "last sync never" in shown(app, "#chain-status")
        assert "waiting" in shown(app, "#chain-status")

        app.sync_chain()  # what the kiosk's timer does every sync_minutes
        for _ in range(200):
            await asyncio.sleep(0.05)
            if not app._syncing:
                break
        with psycopg.connect(chain_db) as conn:
            held = conn.execute("SELECT count(*) FROM audit_entry").fetchone()[0]
        assert held >= entries

        app.screen.load()
        await settle(pilot)
        status = shown(app, "#chain-status")
        assert "last sync never" not in status and " 0 audit entries waiting" in status


async def test_intake_shows_a_loyalty_guest_at_sister_hotels(
        tmp_path: Path, demo_template: Path, chain_db: str) -> None:
    ararat = make_property(tmp_path, "ararat", chain_db, incidents=40, name="Ararat Garden")
    guest = next(i.guest for i in ararat.desk().store.iter_incidents() if i.guest.loyalty_id)
    sync_now(ararat.desk())
    policies = property_folder(tmp_path / "sevan-policies", "sevan", chain_db)
    shutil.copytree(demo_template, tmp_path / "sevan-store")
    desk = Desk.open(Settings(policies=policies, letters=LETTERS,
                              store=tmp_path / "sevan-store", terminal="test-desk"),
                     clock=FixedClock(NOW))
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "super1", "3851")
        app.push_screen(IncidentScreen({"name": guest.name, "loyalty_id": guest.loyalty_id}))
        await settle(pilot)
        app.screen.query_one("#f-room", Input).value = "101"
        for _ in range(100):
            await settle(pilot)
            if "At sister hotels" in shown(app, "#history-text"):
                break
        assert "Ararat Garden" in shown(app, "#history-text")
