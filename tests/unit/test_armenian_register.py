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


ROOT = Path(kiosk.__file__).resolve().parent.parent
# Words GLOSSARY.md names as machine translation: a late check-out is «սենյակի ուշ ազատում»
# («դուրսգրում» is a hospital's discharge, «ուշ մեկնում» a train's late departure); the
# kiosk is no street stall («կրպակ»); reload is not upload («վերբեռնել»); an escalation is
# «փոխանցում ղեկավարին», not a conflict's «սրացում»; the shipped files are not «առաքվող».
NOT_HOTEL_WORDS = re.compile(r"դուրս ?գր|ուշ մեկնում|կրպակ|վերբեռն|սրացում|առաքվող",
                             re.IGNORECASE)


def _armenian_texts() -> list[tuple[str, str]]:
    with CATALOGUE.open("rb") as po_file:
        catalog = read_po(po_file)
    texts = [(f"catalogue: {message.id}", text) for message in catalog if message.id
             for text in (message.string if isinstance(message.string, tuple)
                          else (message.string,))]
    for folder in ("policies", "tests/fixtures", "tests/policy_corpus"):
        for path in sorted((ROOT / folder).rglob("*.toml")):
            try:
                body = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # a corpus case that is not UTF-8 on purpose
                continue
            texts.append((str(path.relative_to(ROOT)), body))
    return texts


def test_no_word_the_glossary_names_as_machine_translation() -> None:
    wrong = [(where, found.group(0)) for where, text in _armenian_texts()
             for found in NOT_HOTEL_WORDS.finditer(text)]
    assert wrong == []


def test_two_different_keys_never_read_the_same() -> None:
    with CATALOGUE.open("rb") as po_file:
        catalog = read_po(po_file)
    # The work orders' enter edits an order; f5 elsewhere refreshes a screen.
    assert catalog["Update"].string != catalog["Refresh"].string
