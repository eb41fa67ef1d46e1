"""`kiosk demo`: seed a demo store (demo staff, a few incidents) and open the kiosk on it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click
import platformdirs
from click.core import ParameterSource

from kiosk.cli.commands import TOP
from kiosk.cli.common import folder_options, load, safe_text
from kiosk.cli.language import Command
from kiosk.config import Settings
from kiosk.core.i18n import N_, _
from kiosk.desk.context import Desk
from kiosk.desk.demo import DEMO_STAFF, seed_demo


def demo_store_path() -> Path:
    return platformdirs.user_data_path("kiosk", appauthor=False) / "demo-store"


def _store_given_on_command_line() -> bool:
    """Only an explicit --store may point the demo elsewhere: a KIOSK_STORE meant for the
    real store must never receive demo data."""
    ctx: click.Context | None = click.get_current_context()
    while ctx is not None:
        if ctx.get_parameter_source("store") == ParameterSource.COMMANDLINE:
            return True
        ctx = ctx.parent
    return False


@click.command("demo", cls=Command, help=TOP["demo"].help)
@click.option("--seed-only", is_flag=True, help=N_("Seed the demo store and exit."))
@folder_options
def demo(seed_only: bool, settings: Settings) -> None:
    if not _store_given_on_command_line():
        settings = dataclasses.replace(settings, store=demo_store_path())
    desk = Desk.open(settings)
    seed_demo(desk)
    click.echo(_("Demo store: {str}").format(str=safe_text(str(settings.store), 300)))
    for staff_id, name, role, pin in DEMO_STAFF:
        click.echo(_("  {staff_id:<8} {name:<20} {role:<16} PIN {pin}").format(
                       staff_id=staff_id, name=name, role=role, pin=pin))
    if seed_only:
        return
    load("kiosk.tui.launch:launch")(settings, demo=True)  # Textual only to open it
