"""`kiosk integration` commands: add, list, disable.

An integration is how another system (the property-management system feeding
incidents) acts in the kiosk: under its own name in the audit trail, held to its role's
limits, proving itself with a random secret that is shown once when it is added (only
its digest is stored).
"""

from __future__ import annotations

import json

import click

from kiosk.cli.commands import TOP
from kiosk.cli.common import folder_options, safe_text
from kiosk.cli.language import Group, argument
from kiosk.cli.staff import actor_for, by_option
from kiosk.config import Settings
from kiosk.core.i18n import N_, _
from kiosk.desk.context import Desk
from kiosk.desk.staff import add_integration, disable_integration, list_integrations


@click.group("integration", cls=Group, help=TOP["integration"].help)
def integration_group() -> None:
    pass


@integration_group.command("add", help=N_(
    "Add an integration; prints its secret once, alone on the last line."))
@argument("name", N_("NAME"))
@click.option("--role", required=True, help=N_("The role whose limits it is held to, e.g. agent."))
@by_option
@folder_options
def add(name: str, role: str, by: str | None, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    actor = actor_for(desk, by, role)
    feed, secret = add_integration(desk, name, role, actor)
    click.echo(_("Added integration {id} as {role}. Its secret is shown only now: "
                 "keep it where the feeding system reads it (KIOSK_INTEGRATION_SECRET "
                 "or a file readable by that system only).").format(id=feed.id, role=feed.role),
               err=True)
    click.echo(secret)


@integration_group.command("list", help=N_(
    "List integrations: name, role, status."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@folder_options
def list_cmd(as_json: bool, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    feeds = list_integrations(desk)
    if as_json:
        click.echo(json.dumps([{"name": f.id, "role": f.role, "active": f.active,
                                "created_at": f.created_at.isoformat() if f.created_at
                                else None} for f in feeds], indent=2))
        return
    if not feeds:
        click.echo(_("No integrations."))
        return
    for feed in feeds:
        click.echo(f"{safe_text(feed.id, 32):<32}  {feed.role:<16}  "
                   f"{'active' if feed.active else 'disabled'}")


@integration_group.command("disable", help=N_(
    "Disable an integration: its secret no longer works."))
@argument("name", N_("NAME"))
@by_option
@folder_options
def disable(name: str, by: str | None, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    actor = actor_for(desk, by, None)
    feed = disable_integration(desk, name, actor)
    click.echo(_("Disabled integration {id}.").format(id=feed.id))
