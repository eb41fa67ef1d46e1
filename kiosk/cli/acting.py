"""Who is doing this: every recorded change names a signed-in staff member, proved
with their PIN (KIOSK_ACTOR_PIN or asked at the terminal, never an argument)."""

from __future__ import annotations

import click

from kiosk.cli.common import fail
from kiosk.cli.staff import read_secret
from kiosk.core.i18n import N_, _
from kiosk.core.models import Staff
from kiosk.desk.context import Desk
from kiosk.desk.staff import sign_in
from kiosk.desk.text_rules import clean_text

by_option = click.option("--by", "by", metavar="STAFF_ID", required=True,
                         help=N_("Your staff id; your PIN is read from KIOSK_ACTOR_PIN or "
                              "asked at the terminal."))


def acting(desk: Desk, by: str) -> Staff:
    """The signed-in staff member behind ``--by`` (wrong PINs count to the lockout)."""
    staff_id = clean_text("--by", by, max_len=40, min_len=1)
    pin = read_secret("KIOSK_ACTOR_PIN", _("PIN for {id}").format(id=staff_id))
    if pin is None:
        fail(_("no PIN for --by: set KIOSK_ACTOR_PIN or run this at a terminal"))
    return sign_in(desk, staff_id, str(pin))
