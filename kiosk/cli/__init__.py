"""The ``kiosk`` command. With no subcommand it opens the kiosk; subcommands live one
group per module beside this file, are named in ``kiosk.cli.commands`` and are imported
only when they run."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.commands import TOP
from kiosk.cli.common import Flags, KioskGroup, load
from kiosk.cli.language import UI_LANG_FLAG, route_click
from kiosk.config import Settings
from kiosk.core.i18n import N_

# click names the value type of an option when it is declared, below, through the
# stdlib's gettext, whose search for a catalogue loads the locale module's tables; our
# catalogue answers click from the start instead (English until a language is chosen).
route_click()


@click.group(cls=KioskGroup, lazy=TOP, invoke_without_command=True,
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
@click.option(UI_LANG_FLAG, metavar=N_("LANG"), expose_value=False,
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
