"""Which characters of typed text show as themselves on a terminal or a page.

Python's ``str.isprintable`` counts every space but the ASCII one as unprintable, yet
Babel writes amounts with no-break spaces (``35 000 ֏``) and people type them in names.
Spaces of any width show as spaces; control characters and the like do not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rich.cells import cell_len, get_character_cell_size


def shows_as_itself(ch: str) -> bool:
    return ch.isprintable() or unicodedata.category(ch) == "Zs"


# Every space of any width (Unicode's Zs), and newline and tab, as a plain space.
_AS_PLAIN_SPACE = str.maketrans(dict.fromkeys(
    "\n\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u202f\u205f\u3000", " "))


def all_show_as_themselves(text: str) -> bool:
    """Whether every character of ``text`` but newlines and tabs shows as itself: what
    ``shows_as_itself`` says of each, in one pass in C."""
    return text.translate(_AS_PLAIN_SPACE).isprintable()


def shown(text: str, limit: int | None = None, instead: str = "?") -> str:
    """``text`` with every character that would not show as itself replaced by
    ``instead``, cut to ``limit`` terminal cells with an ellipsis (``cut``)."""
    out = "".join(ch if shows_as_itself(ch) else instead for ch in text)
    return out if limit is None else cut(out, limit)


def cell_width(text: str) -> int:
    """Terminal columns ``text`` takes, as Rich (and so the kiosk's screens) measures
    them: combining marks take none, wide (East Asian) characters two; not one per
    character, so Armenian with marks lines up too."""
    return cell_len(text)


def cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` terminal cells: whole when it fits, else cut with
    an ellipsis. A wide character that would straddle the edge goes whole, a combining
    mark stays with its letter, and no space is left before the ellipsis."""
    if cell_len(text) <= limit:
        return text
    room, used, end = max(limit - 1, 0), 0, 0
    for index, ch in enumerate(text):
        used += get_character_cell_size(ch)
        if used > room:
            break
        end = index + 1
    return text[:end].rstrip() + "…"


def aligned(rows: Sequence[Sequence[str]], right: tuple[int, ...] = (),
            indent: str = "") -> list[str]:
    """Columns padded to their widest cell, measured in terminal cells (not characters:
    headers in the staff's language are longer or shorter than the English ones, and a
    combining mark takes no cell); ``right`` columns are aligned right, like numbers."""
    if not rows:
        return []
    widths = [max(cell_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - cell_width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        out.append((indent + "  ".join(cells)).rstrip())
    return out
