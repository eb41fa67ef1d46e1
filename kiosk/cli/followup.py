"""`kiosk followup list`: the follow-up calls to make (a call is recorded with `kiosk
incident follow-up`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import click

from kiosk.cli.commands import TOP
from kiosk.cli.common import folder_options
from kiosk.cli.language import Command, Group
from kiosk.cli.tables import emit, format_option
from kiosk.config import Settings
from kiosk.core.display import hotel_time, locale_now
from kiosk.core.i18n import N_, _
from kiosk.desk.context import Desk
from kiosk.desk.follow_through import UpcomingCall, upcoming_follow_ups

COLUMNS = ("ref", "due", "overdue", "attempt", "room", "guest", "contact", "second_recovery")


@click.group("followup", cls=Group, help=TOP["followup"].help)
def followup_group() -> None:
    pass


def _row(desk: Desk, call: UpcomingCall) -> dict[str, Any]:
    return {"ref": call.ref, "incident_id": call.incident_id,
            "due": hotel_time(desk.policy, call.due),
            "overdue": call.overdue, "attempt": f"{call.attempt}/{call.attempts}",
            "room": call.room, "guest": call.guest, "contact": call.contact,
            "second_recovery": call.second_recovery}


@followup_group.command("list", cls=Command, help=N_(
    "Follow-up calls still to make, soonest first, with an overdue mark."))
@click.option("--within", type=click.IntRange(1, 24 * 365), metavar=N_("HOURS"),
              help=N_("Only calls due within this many hours (overdue ones always)."))
@format_option
@folder_options
def list_cmd(within: int | None, fmt: str, settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    calls = upcoming_follow_ups(desk, timedelta(hours=within) if within else None)
    headers = (_("Ref"), _("Due"), _("Overdue"), _("Call"), _("Room"), _("Guest"),
               _("Contact"), _("Second recovery"))
    emit([_row(desk, c) for c in calls], COLUMNS, headers, fmt, _("No follow-up calls due."),
         locale_now(desk.policy))
