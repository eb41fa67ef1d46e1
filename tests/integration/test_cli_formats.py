"""Dates, times, amounts and fixed words in the commands' tables follow the staff
language's CLDR formats (through kiosk.core.display, the screens' one home for them);
JSON and CSV stay the same in every language: ISO dates and plain decimals, for programs."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.core.engine import Line
from kiosk.core.i18n import translations, use_language
from kiosk.core.models import Guest, Honorific
from kiosk.desk import incidents
from kiosk.desk.letters import templates_for
from kiosk.desk.shift_log import shift_log
from kiosk.desk.shift_paper import SHEET, sheet_view
from tests.conftest import ROOT
from tests.integration.desk_setup import START, make_desk, make_team

# A breakfast voucher and a welcome amenity given on 23 November 2026, 14:00 in Yerevan.
LOCALES = {"hy": "hy", "sw": "sw", "en": "en_GB"}


def run(store: Path, lang: str, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["--ui-lang", lang, *args, "--store", str(store),
              "--policies", str(ROOT / "policies")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    folder = tmp_path_factory.mktemp("formats") / "store"
    desk = make_desk(folder)
    team = make_team(desk)
    guest = Guest("Anoush Grigoryan", "hy", "512", START.date(),
                  START.date() + timedelta(days=3), Honorific.MS)
    incident = incidents.open_incident(desk, team["agent"], guest, "noise", "medium",
                                       "Music through the wall until 3 a.m.")
    incidents.give_compensation(desk, incident.id, team["agent"],
                                [Line("breakfast_voucher", 1), Line("welcome_amenity", 1)])
    total = int(incidents.get_incident(desk, incident.id).compensation_total)
    return folder, incident.ref, total


@pytest.mark.parametrize("lang", ["hy", "sw", "en"])
def test_tables_use_the_staff_languages_formats(store: tuple[Path, str, int],
                                                lang: str) -> None:
    folder, ref, total = store
    locale = LOCALES[lang]
    day = format_date(START.date(), "medium", locale=locale)
    money = format_decimal(total, "#,##0", locale=locale)
    words = translations(lang)
    listed = run(folder, lang, "incident", "list")
    assert day in listed and f"{money} AMD" in listed, listed
    assert words.gettext("medium") in listed and words.gettext("open") in listed, listed
    shown = run(folder, lang, "incident", "show", ref)
    assert day in shown and f"{money} AMD" in shown, shown
    assert format_date(START.date() + timedelta(days=3), "medium", locale=locale) in shown
    orders = run(folder, lang, "orders", "list")
    assert words.gettext("open") in orders, orders
    if lang != "en":
        assert "2026-11-2" not in listed + shown + orders
        assert "medium" not in listed and " open " not in listed


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_json_and_csv_are_the_same_in_every_language(store: tuple[Path, str, int],
                                                     lang: str) -> None:
    folder, ref, _total = store
    for args in (("incident", "list", "--json"), ("incident", "show", ref, "--json"),
                 ("orders", "list", "--format", "json"),
                 ("orders", "list", "--format", "csv")):
        assert run(folder, lang, *args) == run(folder, "en", *args), args
    orders = json.loads(run(folder, lang, "orders", "list", "--format", "json"))
    assert orders and orders[0]["status"] == "open"
    assert orders[0]["promised"].startswith("2026-11-2") and "T" in orders[0]["promised"]


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_the_shift_log_in_the_staffs_formats(store: tuple[Path, str, int], lang: str) -> None:
    folder, _ref, _total = store
    day = format_date(START.date(), "medium", locale=LOCALES[lang])
    log = run(folder, lang, "shift", "log", "--date", "2026-11-23")
    assert day in log and "2026-11-23 1" not in log, log
    # The log's lines are sentences for the handover, in the reader's language; its
    # times stay ISO for programs.
    args = ("shift", "log", "--date", "2026-11-23", "--format", "json")
    theirs, english = json.loads(run(folder, lang, *args)), json.loads(run(folder, "en", *args))
    assert (theirs["start"], theirs["end"]) == (english["start"], english["end"])
    assert [e["at"] for e in theirs["incidents"]] == [e["at"] for e in english["incidents"]]


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_an_empty_section_of_the_printed_shift_log_says_so(store: tuple[Path, str, int],
                                                            lang: str) -> None:
    """Jinja reads ``none`` as its own None: the page printed the English word 'None'."""
    folder, _ref, _total = store
    desk = make_desk(folder)
    use_language(lang)
    try:
        page = templates_for(desk).sheet(SHEET, sheet_view(desk, shift_log(
            desk, START.date())))
        nothing = translations(lang).gettext("None.")
    finally:
        use_language("en")
    assert ">None<" not in page and nothing in page, page
