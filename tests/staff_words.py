"""English left on a screen meant for Armenian or Swahili staff.

Armenian is written in its own script, so any Latin word of four letters or more on an
Armenian screen is English unless it is data (a guest's or a staff member's name, the
hotel's name, an id, a reference). Swahili is written in Latin letters, so there a word
is English when it is one of the catalogue's English words that no Swahili translation
uses (PIN, SLA and the like stay in both) and it is not data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

import kiosk
from kiosk.core.display import language_name
from kiosk.core.i18n import available_languages
from kiosk.desk.context import Desk

LOCALE = Path(kiosk.__file__).resolve().parent / "locale"
LATIN_WORD = re.compile(r"[A-Za-z]+")
# A word of data sits next to digits or id punctuation: agent1, frontdesk-2, a@b.am,
# incident.open, category=noise
WORD = re.compile(r"(?<![A-Za-z0-9_@./=\\-])[A-Za-z]{4,}(?![A-Za-z0-9_@=\\-]|\.[A-Za-z0-9])")


def _words(text: str) -> set[str]:
    return {w.lower() for w in LATIN_WORD.findall(text)}


@lru_cache(maxsize=4)
def english_vocabulary(language: str) -> frozenset[str]:
    """The words of the catalogue's English messages that none of ``language``'s
    translations use."""
    with (LOCALE / language / "LC_MESSAGES" / "kiosk.po").open("rb") as po_file:
        catalog = read_po(po_file)
    english: set[str] = set()
    theirs: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            # Placeholders are names, not words that are shown.
            english |= {w for w in _words(re.sub(r"\{[^{}]*\}", " ", text)) if len(w) >= 4}
        for text in strings:
            theirs |= _words(text)
    return frozenset(english - theirs)


def desk_data(desk: Desk) -> list[str]:
    """What a screen may show in Latin letters whatever the staff's language: names of
    staff, guests and the hotel, ids, rooms, codes and the policy's own identifiers."""
    policy = desk.policy
    settings = desk.settings
    data = [policy.property.name, policy.currency, policy.property.printer,
            policy.checklist_name, settings.policies.name, settings.letters.name,
            settings.store.name,
            # A language is named in its own words too: "անգլերեն (English)".
            *(language_name(code) for code in available_languages()),
            *(s.name for s in desk.store.list_staff()), *(s.id for s in desk.store.list_staff()),
            *policy.items, *policy.categories, *(r.id for r in policy.roles),
            # Who owns each department is the hotel's own word for a post or a person.
            *(owner for d in policy.departments.values() for owner in d.owner.values())]
    for incident in desk.store.iter_incidents():
        guest = incident.guest
        data += [guest.name, guest.address_as, guest.email, guest.room, incident.ref,
                 incident.terminal, incident.location, incident.account,
                 *(s.note for s in incident.steps), *(n.text for n in incident.notes),
                 *(ln.remark for c in incident.compensation for ln in c.lines),
                 *(c.approval.reason for c in incident.compensation if c.approval)]
        if incident.follow_up is not None:
            data.append(incident.follow_up.feedback)
    return [d for d in data if d]


# Keys are named as they are printed on the keyboard.
KEYS = frozenset({"ctrl", "enter", "shift", "space", "escape", "home", "delete", "backspace"})
# Commands are typed as they are spelled, whatever the language: `kiosk store verify`.
COMMANDS = frozenset({"kiosk", "store", "verify"})


def english_on(text: str, language: str, data: Iterable[str] = ()) -> list[str]:
    """The English words on ``text``, a screen shown in ``language``."""
    kept = _words(" ".join(data)) | KEYS | COMMANDS
    vocabulary = english_vocabulary(language)
    found = []
    for match in WORD.finditer(text):
        word = match.group()
        lowered = word.lower()
        if lowered in kept:
            continue
        if text[match.end():match.end() + 1] == "…" and any(
                k.startswith(lowered) for k in kept):
            continue  # data cut to its column: "Chief engin…"
        if language == "hy" or lowered in vocabulary:
            found.append(word)
    return found
