"""An amount or a duration on screen is one word: never wrapped inside, at its thousands
space, before its currency code or between a number and its unit, however narrow the
widget that shows it."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Static

from kiosk.core import display
from kiosk.core.i18n import use_language
from kiosk.core.reasons import reason, said
from kiosk.desk.context import Desk
from kiosk.desk.reports import run_report
from kiosk.tui.screens.report import summary
from kiosk.tui.text import duration, locale_of, money

SPACES = re.compile(r"[\s\u2800]")  # a space of any kind, or the blank a screen draws


class Narrow(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(id="narrow")


def lines_at(app: App[None], width: int) -> list[str]:
    widget = app.query_one("#narrow", Static)
    strips = app.screen._compositor.render_strips()
    return [strip.crop(0, width).text.rstrip() for strip in strips[:widget.region.bottom]]


@pytest.mark.parametrize("language", ["hy", "sw", "en"])
async def test_an_amount_is_never_wrapped_inside(desk: Desk, language: str) -> None:
    use_language(language)
    policy = desk.policy
    amount = money(Decimal(20000), "AMD", policy)
    cap = said([reason("over_incident_cap", total="35000", cap="20000")], policy,
               on_screen=True)[0]
    use_language("en")
    one_word = SPACES.sub("", amount)
    app = Narrow()
    async with app.run_test(size=(40, 12)) as pilot:
        widget = app.query_one("#narrow", Static)
        for text in (f"Total {amount}, left {amount}", cap):
            widget.update(text)
            for width in range(len(amount), 30):
                widget.styles.width = width
                await pilot.pause()
                shown = lines_at(app, width)
                # Each amount is drawn whole on one line: never a part of it on the next.
                whole = sum(SPACES.sub("", line).count(one_word) for line in shown)
                assert whole == SPACES.sub("", text).count(one_word), (width, shown)


async def whole_on_every_line(text: str, words: list[str], least: int) -> None:
    """``text`` drawn at every width from ``least`` to 60 cells: each of ``words`` on one
    line, never a part of it on the next."""
    app = Narrow()
    async with app.run_test(size=(70, 16)) as pilot:
        widget = app.query_one("#narrow", Static)
        widget.update(text)
        for width in range(least, 60):
            widget.styles.width = width
            await pilot.pause()
            shown = lines_at(app, width)
            for word in words:
                one_word = SPACES.sub("", word)
                whole = sum(SPACES.sub("", line).count(one_word) for line in shown)
                assert whole == SPACES.sub("", text).count(one_word), (word, width, shown)


@pytest.mark.parametrize("language", ["hy", "sw", "en"])
async def test_a_duration_in_a_sentence_is_never_wrapped_inside(desk: Desk,
                                                                language: str) -> None:
    """``dak 4 sek 30``, ``3ժ 5ր``: the number stays with its unit, the units together."""
    use_language(language)
    took = duration(timedelta(minutes=4, seconds=30), desk.policy, to_the_second=True)
    late = duration(timedelta(hours=3, minutes=5), desk.policy)
    use_language("en")
    assert SPACES.search(took) and SPACES.search(late)  # each has a space to wrap at
    await whole_on_every_line(f"The apology came {took} after the incident was opened, "
                              f"the fix {late} late.", [took, late], cell_len(took))


@pytest.mark.parametrize("language", ["hy", "sw", "en"])
async def test_the_report_overview_keeps_each_figure_whole(desk: Desk, language: str) -> None:
    """The overview's times in the staff's CLDR units and its compensation total with
    its currency, each one word however narrow the screen."""
    report = run_report(desk)
    use_language(language)
    loc = locale_of(desk.policy)
    text = summary(report, loc)
    total = money(report.compensation_total, report.currency, desk.policy)
    use_language("en")
    times = [display.duration(timedelta(minutes=round(clock)), loc)
             for clock in (report.acknowledge.median_min, report.acknowledge.p90_min,
                           report.resolve.median_min, report.resolve.p90_min)
             if clock is not None]
    assert times and report.compensation_total
    for figure in (*times, total):
        assert SPACES.sub("", figure) in SPACES.sub("", text), (figure, text)
    await whole_on_every_line(text, [*times, total], max(map(cell_len, (*times, total))))
