"""Showing text that came from guests or files: always as inert ``Text``, never markup.

Guest words can hold anything: square brackets that look like Textual markup, terminal
escape sequences, control characters. Everything shown from the store goes through here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.text import Text

from kiosk.core.display import hotel_time
from kiosk.core.policy_set import Policy
from kiosk.core.text import shows_as_itself

_KEEP = {"\n", "\t"}


def clean(value: object, *, one_line: bool = False, limit: int | None = None) -> str:
    """Drop escape sequences and other control characters; keep every printable letter
    (Armenian included)."""
    text = "" if value is None else str(value)
    if one_line:
        text = " ".join(text.split())
    out = "".join(ch for ch in text if shows_as_itself(ch) or ch in _KEEP)
    if limit is not None and len(out) > limit:
        out = out[: max(limit - 1, 0)] + "…"
    return out


def inert(value: object, style: str = "", *, one_line: bool = True,
          limit: int | None = None) -> Text:
    """A ``Text`` that shows ``value`` literally: no markup, no escapes."""
    return Text(clean(value, one_line=one_line, limit=limit), style=style)


def clock_text(moment: datetime, policy: Policy) -> str:
    return hotel_time(policy, moment).strftime("%a %d %b %H:%M")


def hhmm(moment: datetime | None, policy: Policy) -> str:
    return hotel_time(policy, moment).strftime("%H:%M") if moment else ""


def day(moment: datetime | date | None, policy: Policy) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = hotel_time(policy, moment)
    return moment.strftime("%d %b")


def duration(delta: timedelta) -> str:
    """Compact and signed: ``12m``, ``3h05``, ``2d4h``, ``-7m`` when overdue."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    minutes = seconds // 60
    if minutes < 60:
        return f"{sign}{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{sign}{hours}h{minutes:02d}"
    days, hours = divmod(hours, 24)
    return f"{sign}{days}d{hours}h"

