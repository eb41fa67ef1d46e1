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
TEAM_PINS = ("1397", "2684", "3851", "4962")  # the policy's PIN rules refuse 1111, 1234


def make_desk(store: Path, clock: FixedClock | None = None) -> Desk:
    settings = Settings(policies=ROOT / "policies", letters=ROOT / "letters", store=store,
                        terminal="test-desk")
    return Desk.open(settings, clock or FixedClock(START))


def make_team(desk: Desk) -> dict[str, str]:
    """One person per role, PINs 1397, 2684, 3851, 4962 in role order."""
    team = {}
    for role, pin in zip(["agent", "supervisor", "duty_manager", "general_manager"],
                         TEAM_PINS, strict=True):
        team[role] = staff.add_staff(desk, f"{role.title()} Person", role, pin,
                                     staff_id=role.replace("_", "")).id
    team["agent2"] = staff.add_staff(desk, "Second Agent", "agent", "9173",
                                     staff_id="agent2").id
    return team
