"""A new agent who works in Armenian (or Swahili) takes an incident from the board to
the follow-up booking: the checklist, compensation over their limit approved by a
supervisor, the letter printed on a real CUPS queue. Every screen on the way is read as
text and must show none of the English messages the catalogue translates, no other
English word that is not the desk's data, and the policy's own words (steps, items) in
the agent's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from textual.pilot import Pilot

import kiosk
from kiosk.core.i18n import current_language
from kiosk.desk import records, staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.approval import ApprovalDialog
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.compensation import CompensationScreen
from kiosk.tui.screens.letter import LetterScreen
from tests.staff_words import desk_data, english_on
from tests.tui.flow import screen_text, settle, sign_in
from tests.tui.test_incident_flow import noise_complaint, open_from_board
from tests.tui.test_letter import printing_desk  # noqa: F401  (the CUPS-backed desk)

LOCALE = Path(kiosk.__file__).resolve().parent / "locale"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# The policy's words for the first step and the room upgrade, per language.
STEP_ONE = {"hy": "Լսել", "sw": "Sikiliza"}


def translated_english(language: str) -> list[str]:
    """The English phrases (a message's text between placeholders) that the language's
    catalogue translates: none of them may show on that language's screens."""
    with (LOCALE / language / "LC_MESSAGES" / "kiosk.po").open("rb") as po_file:
        catalog = read_po(po_file)
    phrases: set[str] = set()
    # English still waiting for its translation is the completeness test's to catch; a
    # phrase inside it ("incidents" in "Open incidents") says nothing here.
    waiting = " | ".join(
        " ".join(message.id if isinstance(message.id, tuple) else (message.id,))
        for message in catalog if message.id and (message.fuzzy or not all(
            message.string if isinstance(message.string, tuple) else (message.string,))))
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or message.fuzzy or not all(strings):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        said = " ".join(strings)
        for english in ids:
            for part in PLACEHOLDER.split(english):
                part = part.strip(" .,:;—·()\n")
                # Words the translation keeps as they are (PIN, SLA, AMD) are not English.
                if (len(part) >= 3 and re.search(r"[A-Za-z]{3}", part)
                        and part not in said and part not in waiting):
                    phrases.add(part)
    return sorted(phrases, key=len, reverse=True)


class Reader:
    """Reads each screen the agent sees and notes any translated English on it."""

    def __init__(self, app: KioskApp, language: str) -> None:
        self.app, self.language = app, language
        self.patterns = [(phrase, re.compile(r"(?<![A-Za-z0-9_])" + re.escape(phrase)
                                             + r"(?![A-Za-z0-9_])"))
                         for phrase in translated_english(language)]
        self.english: list[tuple[str, str]] = []
        self.screens: list[str] = []

    # Boundaries leave out staff ids and references ("agent2"): data, not words.
    def read(self, where: str) -> str:
        text = screen_text(self.app)
        self.screens.append(where)
        self.english += [(where, phrase) for phrase, pattern in self.patterns
                         if pattern.search(text)]
        # English the catalogue does not hold (an f-string, a value from the store) is
        # caught by its letters: any Latin word on an Armenian screen, any English word
        # on a Swahili one, that is not the desk's data (names, ids, the guest's words).
        self.english += [(where, word) for word in
                         english_on(text, self.language, desk_data(self.app.desk))]
        return text


async def take_incident_through(pilot: Pilot[None], app: KioskApp, reader: Reader,
                                staff_id: str, pin: str) -> None:
    await sign_in(pilot, staff_id, pin)
    reader.read("board")
    await open_from_board(pilot, "Anoush")
    assert isinstance(app.screen, ChecklistScreen)
    assert STEP_ONE[reader.language] in reader.read("checklist")
    for note in ("1", "2", "3", "4", "5"):
        await pilot.press(*f"ok {note}", "enter")
        await settle(pilot)
    reader.read("checklist done")

    await pilot.press("ctrl+g")
    await settle(pilot)
    assert isinstance(app.screen, CompensationScreen)
    await pilot.press("down", "down", "plus")
    await pilot.click("#remark")
    await pilot.press(*"801", "enter")
    await settle(pilot)
    reader.read("compensation")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, ApprovalDialog)
    reader.read("approval")
    await pilot.press("enter", *"3851", "enter", *"801", "enter")  # super1, reason
    await settle(pilot)
    assert isinstance(app.screen, ChecklistScreen)
    reader.read("after approval")

    await pilot.press("ctrl+t")
    await settle(pilot)
    assert isinstance(app.screen, LetterScreen)
    reader.read("letter")
    await pilot.press("ctrl+o")
    await settle(pilot, rounds=6)
    reader.read("letter printed")
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("ctrl+r")
    await settle(pilot)
    reader.read("resolved")


@pytest.mark.cups
@pytest.mark.parametrize("language", ["hy", "sw"])
async def test_a_new_agent_works_an_incident_in_their_language(
        printing_desk: Desk, language: str) -> None:  # noqa: F811
    desk = printing_desk
    incident = noise_complaint(desk)
    newcomer = staff.add_staff(desk, "Nare Sargsyan", "agent", "8642", actor="super1",
                               ui_lang=language)
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    reader = Reader(app, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await take_incident_through(pilot, app, reader, newcomer.id, "8642")
        assert current_language() == language
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert current_language() == "en"

    assert reader.english == [], f"English on the {language} screens: {reader.english}"
    done = records.get_incident(desk, incident.id)
    assert done.compensation and done.compensation[-1].approval is not None
    assert done.compensation[-1].approval.approver_id == "super1"
    assert done.letters and done.letters[-1].prints[-1].status == "printed"
    assert done.follow_up is not None
