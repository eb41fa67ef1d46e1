"""`kiosk shift log`: the shift's incidents, compensation, approvals and open items for
the handover, as a table, CSV or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kiosk.cli.actor import staff_acting
from kiosk.cli.commands import TOP
from kiosk.cli.common import day_option, folder_options, safe_text
from kiosk.cli.language import Command, Group
from kiosk.cli.tables import emit, format_option, table_text
from kiosk.config import Settings
from kiosk.core.display import day_time, locale_now, minor_units
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _
from kiosk.desk.context import Desk
from kiosk.desk.shift_log import ShiftEntry, shift_log
from kiosk.desk.shift_paper import print_shift_log, shift_log_pdf

COLUMNS = ("section", "ref", "at", "room", "guest", "what", "amount", "by")
# For programs: ids, codes, integer minor units and ISO 8601 times, the same in every
# language (``detail`` is an object in JSON, the same object as compact JSON in CSV).
MACHINE_COLUMNS = ("section", "kind", "ref", "incident_id", "at", "room", "guest", "detail",
                   "amount_minor", "currency", "by")


@click.group("shift", cls=Group, help=TOP["shift"].help)
def shift_group() -> None:
    pass


def _row(entry: ShiftEntry, locale: str) -> dict[str, Any]:
    """For people, in the staff's language."""
    return {"ref": entry.ref, "at": day_time(entry.at, locale) if entry.at else "",
            "room": entry.room, "guest": entry.guest, "what": entry.what,
            "amount": entry.amount, "by": entry.by}


def _record(entry: ShiftEntry) -> dict[str, Any]:
    """For programs: what the entry says in ids, codes and numbers."""
    return {"section": entry.section, "kind": entry.kind, "ref": entry.ref,
            "incident_id": entry.incident_id,
            "at": entry.at.isoformat(timespec="seconds") if entry.at else None,
            "room": entry.room, "guest": entry.guest, "detail": entry.detail,
            "amount_minor": (minor_units(entry.value, entry.currency)
                             if entry.value is not None else None),
            "currency": entry.currency or None, "by": entry.by}


def _csv_record(entry: ShiftEntry) -> dict[str, Any]:
    row = _record(entry)
    return {**row, "detail": json.dumps(row["detail"], ensure_ascii=False, sort_keys=True,
                                        separators=(",", ":"))}


@shift_group.command("log", cls=Command, help=N_(
    "The shift log: incidents, compensation, approvals and open items."))
# TRANSLATORS: keep as written: the pattern shows the order of the digits to type.
@click.option("--date", "day", metavar=N_("YYYY-MM-DD"),
              help=N_("That hotel day, midnight to midnight (default: the shift now ending)."))
@click.option("--pdf", "pdf_path", type=click.Path(path_type=Path, dir_okay=False),
              help=N_("Write it as a PDF to this file, as it prints."))
@click.option("--print", "to_printer", is_flag=True,
              help=N_("Print it, in the staff's language (needs --by)."))
@click.option("--printer", metavar=N_("QUEUE"), help=N_("The CUPS queue (default: the policy's)."))
@click.option("--by", metavar=N_("STAFF_ID"),
              help=N_("Who prints it; the PIN from KIOSK_ACTOR_PIN or the terminal."))
@format_option
@folder_options
def log_cmd(day: str | None, pdf_path: Path | None, to_printer: bool, printer: str | None,
            by: str | None, fmt: str, settings: Settings) -> None:
    wanted = day_option("--date", day)
    if (to_printer or printer) and not by:
        raise ValidationError(_("say who is printing the shift log: --by YOUR_STAFF_ID"))
    desk = Desk.open(settings, create=False)
    if pdf_path is not None:
        pdf_path.write_bytes(shift_log_pdf(desk, shift_log(desk, wanted)))
        click.echo(_("Shift log written to {file}.").format(
            file=safe_text(str(pdf_path), 120)))
    if to_printer or printer:
        job = print_shift_log(desk, staff_acting(desk, by or ""), wanted, printer)
        click.echo(_("Shift log sent to the printer (job {job}).").format(job=job))
    if pdf_path is not None or to_printer or printer:
        return
    log = shift_log(desk, wanted)
    if fmt == "json":
        click.echo(json.dumps({
            "start": log.start.isoformat(timespec="minutes"),
            "end": log.end.isoformat(timespec="minutes"),
            "incidents": [_record(e) for e in log.incidents],
            "compensation": [_record(e) for e in log.compensation],
            "approvals": [_record(e) for e in log.approvals],
            "open_items": [_record(e) for e in log.open_items]}, ensure_ascii=False,
            indent=2))
        return
    if fmt == "csv":
        emit([_csv_record(e) for e in log.entries], MACHINE_COLUMNS, MACHINE_COLUMNS, "csv",
             "")
        return
    locale = locale_now(desk.policy)
    click.echo(_("Shift log {start} to {end}").format(
        start=day_time(log.start, locale), end=day_time(log.end, locale)))
    headers = (_("Ref"), _("At"), _("Room"), _("Guest"), _("What"), _("Amount"), _("By"))
    for title, entries in ((_("Incidents"), log.incidents),
                           (_("Compensation"), log.compensation),
                           (_("Approvals"), log.approvals),
                           (_("Open items for the next shift"), log.open_items)):
        click.echo("")
        click.echo(f"{title} ({len(entries)})")
        if entries:
            click.echo(table_text([_row(e, locale) for e in entries], COLUMNS[1:], headers))
