"""`kiosk orders` commands: the department view of work orders (list) and moving one
along (update)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from kiosk.cli.actor import by_option, staff_acting
from kiosk.cli.commands import TOP
from kiosk.cli.common import folder_options, safe_text
from kiosk.cli.language import Command, Group, argument
from kiosk.cli.tables import Label, Word, emit, format_option
from kiosk.config import Settings
from kiosk.core.display import hotel_time, hotel_zone, locale_now, value_word
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import N_, _, current_language
from kiosk.core.models import OrderStatus
from kiosk.core.policy_set import Policy
from kiosk.desk.context import Desk
from kiosk.desk.text_rules import clean_text
from kiosk.desk.work_orders import OrderRow, list_orders, order_status, update_order

COLUMNS = ("ref", "department", "status", "promised", "overdue", "owner", "room",
           "category", "note")


@click.group("orders", cls=Group, help=TOP["orders"].help)
def orders_group() -> None:
    pass


def _row(policy: Policy, row: OrderRow) -> dict[str, Any]:
    return {"ref": row.ref, "incident_id": row.incident_id,
            "department": Label(row.department, row.department_label),
            "status": Word(row.status.value),
            "promised": hotel_time(policy, row.promised_at),
            "overdue": row.overdue, "owner": Label(row.owner_as_stored, row.owner),
            "room": row.room,
            "guest": row.guest, "category": Label(row.category_id, row.category),
            "note": row.note}


def _promised(policy: Policy, value: str | None) -> datetime | None:
    """``YYYY-MM-DD HH:MM`` (or with a T) in hotel time."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "T"))
    except ValueError:
        moment = None
    if moment is None or len(value.strip()) < 16:
        raise ValidationError(_("--promised: '{given}' is not a day and time (YYYY-MM-DD "
                                "HH:MM)").format(given=safe_text(value, 30)))
    return moment if moment.tzinfo else moment.replace(tzinfo=hotel_zone(policy))


@orders_group.command("list", cls=Command, help=N_(
    "Work orders, soonest promised first, with an overdue mark."))
@click.option("--department", metavar=N_("DEPARTMENT"),
              help=N_("Only this department (id or name)."))
@click.option("--all", "include_done", is_flag=True, help=N_("Done orders too."))
@format_option
@folder_options
def list_cmd(department: str | None, include_done: bool, fmt: str,
             settings: Settings) -> None:
    desk = Desk.open(settings, create=False)
    rows = list_orders(desk, department, include_done=include_done)
    headers = (_("Ref"), _("Department"), _("Status"), _("Promised"), _("Overdue"),
               _("Owner"), _("Room"), _("Category"), _("What was done"))
    emit([_row(desk.policy, r) for r in rows], COLUMNS, headers, fmt,
         _("No work orders waiting."), locale_now(desk.policy))


@orders_group.command("update", cls=Command, help=N_(
    "Move the work order of incident ID along."))
@argument("incident_id", N_("ID"))
@click.option("--status", help=N_("open, in_progress or done."))
@click.option("--owner", help=N_("Who in the department sees it through."))
@click.option("--note", help=N_("What was done (the guest's letter reads it once done)."))
# TRANSLATORS: keep as written: the pattern shows the order of the digits to type.
@click.option("--promised", metavar=N_("'YYYY-MM-DD HH:MM'"), help=N_("A new promised time."))
@by_option
@folder_options
def update_cmd(incident_id: str, status: str | None, owner: str | None, note: str | None,
               promised: str | None, by: str, settings: Settings) -> None:
    incident_id = clean_text("ID", incident_id, max_len=40, min_len=1)
    wanted: OrderStatus | None = order_status(status) if status is not None else None
    desk = Desk.open(settings, create=False)
    when = _promised(desk.policy, promised)
    staff = staff_acting(desk, by)
    incident = update_order(desk, incident_id, staff, status=wanted, owner=owner, note=note,
                            promised_at=when)
    order = incident.work_order
    assert order is not None  # update_order refuses an incident without one
    policy, language = desk.policy, current_language()
    owner = policy.owner_shown(order.department, order.owner, language)
    click.echo(_("Work order {ref} ({department}): {status}, owner {owner}.").format(
        ref=incident.ref, department=policy.department_label(order.department, language),
        status=value_word(order.status.value), owner=safe_text(owner or "-", 60)))
