"""A desk on a real store in a temporary folder, a fixed clock and one person per role:
what the desk use-case tests start from."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.desk import staff
from kiosk.desk.context import Desk

ROOT = Path(__file__).resolve().parents[2]
# 10:00 UTC is 14:00 in Yerevan (UTC+4), the shipped policy's time zone.
START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def make_desk(store: Path, clock: FixedClock | None = None) -> Desk:
    settings = Settings(policies=ROOT / "policies", letters=ROOT / "letters", store=store,
                        terminal="test-desk")
    return Desk.open(settings, clock or FixedClock(START))


def make_team(desk: Desk) -> dict[str, str]:
    """One person per role, PINs 1111, 2222, … in role order."""
    team = {}
    for n, role in enumerate(["agent", "supervisor", "duty_manager", "general_manager"], 1):
        team[role] = staff.add_staff(desk, f"{role.title()} Person", role, str(n) * 4,
                                     staff_id=role.replace("_", "")).id
    team["agent2"] = staff.add_staff(desk, "Second Agent", "agent", "9999",
                                     staff_id="agent2").id
    return team
