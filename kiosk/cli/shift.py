"""`kiosk shift log`: the shift's incidents, compensation, approvals and open items for
the handover, as a table, CSV or JSON."""

from __future__ import annotations

import json
from typing import Any

import click

from kiosk.cli.commands import TOP
from kiosk.cli.common import day_option, folder_options
from kiosk.cli.language import Command, Group
from kiosk.cli.tables import emit, format_option, table_text
from kiosk.config import Settings
from kiosk.core.i18n import N_, _
from kiosk.desk.context import Desk
from kiosk.desk.shift_log import ShiftEntry, shift_log

COLUMNS = ("section", "ref", "at", "room", "guest", "what", "amount", "by")


@click.group("shift", cls=Group, help=TOP["shift"].help)
def shift_group() -> None:
    pass


def _row(entry: ShiftEntry) -> dict[str, Any]:
    return {"section": entry.section, "ref": entry.ref, "incident_id": entry.incident_id,
            "at": entry.at.strftime("%Y-%m-%d %H:%M") if entry.at else "",
            "room": entry.room, "guest": entry.guest, "what": entry.what,
            "amount": entry.amount, "by": entry.by}


@shift_group.command("log", cls=Command, help=N_(
    "The shift log: incidents, compensation, approvals and open items."))
@click.option("--date", "day", metavar="YYYY-MM-DD",
              help=N_("That hotel day, midnight to midnight (default: the shift now ending)."))
@format_option
@folder_options
def log_cmd(day: str | None, fmt: str, settings: Settings) -> None:
    wanted = day_option("--date", day)
    desk = Desk.open(settings, create=False)
    log = shift_log(desk, wanted)
    if fmt == "json":
        click.echo(json.dumps({
            "start": log.start.isoformat(timespec="minutes"),
            "end": log.end.isoformat(timespec="minutes"),
            "incidents": [_row(e) for e in log.incidents],
            "compensation": [_row(e) for e in log.compensation],
            "approvals": [_row(e) for e in log.approvals],
            "open_items": [_row(e) for e in log.open_items]}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        emit([_row(e) for e in log.entries], COLUMNS, COLUMNS, "csv", "")
        return
    click.echo(_("Shift log {start} to {end}").format(
        start=log.start.strftime("%Y-%m-%d %H:%M"), end=log.end.strftime("%Y-%m-%d %H:%M")))
    headers = (_("Ref"), _("At"), _("Room"), _("Guest"), _("What"), _("Amount"), _("By"))
    for title, entries in ((_("Incidents"), log.incidents),
                           (_("Compensation"), log.compensation),
                           (_("Approvals"), log.approvals),
                           (_("Open items for the next shift"), log.open_items)):
        click.echo("")
        click.echo(f"{title} ({len(entries)})")
        if entries:
            click.echo(table_text([_row(e) for e in entries], COLUMNS[1:], headers))
