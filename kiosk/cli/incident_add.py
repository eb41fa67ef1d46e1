"""`kiosk incident add`: the headless JSON intake, one incident a document."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kiosk.cli.actor import acting, secret_file_option
from kiosk.cli.commands import INCIDENT
from kiosk.cli.common import folder_options, safe_text
from kiosk.cli.documents import parse_json_document, read_bytes
from kiosk.cli.language import Command
from kiosk.cli.pins import read_secret
from kiosk.config import Settings
from kiosk.core.display import locale_now, money
from kiosk.core.i18n import N_, _
from kiosk.desk.context import Desk
from kiosk.desk.intake import add_from_document, parse_document


@click.command("add", cls=Command, help=INCIDENT["add"].help)
@click.option("--json", "source", required=True, metavar=N_("FILE|-"),
              help=N_("The incident document (see the README); '-' reads stdin."))
@secret_file_option
@folder_options
def add(source: str, secret_file: Path | None, settings: Settings) -> None:
    document = parse_json_document(read_bytes(source))
    named = parse_document(document).agent  # its shape first, before anyone is asked
    desk = Desk.open(settings, create=False)
    actor = acting(desk, named or None, secret_file, stdin_is_document=source == "-")
    pin = None
    if isinstance(document, dict) and "approval" in document:
        # stdin carried the document, so it cannot also carry the PIN.
        pin = (read_secret("KIOSK_APPROVER_PIN", "Approver's PIN") if source != "-"
               else os.environ.get("KIOSK_APPROVER_PIN"))
    incident = add_from_document(desk, document, actor, pin)
    total = money(incident.compensation_total, desk.policy.currency, locale_now(desk.policy))
    click.echo(_("Incident {ref} saved: {name}, room {room}, {category}/{severity}, "
                 "compensation {total}.").format(
                   ref=incident.ref, name=safe_text(incident.guest.name, 60),
                   room=safe_text(incident.guest.room), category=incident.category,
                   severity=incident.severity, total=total))
    click.echo(incident.id)
