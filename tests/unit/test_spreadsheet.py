"""The one CSV-injection rule every export and import uses."""

from __future__ import annotations

import pytest

from kiosk.core.spreadsheet import spreadsheet_text


@pytest.mark.parametrize(("cell", "shown"), [
    ("=1+2", "'=1+2"), ("+374 91", "'+374 91"), ("-5 AMD", "'-5 AMD"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Ani", "Ani"), ("9010", "9010"), ("-5", "-5"),
    ("12.5%", "12.5%"), ("", ""),
])
def test_a_cell_that_would_run_is_shown_as_text(cell: str, shown: str) -> None:
    assert spreadsheet_text(cell) == shown
