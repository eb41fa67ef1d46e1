"""`kiosk sync`: send this property's record to head office."""

from __future__ import annotations

import click

from kiosk.chain.sync import BATCH
from kiosk.cli.commands import TOP
from kiosk.cli.common import folder_options
from kiosk.cli.language import Command
from kiosk.config import Settings
from kiosk.core.i18n import N_, _
from kiosk.desk.context import Desk
from kiosk.desk.sync import sync_now


@click.command("sync", cls=Command, help=TOP["sync"].help)
@click.option("--batch", type=click.IntRange(1, 100_000), default=BATCH, show_default=True,
              help=N_("Audit entries per transaction (smaller for a slow, flaky line)."))
@folder_options
def sync(batch: int, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    result = sync_now(desk, batch)
    click.echo(_("sent {sent} audit entries ({incidents} incident records); head "
                 "office holds the trail up to entry {acked}").format(
                   sent=result.sent, incidents=result.incidents, acked=result.acked))

