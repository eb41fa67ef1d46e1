"""Spaces of every width show as spaces wherever typed text is shown: on the kiosk's
screen, in command output and in letters. Controls still never reach a terminal."""

from __future__ import annotations

import unicodedata

from babel.numbers import format_currency
from rich.cells import cell_len

from kiosk.cli.common import safe_text
from kiosk.core.text import all_show_as_themselves, shown, shows_as_itself
from kiosk.letters.inert import visible
from kiosk.tui.text import clean

AMOUNT = format_currency(35000, "AMD", locale="hy_AM")  # '35\xa0000,00\xa0֏'


def test_no_break_and_thin_spaces_show_as_themselves():
    assert "\xa0" in AMOUNT
    for ch in "\xa0\u202f\u2009 ":
        assert shows_as_itself(ch)
    for ch in "\x1b\x07\x00\u200b\n":
        assert not shows_as_itself(ch)


def test_an_amount_keeps_its_spaces_everywhere_it_is_shown():
    assert clean(AMOUNT) == AMOUNT
    assert safe_text(AMOUNT) == AMOUNT
    assert shown(AMOUNT) == AMOUNT
    assert visible(AMOUNT) == AMOUNT


def test_controls_are_still_kept_off_the_terminal():
    hostile = "Ani\x1b[31m\xa0Red\x07"
    assert clean(hostile) == "Ani[31m\xa0Red"
    assert safe_text(hostile) == "Ani\\x1b[31m\xa0Red\\x07"
    assert shown(hostile, limit=6) == "Ani?[…"


def test_the_whole_text_check_agrees_with_the_one_character_check():
    # Every space of every width, every control and format character, a sample of the
    # rest of Unicode: one pass over the text says what the check of each character says.
    sample = [chr(c) for c in range(0, 0x3100)] + ["\U0001f600", "\U000e0001", "\udc80"]
    for ch in sample:
        expected = ch in "\n\t" or shows_as_itself(ch)
        assert all_show_as_themselves("Ա" + ch + "b") == expected, hex(ord(ch))


MARKED = "Ա\u0301նի Մա\u0301րտիրոսյան"  # two combining acute accents: no cell of their own
WIDE = "王秀英" * 4  # each character two terminal cells


def test_text_is_cut_to_terminal_cells_not_characters() -> None:
    """A limit counts the cells a terminal draws: combining marks take none, wide
    characters two. Text that fits is never cut; cut text never overflows, and a mark
    stays with its letter."""
    fits = cell_len(MARKED)
    assert fits < len(MARKED)
    for cut in (safe_text, shown, lambda text, limit: clean(text, limit=limit)):
        assert cut(MARKED, fits) == MARKED
        for limit in range(2, 2 * len(WIDE)):
            for text in (MARKED, WIDE, MARKED + WIDE):
                out = cut(text, limit)
                assert cell_len(out) <= limit, (cut, text, limit, out)
                if out == text:
                    continue
                kept = out.removesuffix("…")
                assert out.endswith("…") and text.startswith(kept), out
                assert cell_len(kept) >= limit - 3, out  # filled, not cut short
                assert not unicodedata.combining(text[len(kept)]), out  # the mark kept
    assert safe_text(WIDE, 8) == "王秀英…"
    assert safe_text(MARKED, 4) == "Ա\u0301նի…"
