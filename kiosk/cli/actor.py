"""Who is acting in a command, proved: a staff member named with ``--by`` (or a
document's ``agent``) and their PIN (KIOSK_ACTOR_PIN, or typed at the terminal; never
an argument), or an integration with its secret (KIOSK_INTEGRATION plus
KIOSK_INTEGRATION_SECRET, or ``--secret-file``). Nothing is recorded in the name of
someone who did not prove it."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kiosk.cli.common import fail
from kiosk.cli.pins import read_secret
from kiosk.core.errors import AuthError, ValidationError
from kiosk.core.i18n import N_, _
from kiosk.core.models import Staff
from kiosk.desk.context import Desk
from kiosk.desk.staff import authenticate_integration, authenticate_person, sign_in
from kiosk.desk.text_rules import clean_text

SECRET_FILE_MAX = 1024

by_option = click.option("--by", "by", metavar=N_("STAFF_ID"), required=True,
                         help=N_("Your staff id; your PIN is read from KIOSK_ACTOR_PIN or "
                              "asked at the terminal."))

secret_file_option = click.option(
    "--secret-file", type=click.Path(path_type=Path, dir_okay=False), metavar=N_("FILE"),
    help=N_("File holding the integration's secret (instead of KIOSK_INTEGRATION_SECRET)."))


def _read_secret_file(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(SECRET_FILE_MAX + 1)
    except OSError as exc:
        raise ValidationError(_("--secret-file: {problem}").format(
            problem=exc.strerror or exc)) from None
    if len(data) > SECRET_FILE_MAX:
        raise ValidationError(_("--secret-file: that is not a secret file (too large)"))
    return data.decode("utf-8", "replace").strip()


def integration_asked(secret_file: Path | None) -> bool:
    return secret_file is not None or bool(os.environ.get("KIOSK_INTEGRATION"))


def acting(desk: Desk, by: str | None, secret_file: Path | None = None, *,
           stdin_is_document: bool = False) -> Staff:
    """The authenticated actor, or ``AuthError``/``ValidationError`` in one line."""
    if integration_asked(secret_file):
        name = os.environ.get("KIOSK_INTEGRATION", "")
        if not name:
            raise ValidationError(_("KIOSK_INTEGRATION: set it to the integration's "
                                    "name"))
        secret = (_read_secret_file(secret_file) if secret_file is not None
                  else os.environ.get("KIOSK_INTEGRATION_SECRET"))
        feed = authenticate_integration(desk, name, secret)
        if by and by != feed.id:
            raise AuthError(_("an integration acts under its own name: '{id}', not "
                              "someone else's").format(id=feed.id))
        return feed
    if not by:
        raise ValidationError(_("say who is acting: --by YOUR_STAFF_ID (your PIN from "
                                "KIOSK_ACTOR_PIN or the terminal), or an integration "
                                "(KIOSK_INTEGRATION and its secret)"))
    # When stdin carries the document it cannot also carry the PIN.
    pin = (os.environ.get("KIOSK_ACTOR_PIN") if stdin_is_document
           else read_secret("KIOSK_ACTOR_PIN", _("PIN for {id}").format(id=by)))
    return authenticate_person(desk, by, pin)


def staff_acting(desk: Desk, by: str) -> Staff:
    """A staff member only (no integration), behind ``--by``, signed in with their PIN:
    for the desk's own commands (wrong PINs count to the lockout)."""
    staff_id = clean_text("--by", by, max_len=40, min_len=1)
    pin = read_secret("KIOSK_ACTOR_PIN", _("PIN for {id}").format(id=staff_id))
    if pin is None:
        fail(_("no PIN for --by: set KIOSK_ACTOR_PIN or run this at a terminal"))
    return sign_in(desk, staff_id, str(pin))
