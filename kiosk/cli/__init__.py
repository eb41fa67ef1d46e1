"""The ``kiosk`` command. With no subcommand it opens the kiosk; subcommands live one
group per module beside this file and are imported only when they run."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.common import Flags, KioskGroup, load
from kiosk.cli.language import UI_LANG_FLAG
from kiosk.config import Settings
from kiosk.core.i18n import N_

COMMANDS = {
    "policy": "kiosk.cli.policy:policy",
    "staff": "kiosk.cli.staff:staff_group",
    "integration": "kiosk.cli.integration:integration_group",
    "incident": "kiosk.cli.incident:incident_group",
    "store": "kiosk.cli.store:store_group",
    "letter": "kiosk.cli.letters:letter_group",
    "letters": "kiosk.cli.letters:letters_group",
    "report": "kiosk.cli.report:report",
    "sync": "kiosk.cli.chain:sync",
    "demo": "kiosk.cli.demo:demo",
    "guests": "kiosk.cli.guests:guests_group",
    "notify": "kiosk.cli.notify:notify_group",
    "postings": "kiosk.cli.postings:postings_group",
    "followup": "kiosk.cli.followup:followup_group",
    "orders": "kiosk.cli.orders:orders_group",
    "shift": "kiosk.cli.shift:shift_group",
}


@click.group(cls=KioskGroup, lazy=COMMANDS, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("Front-desk service-recovery kiosk. Without a command, opens the kiosk."))
@click.option("--policies", type=click.Path(path_type=Path),
              help=N_("Policy folder (or KIOSK_POLICIES; default: the shipped policies)."))
@click.option("--letters", type=click.Path(path_type=Path),
              help=N_("Letter templates folder (or KIOSK_LETTERS; default: the shipped "
                      "letters)."))
@click.option("--store", type=click.Path(path_type=Path),
              help=N_("Store folder (or KIOSK_STORE; default: a folder in your data "
                      "directory)."))
@click.option("--terminal",
              help=N_("This terminal's name in the audit trail (or KIOSK_TERMINAL; "
                      "default: host)."))
# Read by KioskGroup before anything is parsed, so that click's own words follow it.
@click.option(UI_LANG_FLAG, metavar="LANG", expose_value=False,
              help=N_("Language of the words shown: en, hy or sw (or KIOSK_UI_LANG; "
                      "default: the system locale, else English)."))
@click.version_option(package_name="kiosk")
@click.pass_context
def cli(ctx: click.Context, policies: Path | None, letters: Path | None, store: Path | None,
        terminal: str | None) -> None:
    ctx.obj = Flags(policies, letters, store, terminal)
    if ctx.invoked_subcommand is None:
        load("kiosk.tui.launch:launch")(Settings.resolve(policies, letters, store, terminal))


def main() -> None:
    cli.main(prog_name="kiosk")
