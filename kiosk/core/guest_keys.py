"""When two typed guest names, rooms or stays are the same one: the single rule used by
the live engine, the store's indexes, the report digests, replay and the repeat flag.

Text that looks the same is the same: Unicode compatibility forms are folded (NFKC),
invisible and default-ignorable characters (zero-width spaces, joiners, bidi marks,
variation selectors, tag characters, Hangul fillers, soft hyphens) are dropped, case is
folded and runs of spaces become one. A room also loses its punctuation and spaces, so
``500.``, ``5 00`` and ``500`` are one room and ``12-B`` is ``12b``.
"""

from __future__ import annotations

import functools
import unicodedata
from datetime import date

# Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt, Unicode 15):
# characters that render as nothing when a font has no glyph for them.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def is_invisible(ch: str) -> bool:
    """A character that shows as nothing: a format character (Unicode category Cf) or a
    default-ignorable one."""
    if unicodedata.category(ch) == "Cf":
        return True
    code = ord(ch)
    return any(low <= code <= high for low, high in _DEFAULT_IGNORABLE)


class _Hidden(dict[int, int | None]):
    """``str.translate`` table that drops invisible characters, each character judged
    once (names repeat an alphabet's few letters)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if is_invisible(chr(code)) else code
        self[code] = kept
        return kept


_HIDDEN = _Hidden()


def without_invisible(text: str) -> str:
    if text.isascii():
        return text  # ASCII has no format or default-ignorable characters
    return text.translate(_HIDDEN)


def fold(text: str) -> str:
    """The comparison form of any typed text (see the module's docstring)."""
    if text.isascii():
        # NFKC leaves ASCII as it is and ASCII has nothing invisible: only case and
        # spacing remain (the same answer as below, at a fraction of the cost).
        return " ".join(text.lower().split())
    text = without_invisible(unicodedata.normalize("NFKC", text))
    # NFKC can compose new invisible sequences only from invisible input; fold once more
    # after case folding, which may expand characters (ß → ss).
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


# Both are asked of the same few names and rooms again and again (each save, each
# verify of ten years of incidents): remembered, as pure functions of the text.
@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    return fold(name)


@functools.lru_cache(maxsize=1 << 14)
def room_key(room: str) -> str:
    return "".join(ch for ch in fold(room) if ch.isalnum())


def stay_key(name: str, room: str, arrival: date | str) -> str:
    """One stay: the same guest, room and arrival date."""
    day = arrival.isoformat() if isinstance(arrival, date) else str(arrival)
    return f"{name_key(name)}|{room_key(room)}|{day}"
