"""Showing text that came from guests or files: always as inert ``Text``, never markup.

Guest words can hold anything: square brackets that look like Textual markup, terminal
escape sequences, control characters. Everything shown from the store goes through here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from rich.cells import cell_len
from rich.text import Text

from kiosk.core import display
from kiosk.core.display import hotel_time
from kiosk.core.policy_set import Policy
from kiosk.core.text import cut, shows_as_itself

_KEEP = {"\n", "\t"}


def clean(value: object, *, one_line: bool = False, limit: int | None = None) -> str:
    """Drop escape sequences and other control characters; keep every printable letter
    (Armenian included)."""
    text = "" if value is None else str(value)
    if one_line:
        text = " ".join(text.split())
    out = "".join(ch for ch in text if shows_as_itself(ch) or ch in _KEEP)
    # ``limit`` counts terminal cells, not characters (``kiosk.core.text.cut``).
    return out if limit is None else cut(out, limit)


def inert(value: object, style: str = "", *, one_line: bool = True,
          limit: int | None = None) -> Text:
    """A ``Text`` that shows ``value`` literally: no markup, no escapes."""
    return Text(clean(value, one_line=one_line, limit=limit), style=style)


def column_width(header: str, least: int) -> int:
    """A table column's width: what its content needs at least, and never less than its
    header in the staff's words, in terminal cells (a header cut to «Chum» says nothing)."""
    return max(least, cell_len(header))


# Times, days, durations and money on screen, in the signed-in staff member's locale
# (kiosk.core.display is their one home).
def locale_of(policy: Policy) -> str:
    return display.locale_now(policy)


def clock_text(moment: datetime, policy: Policy) -> str:
    return display.clock(hotel_time(policy, moment), locale_of(policy))


def hhmm(moment: datetime | None, policy: Policy) -> str:
    return display.hour_minute(hotel_time(policy, moment), locale_of(policy)) if moment else ""


def day(moment: datetime | date | None, policy: Policy) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = hotel_time(policy, moment)
    return display.day_month(moment, locale_of(policy))


def duration(delta: timedelta, policy: Policy, units: int = 2, *,
             to_the_second: bool = False) -> str:
    """Compact and signed: ``12m``, ``3h 5m``, ``-7m`` when overdue (``units=1``: the
    largest unit alone, ``3h``; ``to_the_second``: ``4m 30s``); never wrapped inside
    (``display.unbroken``)."""
    return display.unbroken(display.duration(delta, locale_of(policy), units=units,
                                             to_the_second=to_the_second))


def money(value: Decimal | int, currency: str, policy: Policy) -> str:
    """An amount with its code, never wrapped inside (``display.screen_money``)."""
    return display.screen_money(value, currency, locale_of(policy))
