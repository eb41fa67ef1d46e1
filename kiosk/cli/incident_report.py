"""`kiosk incident report ID`: fill the incident report (from flags or a JSON document)
and show it as a plain page, JSON or a PDF, or print it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from kiosk.cli.actor import staff_acting
from kiosk.cli.commands import INCIDENT
from kiosk.cli.common import folder_options, safe_text
from kiosk.cli.documents import parse_json_document, read_bytes
from kiosk.cli.language import Command, argument
from kiosk.config import Settings
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _
from kiosk.core.models import to_dict
from kiosk.desk.context import Desk
from kiosk.desk.incident_report import (
    fill_report,
    print_report,
    report_form,
    report_pdf,
    report_text,
)
from kiosk.desk.text_rules import clean_text


def _pairs(values: tuple[str, ...]) -> dict[str, object]:
    found: dict[str, object] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValidationError(_("--set: '{given}' is not FIELD=VALUE").format(
                given=safe_text(item, 40)))
        found[key.strip()] = value
    return found


def _document(source: str) -> dict[str, object]:
    value = parse_json_document(read_bytes(source))
    if isinstance(value, dict) and isinstance(value.get("report"), dict):
        value = value["report"]  # {"report": {...}} as well as the fields themselves
    if not isinstance(value, dict):
        raise ValidationError(_("--json: expected an object of field = text"))
    return {str(k): v for k, v in value.items()}


@click.command("report", cls=Command, help=INCIDENT["report"].help)
@argument("incident_id", N_("ID"))
@click.option("--set", "sets", multiple=True, metavar=N_("FIELD=VALUE"),
              help=N_("Fill one box (repeat it); an empty VALUE clears the box."))
@click.option("--json", "source", metavar=N_("FILE|-"),
              help=N_("Fill boxes from a JSON object of field = text ('-' reads stdin)."))
@click.option("--by", metavar=N_("STAFF_ID"),
              help=N_("Who fills or prints it; the PIN from KIOSK_ACTOR_PIN or the terminal."))
@click.option("--pdf", "pdf_path", type=click.Path(path_type=Path, dir_okay=False),
              help=N_("Write the report as a PDF to this file."))
@click.option("--print", "to_printer", is_flag=True, help=N_("Print it (needs --by)."))
@click.option("--printer", metavar=N_("QUEUE"), help=N_("The CUPS queue (default: the policy's)."))
@click.option("--as-json", "as_json", is_flag=True, help=N_("Show the report as JSON."))
@folder_options
def report_cmd(incident_id: str, sets: tuple[str, ...], source: str | None, by: str | None,
               pdf_path: Path | None, to_printer: bool, printer: str | None, as_json: bool,
               settings: Settings) -> None:
    incident_id = clean_text("ID", incident_id, max_len=40, min_len=1)
    values = _pairs(sets)
    if source is not None:
        if source == "-" and by and not os.environ.get("KIOSK_ACTOR_PIN"):
            raise ValidationError(_("with --json -, stdin carries the document: give the PIN "
                                    "in KIOSK_ACTOR_PIN"))
        values.update(_document(source))
    filling = bool(sets) or source is not None
    if (filling or to_printer) and not by:
        raise ValidationError(_("say who is filling or printing the report: --by "
                                "YOUR_STAFF_ID"))
    desk = Desk.open(settings, create=False)
    report_form(desk, incident_id)  # an unknown incident or no report: said before the PIN
    staff = staff_acting(desk, by) if by else None
    if filling and staff is not None:
        incident = fill_report(desk, incident_id, staff, values)
        click.echo(_("Report of {ref} saved.").format(ref=incident.ref), err=True)
    if pdf_path is not None:
        pdf_path.write_bytes(report_pdf(desk, incident_id))
        click.echo(_("Report written to {file}.").format(file=safe_text(str(pdf_path), 120)))
    if to_printer and staff is not None:
        job = print_report(desk, incident_id, staff, printer)
        click.echo(_("Report sent to the printer (job {job}).").format(job=job))
    if pdf_path is None and not to_printer:
        if as_json:
            form = report_form(desk, incident_id)
            click.echo(json.dumps({"ref": form.incident.ref, "needed": form.needed,
                                   "missing": form.missing, "by": form.by,
                                   "at": form.at.isoformat() if form.at else None,
                                   "boxes": [to_dict(b) for b in form.boxes]},
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(report_text(desk, incident_id), nl=False)
