"""The shipped policy's Swahili names a reservation by what is reserved: "uhifadhi" alone
is keeping or storage; a hotel says "uhifadhi wa chumba" (a room's booking) or "uhifadhi
wa vyumba" (room bookings), as the shipped practice scenarios do."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from typing import Any

from tests.conftest import POLICIES

BOOKING = re.compile(r"\buhifadhi\b(?! wa (?:chumba|vyumba)\b)", re.IGNORECASE)


def swahili(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every Swahili text of a policy file: (its key, the text)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "sw" and isinstance(inner, str):
                yield where, inner
            else:
                yield from swahili(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from swahili(inner, f"{where}[{index}]")


def test_a_reservation_is_a_rooms_booking_in_the_shipped_swahili() -> None:
    texts = [(f"{path.name}{key}", text) for path in sorted(POLICIES.glob("*.toml"))
             for key, text in swahili(tomllib.loads(path.read_text("utf-8")))]
    assert any("uhifadhi" in text.lower() for _key, text in texts)
    assert [(key, text) for key, text in texts if BOOKING.search(text)] == []
    owners = tomllib.loads((POLICIES / "categories.toml").read_text("utf-8"))["department"]
    reservations = next(d for d in owners if d["id"] == "reservations")
    assert reservations["owner"]["sw"] == "Meneja wa Uhifadhi wa Vyumba"
