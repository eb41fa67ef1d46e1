"""One rule for 'the same guest, room, stay': the live engine, the store's index, the
report digests (replay, the repeat flag) all agree, and text that looks the same is the
same. The hostile corpus: invisible characters people paste or a feed carries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kiosk.core import digest
from kiosk.core.guest_keys import fold, is_invisible, room_key, stay_key
from kiosk.core.models import Guest, Incident, to_dict
from kiosk.store import indexes

# Characters that show as nothing, or as a plain letter of another form.
INVISIBLE_NAMES = [
    "Cap Guest\u200b",          # zero-width space
    "Cap\u200c Guest",          # zero-width non-joiner
    "Cap \u200dGuest",          # zero-width joiner
    "\ufeffCap Guest",          # byte-order mark
    "Cap Gu\u00adest",          # soft hyphen
    "Cap\u2060 Guest",          # word joiner
    "Cap Guest\u200e",          # left-to-right mark
    "Cap Guest\u2066",          # left-to-right isolate
    "Cap Guest\U000e0041",      # tag character
    "Cap Guest\ufe0f",          # variation selector
    "Cap\u3164 Guest",          # Hangul filler
    "Cap Guest\u180e",          # Mongolian vowel separator
    "ＣＡＰ　ＧＵＥＳＴ",          # full-width letters and space (NFKC)
    "cap   GUEST",              # case and spacing
    "Cap\u00a0Guest",           # no-break space
]


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
def test_names_that_look_the_same_are_one_guest(name: str) -> None:
    assert fold(name) == fold("Cap Guest") == "cap guest"


@pytest.mark.parametrize("room", ["500", "500.", " 500 ", "5 00", "5-0-0", "500\u200b",
                                  "５００"])
def test_rooms_without_punctuation_and_spaces(room: str) -> None:
    assert room_key(room) == "500"


def test_visible_characters_are_kept() -> None:
    assert not any(is_invisible(ch) for ch in "Անի Պետրոսյան Amina Müller 12B")
    assert fold("Անի Պետրոսյան") == "անի պետրոսյան"


def _incident(name: str, room: str) -> Incident:
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    guest = Guest(name=name, language="en", room=room, arrival=date(2026, 11, 20),
                  departure=date(2026, 11, 25))
    return Incident(id="01JDQ2Z0000000000000000000", ref="ABC123", property="H",
                    terminal="t", agent_id="a", guest=guest, category="noise",
                    severity="low", account="x", reported_at=at, updated_at=at)


@pytest.mark.parametrize(("name", "room"), [("Anna Petrosyan", "12B"),
                                            ("anna  petrosyan", "12b"),
                                            ("ANNA PETROSYAN\u200b", "12-B"),
                                            ("Anna Petrosyan", "12 B.")])
def test_every_place_computes_the_same_stay_key(name: str, room: str) -> None:
    expected = stay_key("Anna Petrosyan", "12B", date(2026, 11, 20))
    incident = _incident(name, room)
    doc = to_dict(incident)
    assert incident.guest.stay_key == expected  # the live engine
    assert indexes.stay_key(doc) == expected  # the store's index
    assert digest.from_incident(incident).stay_key == expected  # reports, replay
    assert digest.from_document(doc).stay_key == expected  # digests from the files
    assert digest.from_document(doc).guest_key == digest.guest_key("Anna Petrosyan")
