"""Time comes from an injected clock so SLA timers, idle lock, shifts and tests agree."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from kiosk.core.i18n import _

Clock = Callable[[], datetime]

# Days a hotel's record can be about. Outside these, a typed year 1 or 9999 is a slip,
# and time-zone arithmetic on it would overflow.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def plausible_day(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def implausible_day(day: date) -> str:
    """The one line for a day outside ``FIRST_DAY``–``LAST_DAY``."""
    return _("{day} is not a plausible day; give one from {first} to {last}").format(
        day=day.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())


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
