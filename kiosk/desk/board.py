"""The kiosk's home screen as data: open incidents with their SLA clocks, and the
follow-up calls that are due. The TUI draws it; nothing here writes.

A second recovery (the guest was not satisfied at the follow-up) comes first; a
deadline after the guest's check-out (the in-house list's departure, else the
incident's) is flagged ``before_checkout``; a clock waiting on the guest is ``paused``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from kiosk.core.errors import StoreError
from kiosk.core.guest_keys import fold, room_key
from kiosk.core.models import Incident, InHouseGuest
from kiosk.core.plain import Value
from kiosk.core.policy_set import Policy
from kiosk.core.sla import SlaState, sla_state
from kiosk.desk.context import Desk
from kiosk.desk.guest_list import in_house


class BoardRow(Value):
    incident_id: str
    ref: str
    guest: str
    room: str
    category: str  # the category's label in the language asked for
    age: timedelta
    sla: SlaState  # sla.before_checkout and sla.paused are flags for the row
    severity: str = ""
    owner: str = ""  # who holds the incident now (its owner, else who took it)
    second_recovery: bool = False  # opened because the guest was not satisfied
    second_of: str = ""  # the first incident's id, for a second recovery
    second_of_ref: str = ""  # and its reference, as the desk calls it


class FollowUpRow(Value):
    incident_id: str
    ref: str
    guest: str
    due: datetime
    overdue: timedelta  # how long past due (zero or more)


class Board(Value):
    open: list[BoardRow]  # most urgent first
    follow_ups: list[FollowUpRow]  # oldest due first


def _category(policy: Policy, category_id: str, language: str | None) -> str:
    category = policy.categories.get(category_id)
    return policy.label(category.label, language) if category else category_id


def _matches(incident: Incident, query: str) -> bool:
    needle = query.casefold()
    return needle in incident.guest.name.casefold() or needle == incident.guest.room.casefold()


def departures(guests: list[InHouseGuest]) -> dict[tuple[str, str], date]:
    """The in-house list's departure day per (room, guest name)."""
    return {(room_key(g.room), fold(g.name)): g.departure for g in guests}


def departure_of(incident: Incident, known: dict[tuple[str, str], date]) -> date:
    """When the guest leaves: the in-house list's day (kept up to date by the PMS) when
    it has the guest in that room, else what the incident was given."""
    guest = incident.guest
    return known.get((room_key(guest.room), fold(guest.name)), guest.departure)


def _row(policy: Policy, incident: Incident, now: datetime,
         known: dict[tuple[str, str], date], language: str | None) -> BoardRow:
    return BoardRow(
        incident_id=incident.id, ref=incident.ref, guest=incident.guest.name,
        room=incident.guest.room, category=_category(policy, incident.category, language),
        age=now - incident.reported_at,
        sla=sla_state(policy, incident, now, departure_of(incident, known)),
        severity=incident.severity, owner=incident.owner or incident.agent_id,
        second_recovery=bool(incident.second_of), second_of=incident.second_of,
    )


def _urgency(row: BoardRow) -> tuple[int, int, float]:
    # Second recoveries first, then breached (highest level first), then least time left.
    left = row.sla.left.total_seconds() if row.sla.left is not None else float("inf")
    return (0 if row.second_recovery else 1,
            -row.sla.level - (1 if row.sla.breached else 0), left)


def _first_ref(desk: Desk, first_id: str) -> str:
    try:
        return desk.store.get_incident(first_id).ref
    except StoreError:  # a link to an incident this store no longer holds
        return ""


def board(desk: Desk, query: str = "", language: str | None = None) -> Board:
    """Rows for the home screen; ``query`` keeps incidents whose guest name contains it
    or whose room is it. Categories are named in ``language`` (the staff's), else the
    property's default."""
    policy = desk.policy
    now = desk.now()
    query = query.strip()
    known = departures(in_house(desk))
    rows = [_row(policy, i, now, known, language) for i in desk.store.open_incidents()
            if not query or _matches(i, query)]
    rows = [replace(r, second_of_ref=_first_ref(desk, r.second_of)) if r.second_of else r
            for r in rows]
    rows.sort(key=_urgency)
    due = [i for i in desk.store.follow_ups_due(now) if not query or _matches(i, query)]
    follow_ups = [
        FollowUpRow(incident_id=i.id, ref=i.ref, guest=i.guest.name, due=i.follow_up.due,
                    overdue=max(now - i.follow_up.due, timedelta(0)))
        for i in due if i.follow_up is not None
    ]
    follow_ups.sort(key=lambda f: f.due)
    return Board(open=rows, follow_ups=follow_ups)
