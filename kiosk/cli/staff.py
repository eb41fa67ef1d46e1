"""`kiosk staff` commands: add, list, disable, enable, unlock, reset-pin.

PINs are never command-line arguments: they are read without echo from the terminal,
or as one line from stdin when it is piped. Changes need ``--by ID`` and that person's
PIN (KIOSK_ACTOR_PIN or the terminal); only a store that has never had staff lets the
first supervisor be added without (the bootstrap).
"""

from __future__ import annotations

import json

import click

from kiosk.cli.commands import TOP
from kiosk.cli.common import fail, folder_options, safe_text, stdin_is_tty, table
from kiosk.cli.language import Group, argument
from kiosk.cli.pins import read_secret, stdin_line
from kiosk.config import Settings
from kiosk.core.display import role_word
from kiosk.core.i18n import N_, _, current_language
from kiosk.core.models import Staff
from kiosk.desk.context import Desk
from kiosk.desk.staff import (
    add_staff,
    authorize_manager,
    check_pin,
    disable_staff,
    enable_staff,
    list_staff,
    local_clock_time,
    needs_bootstrap,
    reset_pin,
    unlock_staff,
)

BOOTSTRAP_ACTOR = "bootstrap"


def read_new_pin() -> str:
    """A new PIN: typed twice at a terminal, or one line of piped stdin."""
    if stdin_is_tty():
        pin = str(click.prompt(_("New PIN (4-12 digits)"), hide_input=True,
                               confirmation_prompt=_("Repeat the PIN")))
    else:
        pin = stdin_line()
    return check_pin(pin)


def actor_for(desk: Desk, by: str | None, target_role: str | None) -> str:
    """Who is making this change, checked; the bootstrap only on a store that has never
    had staff."""
    if needs_bootstrap(desk):
        return BOOTSTRAP_ACTOR
    if not by:
        fail(_("this store has a supervisor already: pass --by YOUR_STAFF_ID (your "
               "PIN is read from KIOSK_ACTOR_PIN or asked at the terminal)"))
    pin = read_secret("KIOSK_ACTOR_PIN", _("PIN for {id}").format(id=by))
    if pin is None:
        fail(_("no PIN for --by: set KIOSK_ACTOR_PIN or run this at a terminal"))
    return authorize_manager(desk, str(by), str(pin), target_role).id


def _status(desk: Desk, staff: Staff) -> str:
    if not staff.active:
        return _("disabled")
    if staff.locked_until is not None and staff.locked_until > desk.now():
        return _("locked until {time}").format(
            time=local_clock_time(desk.policy, staff.locked_until))
    return _("active")


def _public(staff: Staff) -> dict[str, object]:
    """What may leave the store about a person: never the PIN hash."""
    return {
        "id": staff.id, "name": staff.name, "role": staff.role, "active": staff.active,
        "failed_attempts": staff.failed_attempts,
        "locked_until": staff.locked_until.isoformat() if staff.locked_until else None,
        "created_at": staff.created_at.isoformat() if staff.created_at else None,
        "ui_lang": staff.ui_lang,
    }


@click.group("staff", cls=Group, help=TOP["staff"].help)
def staff_group() -> None:
    pass


by_option = click.option("--by", "by", metavar=N_("STAFF_ID"),
                         help=N_("Your staff id (supervisor or above); your PIN is read from "
                              "KIOSK_ACTOR_PIN or the terminal. Not needed on a new store."))


@staff_group.command("add", help=N_(
    "Add a staff member; prints the new staff id alone on the last line."))
@argument("name", N_("NAME"))
@click.option("--role", required=True, help=N_("A role id from roles.toml, e.g. agent."))
@click.option("--same-name-ok", is_flag=True,
              help=N_("Add this person although someone of the same name is on the list."))
@click.option("--ui-lang", "ui_lang", default="", metavar=N_("LANG"),
              help=N_("The language the kiosk's screens speak to this person (en, hy, sw); "
                      "without it, staff_language in property.toml."))
@by_option
@folder_options
def add(name: str, role: str, same_name_ok: bool, ui_lang: str, by: str | None,
        settings: Settings) -> None:
    desk = Desk.open(settings)
    actor = actor_for(desk, by, role)
    pin = read_new_pin()
    staff = add_staff(desk, name, role, pin, actor=actor, same_name_ok=same_name_ok,
                      ui_lang=ui_lang)
    click.echo(_("Added {name} as {role}.").format(name=safe_text(staff.name),
                                                  role=role_word(desk.policy, staff.role)))
    click.echo(staff.id)


@staff_group.command("list", help=N_(
    "List staff: id, name, role, status."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print a JSON array."))
@folder_options
def list_cmd(as_json: bool, settings: Settings) -> None:
    desk = Desk.open(settings)
    people = list_staff(desk)
    if as_json:
        click.echo(json.dumps([_public(s) for s in people], ensure_ascii=False, indent=2))
        return
    if not people:
        click.echo(_("No staff yet. Add the first supervisor with: kiosk staff add "
                     '"NAME" --role supervisor'))
        return
    policy = desk.policy
    rows = [(s.id, safe_text(s.name, 40), policy.role_label(s.role, current_language()),
             _status(desk, s)) for s in people]
    for line in table([(_("ID"), _("NAME"), _("ROLE"), _("STATUS")), *rows]):
        click.echo(line)


def _target_role(desk: Desk, staff_id: str) -> str:
    return desk.store.get_staff(staff_id).role


@staff_group.command("disable", help=N_(
    "Disable a staff member: they can no longer sign in or approve."))
@argument("staff_id", N_("STAFF_ID"))
@by_option
@folder_options
def disable(staff_id: str, by: str | None, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    actor = actor_for(desk, by, _target_role(desk, staff_id))
    staff = disable_staff(desk, staff_id, actor)
    click.echo(_("Disabled {name} ({id}).").format(name=safe_text(staff.name), id=staff.id))


@staff_group.command("enable", help=N_(
    "Enable a disabled staff member again (their PIN is unchanged, lockout "
    "cleared)."))
@argument("staff_id", N_("STAFF_ID"))
@by_option
@folder_options
def enable(staff_id: str, by: str | None, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    actor = actor_for(desk, by, _target_role(desk, staff_id))
    staff = enable_staff(desk, staff_id, actor)
    click.echo(_("Enabled {name} ({id}).").format(name=safe_text(staff.name), id=staff.id))


@staff_group.command("unlock", help=N_(
    "End a lockout after wrong PINs now (the PIN is unchanged)."))
@argument("staff_id", N_("STAFF_ID"))
@by_option
@folder_options
def unlock(staff_id: str, by: str | None, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    actor = actor_for(desk, by, _target_role(desk, staff_id))
    staff = unlock_staff(desk, staff_id, actor)
    click.echo(_("Unlocked {name} ({id}).").format(name=safe_text(staff.name), id=staff.id))


@staff_group.command("reset-pin", help=N_(
    "Set a new PIN (read like `staff add`) and clear any lockout."))
@argument("staff_id", N_("STAFF_ID"))
@by_option
@folder_options
def reset_pin_cmd(staff_id: str, by: str | None, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    actor = actor_for(desk, by, _target_role(desk, staff_id))
    pin = read_new_pin()
    staff = reset_pin(desk, staff_id, pin, actor)
    click.echo(_("New PIN set for {name} ({id}); lockout cleared.").format(
                   name=safe_text(staff.name), id=staff.id))
