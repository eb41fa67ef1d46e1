"""An incident after intake: finding it again, its audit trail, notes, a new owner,
reopening it with a reason. Each change is one audited store step by a signed-in
staff member."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from kiosk.core.display import hotel_zone
from kiosk.core.errors import StoreError, ValidationError
from kiosk.core.guest_keys import fold, room_key
from kiosk.core.i18n import _
from kiosk.core.models import Incident, NoteRecord, Staff, Status
from kiosk.desk.context import Desk
from kiosk.desk.records import active_staff, get_incident
from kiosk.desk.text_rules import NOTE_MAX, clean_for_message, clean_text

REASON_MAX = 500


def _day_start(desk: Desk, day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=hotel_zone(desk.policy))


def search(desk: Desk, *, status: Status | None = None, guest: str | None = None,
           room: str | None = None, ref: str | None = None, since: date | None = None,
           until: date | None = None, limit: int | None = None) -> list[Incident]:
    """Incidents of any status, newest first: a reference (or id); the start of any
    word of the guest's name; a room; reported from ``since`` to ``until`` (hotel days,
    both included)."""
    if ref is not None:
        try:
            found = [get_incident(desk, ref)]
        except (StoreError, ValidationError):  # an unknown reference matches nothing
            return []
    else:
        start = _day_start(desk, since) if since else None
        end = _day_start(desk, until + timedelta(days=1)) if until else None
        if guest is None and start is None and end is None:
            found = desk.store.find_incidents(status, None, room, limit)
        else:
            found = list(desk.store.iter_incidents(since=start, until=end))
    wanted_name = fold(guest) if guest else ""
    wanted_room = room_key(room) if room else ""

    def matches(incident: Incident) -> bool:
        if status is not None and incident.status != status:
            return False
        if wanted_room and room_key(incident.guest.room) != wanted_room:
            return False
        if wanted_name:
            name = fold(incident.guest.name)
            return name.startswith(wanted_name) or \
                any(word.startswith(wanted_name) for word in name.split())
        return True

    found = sorted((i for i in found if matches(i)), key=lambda i: i.reported_at,
                   reverse=True)
    return found[:limit] if limit is not None else found


_DAY = r"\d{4}-\d{2}-\d{2}"
_DAYS = re.compile(rf"({_DAY})(?:\s*(?:\.\.|to)\s*({_DAY}))?")


def find(desk: Desk, query: str, limit: int = 200) -> list[Incident]:
    """What the history screen's one search box finds, newest first: a day or a span
    (``2026-11-20``, ``2026-11-01..2026-11-30``); else every incident whose reference,
    room or guest's name (the start of any word) is what was typed."""
    text = query.strip()
    if not text:
        return search(desk, limit=limit)
    days = _DAYS.fullmatch(text)
    if days:
        try:
            since = date.fromisoformat(days.group(1))
            until = date.fromisoformat(days.group(2) or days.group(1))
        except ValueError:
            raise ValidationError(_("'{value}' is not a real date (YYYY-MM-DD)").format(
                value=clean_for_message(text, 24))) from None
        return search(desk, since=since, until=until, limit=limit)
    found = {i.id: i for i in search(desk, ref=text)}
    found.update((i.id, i) for i in search(desk, room=text, limit=limit))
    found.update((i.id, i) for i in search(desk, guest=text, limit=limit))
    return sorted(found.values(), key=lambda i: i.reported_at, reverse=True)[:limit]


def audit_trail(desk: Desk, id_or_ref: str) -> tuple[Incident, list[dict[str, Any]]]:
    """The incident and every audit entry about it, oldest first."""
    incident = get_incident(desk, id_or_ref)
    entries = [e for e in desk.store.audit_entries() if e.get("subject") == incident.id]
    return incident, entries


def _note_text(field: str, text: object, limit: int = NOTE_MAX) -> str:
    return clean_text(field, text, max_len=limit, min_len=1, multiline=True)


def add_note(desk: Desk, id_or_ref: str, staff: Staff, text: str) -> Incident:
    note = _note_text("note", text)
    incident = get_incident(desk, id_or_ref)
    now = desk.now()

    def mutate(fresh: Incident) -> None:
        fresh.notes.append(NoteRecord("note", staff.id, now, note))
        fresh.updated_at = now

    return desk.store.update_incident(incident.id, mutate, staff.id, "incident.note",
                                      {"length": len(note)})


def reassign(desk: Desk, id_or_ref: str, staff: Staff, owner_id: str,
             reason: str = "") -> Incident:
    """Give the incident a new owner: an active staff member."""
    owner = active_staff(desk, owner_id, "owner")
    why = clean_text("reason", reason, max_len=REASON_MAX, multiline=True)
    incident = get_incident(desk, id_or_ref)
    now = desk.now()

    def mutate(fresh: Incident) -> None:
        before = fresh.owner or fresh.agent_id
        if before == owner.id:
            raise ValidationError(f"{fresh.ref} is {owner.name}'s already")
        fresh.owner = owner.id
        fresh.notes.append(NoteRecord("reassign", staff.id, now,
                                      f"from {before} to {owner.id}"
                                      + (f": {why}" if why else "")))
        fresh.updated_at = now

    return desk.store.update_incident(incident.id, mutate, staff.id, "incident.reassign",
                                      {"owner": owner.id})


def reopen(desk: Desk, id_or_ref: str, staff: Staff, reason: str) -> Incident:
    """Open a resolved, followed-up or closed incident again; the reason is kept. Its
    SLA clock still counts from the report, so the board shows it as late as it is."""
    why = _note_text("--reason", reason, REASON_MAX)
    incident = get_incident(desk, id_or_ref)
    now = desk.now()

    def mutate(fresh: Incident) -> None:
        if fresh.status == Status.OPEN:
            raise ValidationError(_("{ref} is open already").format(ref=fresh.ref))
        fresh.notes.append(NoteRecord("reopen", staff.id, now,
                                      f"was {fresh.status.value}: {why}"))
        fresh.status = Status.OPEN
        fresh.resolved_at = None
        fresh.closed_at = None
        fresh.updated_at = now

    return desk.store.update_incident(incident.id, mutate, staff.id, "incident.reopen",
                                      {"reason": why[:200]})


def describe_entry(entry: dict[str, Any]) -> str:
    """One audit entry as a line for a person."""
    detail = entry.get("detail") or {}
    shown = ", ".join(f"{k}={clean_for_message(str(v), 60)}" for k, v in detail.items())
    return (_("{at}  #{seq}  {actor} on {terminal}: {action}").format(
                at=entry.get("at", "")[:16], seq=entry.get("seq"), actor=entry.get("actor"),
                terminal=clean_for_message(str(entry.get("terminal", "")), 30),
                action=entry.get("action"))
            + (f" ({shown})" if shown else ""))
