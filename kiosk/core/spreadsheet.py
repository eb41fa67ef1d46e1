"""Cells a spreadsheet would run: the OWASP CSV-injection rule, in one place.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken
as a formula by Excel, LibreOffice and Google Sheets when a CSV file is opened. Guest
names, locations and remarks are typed by people, so a report must never hand such a
cell over as it stands, and an import must not take one in.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?%?")  # a plain number is a number, not a formula


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def spreadsheet_text(cell: str) -> str:
    """``cell`` as a spreadsheet shows it, as text: a leading apostrophe before anything
    that would start a formula (OWASP's advice); plain numbers such as -5 stay numbers."""
    if looks_like_formula(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
