"""One way to print a list for a person or a program: an aligned table, CSV (cells a
spreadsheet would run made inert) or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import click

from kiosk.cli.common import safe_text
from kiosk.core.i18n import N_
from kiosk.core.spreadsheet import spreadsheet_text

FORMATS = ("table", "csv", "json")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                             show_default=True, help=N_("How to print it."))


def _cell(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return "" if value is None else str(value)


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_text(_cell(row.get(c))) for c in columns])
    return out.getvalue()


def table_text(rows: Sequence[dict[str, Any]], columns: Sequence[str],
               headers: Sequence[str], width: int = 40) -> str:
    cells = [[safe_text(_cell(row.get(c)), width) for c in columns] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    return "\n".join(lines)


def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], headers: Sequence[str],
         fmt: str, empty: str) -> None:
    """Print ``rows`` (dicts keyed by ``columns``) as ``fmt``; ``empty`` for a table of
    none."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        click.echo(csv_text(rows, columns), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        click.echo(table_text(rows, columns, headers))
