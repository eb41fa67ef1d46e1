"""What is cut at 80×24 when the staff read Armenian or Swahili: read from the cells the
terminal shows, never from string lengths (a word is cut when only part of it is drawn)."""

from __future__ import annotations

import re

import pytest
from babel import Locale
from textual.pilot import Pilot

from kiosk.core.display import language_name, role_word, staff_locale
from kiosk.core.i18n import lookup, use_language
from kiosk.desk import staff
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp
from kiosk.tui.screens.board import BoardScreen
from kiosk.tui.screens.incident_report import IncidentReportScreen
from kiosk.tui.widgets.decision import CAP_NAMES
from tests.tui.flow import screen_text, settle, sign_in

WORD = re.compile(r"\w+")


def drawn(app: KioskApp, selector: str) -> str:
    """The text the terminal shows inside the widget ``selector``, line by line (the part
    of it its container shows)."""
    widget = app.screen.query_one(selector)
    region = widget.region
    if widget.parent is not None and hasattr(widget.parent, "region"):
        region = region.intersection(widget.parent.region)
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.crop(region.x, region.right).text
                     for strip in strips[region.y:region.bottom])


def whole_words(label: str, shown: str) -> list[str]:
    """The words of ``label`` that are not drawn whole in ``shown``."""
    on_screen = set(WORD.findall(shown))
    return [word for word in WORD.findall(label) if word not in on_screen]


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.parametrize("language", ["hy", "sw"])
async def test_nothing_that_matters_is_cut_at_80_columns(desk: Desk, language: str) -> None:
    staff.set_ui_lang(desk, "agent1", language, "super1")
    policy = desk.policy
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "agent1", "1397")
        # The board: the role a late incident is to be told to, in full.
        late_to = role_word(policy, "duty_manager")
        board = drawn(app, "#open-incidents")
        assert not whole_words(late_to, board), board
        # What went wrong, not only the guest's name: the category column's header and
        # at least the first word of each row's category.
        assert isinstance(app.screen, BoardScreen) and app.screen.view is not None
        rows = app.screen.view.board.open
        use_language(language)
        assert not whole_words(lookup("Category"), board.split("\n")[1]), board
        for row in rows:
            first = WORD.findall(row.category)[0]
            assert not whole_words(first, board), f"{row.category!r} cut in\n{board}"
        # Each screen's title in the top line, whatever the hotel's name.
        await press(pilot, "f3")
        use_language(language)
        title = lookup("Work orders")
        assert not whole_words(title, screen_text(app).split("\n")[0]), screen_text(app)
        await press(pilot, "escape", "ctrl+f", *"Whit", "enter", "enter")
        assert not whole_words(lookup("Checklist"), screen_text(app).split("\n")[0])
        # Compensation: every item's name, in the staff's language, whole.
        await press(pilot, "ctrl+g")
        # The headroom under each cap, its name whole beside the amount.
        await press(pilot, "plus")
        decision = drawn(app, "#decision")
        use_language(language)
        for cap in ("per_incident", "per_guest_stay", "per_shift"):
            name = lookup(CAP_NAMES[cap])
            assert not whole_words(name, decision), f"{name!r} cut in\n{decision}"
        await press(pilot, "minus")
        assert not whole_words(lookup("Qty"), drawn(app, "#items").split("\n")[1])
        offered = policy.offered_items("noise")
        items = drawn(app, "#items")
        for _item in offered:  # down the list: every row is drawn once at least
            await press(pilot, "down")
            items += "\n" + drawn(app, "#items")
        for item in offered:
            name = policy.label(item.label, language)
            assert not whole_words(name, items), f"{name!r} cut in\n{items}"


@pytest.mark.parametrize("language", ["hy", "sw"])
async def test_the_staff_list_fits_at_80_columns(desk: Desk, language: str) -> None:
    """Every role and every language in the supervisor area's staff list, whole."""
    staff.set_ui_lang(desk, "super1", language, "super1")
    policy = desk.policy
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "super1", "3851")
        await press(pilot, "ctrl+t")
        listed = drawn(app, "#staff-table")
        use_language(language)
        members = staff.list_staff(desk)
        assert members
        for member in members:
            for words in (role_word(policy, member.role),
                          language_name(member.ui_lang or policy.property.staff_language)):
                assert not whole_words(words, listed), f"{words!r} cut in\n{listed}"


async def back_to_the_board(pilot: Pilot[None]) -> None:
    while not isinstance(pilot.app.screen, BoardScreen):
        await press(pilot, "escape")


@pytest.mark.parametrize(("language", "size"), [("hy", (80, 24)), ("sw", (80, 24)),
                                                ("sw", (120, 40))])
async def test_headers_titles_and_figures_are_whole(desk: Desk, language: str,
                                                    size: tuple[int, int]) -> None:
    """Each column's header whole (the board's and the history's room, the drafts' time,
    the reports' SLA share), the shift log's section titles, the boxes an incident report
    still misses, and the reports' figures in the language's own formats."""
    for member in ("agent1", "super1"):
        staff.set_ui_lang(desk, member, language, "super1")
    app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
    async with app.run_test(size=size) as pilot:
        await sign_in(pilot, "agent1", "1397")
        use_language(language)
        header = drawn(app, "#open-incidents").split("\n")[1]
        assert not whole_words(lookup("Room"), header), header
        header = drawn(app, "#my-drafts").split("\n")[1]
        assert not whole_words(lookup("Saved"), header), header
        await press(pilot, "f4")  # the shift log: each section's title whole
        shift = drawn(app, "#list")
        use_language(language)
        for title in ("Incidents", "Approvals", "Open items for the next shift"):
            assert not whole_words(lookup(title), shift), f"{title!r} cut in\n{shift}"
        await back_to_the_board(pilot)
        await press(pilot, "ctrl+y")
        header = drawn(app, "#history-table").split("\n")[1]
        use_language(language)
        for name in ("Ref", "Reported", "Guest", "Room", "Category", "Status"):
            assert not whole_words(lookup(name), header), f"{name!r} cut in {header!r}"
        await press(pilot, *"Հակոբ", "enter", "enter", "ctrl+e")  # an empty report form
        missing = " ".join(drawn(app, "#report-status").split())
        form = app.screen
        assert isinstance(form, IncidentReportScreen)
        use_language(language)
        boxes = [form.label(box) for box in form.form.boxes if box.required and not box.value]
        assert len(boxes) >= 4, missing
        for box in boxes:  # each name whole, none run off the line
            assert box in missing, f"{box!r} cut in\n{missing}"
        await back_to_the_board(pilot)
        await press(pilot, "ctrl+l")
        await sign_in(pilot, "super1", "3851")
        await press(pilot, "ctrl+t", "right", "right")
        await pilot.click("#open-reports")
        await settle(pilot)
        use_language(language)
        table = drawn(app, "#report-categories")
        header, rows = table.split("\n")[0], table.split("\n")[1:]
        for name in ("Category", "Incidents", "SLA breached"):
            assert not whole_words(lookup(name), header), f"{name!r} cut in\n{table}"
        for row in rows:  # each share ends in its sign, inside the table
            if row.strip():
                assert row.rstrip().endswith("%"), table
        await press(pilot, "right")  # the Measures tab: shares in the language's digits
        measures = drawn(app, "#report-measure-text")
        shares = re.findall(r"\d+[.,]\d%", measures)
        assert shares, measures
        sign = Locale.parse(staff_locale(desk.policy, language)).number_symbols["latn"][
            "decimal"]
        assert all(share[-3] == sign for share in shares), (sign, measures)
