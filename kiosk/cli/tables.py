"""One way to print a list for a person or a program: an aligned table, CSV (cells a
spreadsheet would run made inert) or JSON. Rows hold plain values: moments (already in
hotel time), days and amounts are written for people in the table, in the staff
language's CLDR formats, and in one fixed form (ISO 8601, plain decimals) for programs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import click

from kiosk.cli.common import safe_text
from kiosk.core.display import amount, day, day_time, value_word, yes_no
from kiosk.core.i18n import N_
from kiosk.core.spreadsheet import spreadsheet_text
from kiosk.core.text import aligned

FORMATS = ("table", "csv", "json")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                             show_default=True, help=N_("How to print it."))


class Word(str):
    """A fixed value (a status, a severity): programs read it as it is, people in their
    language."""

    __slots__ = ()


class Label(str):
    """An id as programs read it, shown to people by its label in their language."""

    shown: str

    def __new__(cls, value: str, shown: str) -> Label:
        made = super().__new__(cls, value)
        made.shown = shown
        return made


def _machine(value: Any) -> Any:
    """A value as programs read it, the same in every language."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _cell(value: Any, locale: str | None = None) -> str:
    """A cell's text: for people in ``locale``, else for programs."""
    if isinstance(value, bool):
        if locale is None:
            return "yes" if value else "no"
        return yes_no(value)
    if locale is not None:
        if isinstance(value, Word):
            return value_word(value)
        if isinstance(value, Label):
            return value.shown
        if isinstance(value, datetime):
            return day_time(value, locale)
        if isinstance(value, date):
            return day(value, locale)
        if isinstance(value, Decimal):
            return amount(value, locale)
    value = _machine(value)
    return "" if value is None else str(value)


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_text(_cell(row.get(c))) for c in columns])
    return out.getvalue()


def table_text(rows: Sequence[dict[str, Any]], columns: Sequence[str],
               headers: Sequence[str], width: int = 40, locale: str | None = None) -> str:
    cells = [[safe_text(_cell(row.get(c), locale), width) for c in columns] for row in rows]
    return "\n".join(aligned([list(headers), *cells]))


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], headers: Sequence[str],
         fmt: str, empty: str, locale: str | None = None) -> None:
    """Print ``rows`` (dicts keyed by ``columns``) as ``fmt``; ``empty`` for a table of
    none; the table in ``locale``'s formats."""
    if fmt == "json":
        plain = [{k: _machine(v) for k, v in row.items()} for row in rows]
        click.echo(json.dumps(plain, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        click.echo(csv_text(rows, columns), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        click.echo(table_text(rows, columns, headers, locale=locale))
