"""Terminal charts made of block characters: horizontal bars and sparklines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from babel.dates import format_date

_EIGHTHS = " ▏▎▍▌▋▊▉█"
_SPARKS = "▁▂▃▄▅▆▇█"


def bar(value: float | Decimal, largest: float | Decimal, width: int = 20) -> str:
    """A bar ``width`` cells long at ``largest``, drawn in eighths of a cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(float(value) / float(largest) * width * 8)
    full, part = divmod(max(eighths, 1), 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def sparkline(values: Sequence[float | int]) -> str:
    """One character per value: ▁ for nothing, then ▂ … █ up to the largest, so a
    quiet week never looks like an empty one."""
    top = max(values, default=0)
    steps = len(_SPARKS) - 2
    return "".join(
        _SPARKS[1 + round(v / top * steps)] if v > 0 else _SPARKS[0] for v in values)


def week_label(monday: date, language: str) -> str:
    """A week on a chart, by its Monday in the staff's language: ``2 Nov``, ``2 նոյ``."""
    try:
        return format_date(monday, "d MMM", locale=language)
    except ValueError:  # a language CLDR does not know
        return monday.isoformat()
