"""The supervisor area's practice record in the staff's language: each scenario by its
title, the start as the language writes it, yes and no in its words."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.numbers import format_decimal

from kiosk.core.clock import FixedClock
from kiosk.core.display import clock as clock_words
from kiosk.core.display import hotel_time, staff_locale
from kiosk.core.i18n import translations, use_language
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.practice_record import PracticeRecordScreen
from kiosk.tui.text import clean
from tests.practice_runs import practise
from tests.staff_words import desk_data, english_on
from tests.tui.flow import screen_text, settle, sign_in


@pytest.fixture
def speaking() -> Iterator[None]:
    yield
    use_language("en")


@pytest.mark.parametrize("language", ["hy", "sw"])
async def test_the_practice_record_reads_in_the_staffs_language(
        desk: Desk, clock: FixedClock, language: str, speaking: None) -> None:
    started = clock.now
    scenarios = practise(desk, clock)
    staff.set_ui_lang(desk, "super1", language, "super1")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(120, 30)) as pilot:  # every column in view
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t", "right", "right", "right")  # the Practice tab
        await settle(pilot)
        await pilot.click("#open-practice")
        await settle(pilot)
        assert isinstance(app.screen, PracticeRecordScreen)
        text = screen_text(app)
    locale = staff_locale(desk.policy, language)
    shown_at = clock_words(hotel_time(desk.policy, started), locale)
    rows = [line for line in text.splitlines() if "Lilit Harutyunyan" in line]
    assert len(rows) == 2 and rows[1].startswith(f"│ {shown_at}  "), text
    for scenario in scenarios:
        assert clean(scenario.text(language).title)[:16] in text  # maybe cut to its column
        assert scenario.id not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
    # newest first: the run left unfinished has no verdict, the finished one did not fit
    no = translations(language).gettext("no")
    assert not rows[0].rstrip(" │").endswith(no) and rows[1].rstrip(" │").endswith(no), text
    assert re.search(rf"  {re.escape(format_decimal(4.5, locale=locale))}  ", rows[1]), text
    assert english_on(text, language, [*desk_data(desk), "Wi-Fi"]) == [], text


@pytest.mark.parametrize("language", ["en", "hy", "sw"])
async def test_the_practice_record_fits_80_columns(
        desk: Desk, clock: FixedClock, language: str, speaking: None) -> None:
    """At the desk's 80×24 every column is in view, the verdict last."""
    practise(desk, clock)
    staff.set_ui_lang(desk, "super1", language, "super1")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "super1", "3851")
        await pilot.press("ctrl+t", "right", "right", "right")
        await settle(pilot)
        await pilot.click("#open-practice")
        await settle(pilot)
        text = screen_text(app)
    words = translations(language)
    header = next(line for line in text.splitlines()
                  if words.gettext("Started") in line)
    assert header.rstrip(" │").endswith(words.gettext("Fit")), text
    rows = [line for line in text.splitlines() if "Lilit" in line]  # maybe cut
    assert len(rows) == 2 and rows[1].rstrip(" │").endswith(words.gettext("no")), text
