"""An amount on screen is one word: never wrapped inside, at its thousands space or before
its currency code, however narrow the widget that shows it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from kiosk.core.i18n import use_language
from kiosk.core.reasons import reason, said
from kiosk.desk.context import Desk
from kiosk.tui.text import money

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
