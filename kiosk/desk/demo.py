"""The demo store behind ``kiosk demo`` / ``make run``: demo staff and a few incidents."""

from __future__ import annotations

from kiosk.desk.context import Desk

# (staff id, name, role, PIN) — printed in the README; for the demo store only.
DEMO_STAFF: list[tuple[str, str, str, str]] = []


def seed_demo(desk: Desk) -> None:
    """Fill an empty store with the demo staff and a few incidents; idempotent."""
    raise NotImplementedError
