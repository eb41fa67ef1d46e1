"""The glossary's rule for Armenian screens: «ձեր / ձեզ» is written in lower case inside
a sentence (the capital is the letters' courtesy to the guest)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

import kiosk

CATALOGUE = Path(kiosk.__file__).resolve().parent / "locale" / "hy" / "LC_MESSAGES" / "kiosk.po"
CAPITAL_YOU = re.compile(r"Ձե[րզ]")
SENTENCE_STARTS = ("։", "՞", "!", "?", "\n", ":")


def capital_mid_sentence(text: str) -> bool:
    for found in CAPITAL_YOU.finditer(text):
        before = text[:found.start()].rstrip()
        if before and not before.endswith(SENTENCE_STARTS):
            return True
    return False


def test_the_check_tells_a_sentence_start_from_the_middle() -> None:
    assert capital_mid_sentence("Ընտրեք Ձեր անունը")
    assert not capital_mid_sentence("Ձեր հերթափոխը։ Ձեր անունը")


def test_you_is_lower_case_inside_a_sentence() -> None:
    with CATALOGUE.open("rb") as po_file:
        catalog = read_po(po_file)
    # A label used inside the decision panel's sentences ("…, your shift: …") is mid-
    # sentence too, whatever its place in the catalogue.
    wrong = [message.id for message in catalog if message.id for text in
             (message.string if isinstance(message.string, tuple) else (message.string,))
             if capital_mid_sentence(text) or (message.id == "your shift"
                                               and CAPITAL_YOU.match(text))]
    assert wrong == []
