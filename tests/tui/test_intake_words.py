"""The new-incident form in Armenian and Swahili: labels, hints in the empty boxes, the
severity list, the guest's earlier incidents (a repeat complaint, their status) and what
a form with problems is told: no English on the way but the desk's data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Input, Select, TextArea

from kiosk.core.models import Honorific
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.incident import IncidentScreen
from tests.tui.flow import settle, sign_in
from tests.tui.test_incident_flow import noise_complaint
from tests.tui.test_staff_language_flow import Reader

# What the form must say in each language, as the catalogue has it.
SAID = {
    "hy": ("Հյուրի պատմածը՝ իր խոսքերով:", "օր.՝ 412", "ԿՐԿՆՎՈՂ ԲՈՂՈՔ",
           "Նախկին միջադեպեր չկան։", "միջին"),
    "sw": ("Maelezo ya mgeni, kwa maneno yake:", "mf. 412", "AMELALAMIKA TENA",
           "Hakuna matukio ya awali.", "wastani"),
}


# The titles as the form offers them (Mr, Ms, Mrs, Mx, Dr, none): Armenian and Swahili
# have one title for Ms and Mrs, so the list says which is which.
TITLES = {
    "hy": ["Պարոն", "Տիկին", "Տիկին (ամուսնացած)", "Mx (առանց սեռի նշման)", "Դոկտոր", "—"],
    "sw": ["Bw. (Bwana)", "Bi. (Bibi)", "Bi. (aliyeolewa)", "Mx (bila kutaja jinsia)",
           "Dkt. (Daktari)", "—"],
}


@pytest.mark.parametrize("language", ["hy", "sw"])
async def test_the_new_incident_form_speaks_the_agents_language(
        make_app: Callable[..., KioskApp], desk: Desk, language: str) -> None:
    noise_complaint(desk)
    staff.set_ui_lang(desk, "agent1", language, "super1")
    account, hint, repeat, nothing_earlier, medium = SAID[language]
    app = make_app()
    reader = Reader(app, language)
    async with app.run_test(size=(100, 48), notifications=True) as pilot:
        await sign_in(pilot, "agent1", "1397")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        form = app.screen
        empty = reader.read("empty form")
        assert account in empty and hint in empty and medium in empty
        # The guest's title in the staff's words; the record keeps the same values.
        titles = form.query_one("#f-honorific", Select)
        assert [str(prompt) for prompt, _ in titles._options] == TITLES[language]
        assert [value for _, value in titles._options] == [h.value for h in Honorific]

        form.query_one("#f-name", Input).value = "Zara Okafor"
        await settle(pilot, rounds=5)
        assert nothing_earlier in reader.read("a guest with no history")

        form.query_one("#f-name", Input).value = "Anoush Grigoryan"
        await settle(pilot, rounds=5)
        assert repeat in reader.read("a repeat complaint")

        # Problems in every box at once: each said in the language.
        form.query_one("#f-name", Input).value = "   "
        form.query_one("#f-room", Input).value = "4/1/2 ###"
        form.query_one("#f-phone", Input).value = "call me"
        form.query_one("#f-email", Input).value = "anoush at example"
        form.query_one("#f-account", TextArea).text = "\x1b[2J"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IncidentScreen)
        problems = reader.read("a form with problems")
        assert "Traceback" not in problems and "guest.room" not in problems
    # What was typed, and each letter language's own name beside the staff's word for it
    # («անգլերեն (English)»), so a guest can point at theirs.
    data = ["call me", "anoush at example", "Zara Okafor", "Anoush Grigoryan", "English"]
    english = [(where, word) for where, word in reader.english
               if word.lower() not in " ".join(data).lower().split()]
    assert english == [], f"English on the {language} form: {english}"
