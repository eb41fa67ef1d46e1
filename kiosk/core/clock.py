"""Time comes from an injected clock so SLA timers, idle lock, shifts and tests agree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Aware UTC now."""
    return datetime.now(UTC)


class FixedClock:
    """A clock for tests and replays: stands still until moved."""

    def __init__(self, now: datetime):
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now
