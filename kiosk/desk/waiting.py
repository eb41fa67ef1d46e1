"""Waiting on the guest: for a category with ``pause_for_guest`` the SLA clock stands
still from the moment the desk starts waiting (the guest is out, asked to be called
back) until the guest is back. Each change is audited under a signed-in staff member."""

from __future__ import annotations

from kiosk.core.errors import ValidationError
from kiosk.core.i18n import _
from kiosk.core.models import Incident, Pause, Staff, Status
from kiosk.desk.context import Desk
from kiosk.desk.records import get_incident
from kiosk.desk.text_rules import clean_text

REASON_MAX = 300


def waiting(incident: Incident) -> bool:
    return any(p.end is None for p in incident.pauses)


def wait_on_guest(desk: Desk, id_or_ref: str, staff: Staff, reason: str = "") -> Incident:
    """Start waiting on the guest (an open incident whose category pauses for it)."""
    why = clean_text("--reason", reason, max_len=REASON_MAX)
    incident = get_incident(desk, id_or_ref)
    category = desk.policy.categories.get(incident.category)
    if category is None or not category.pause_for_guest:
        raise ValidationError(_("{ref}: the clock of this category does not pause for the "
                                "guest (pause_for_guest in categories.toml)")
                              .format(ref=incident.ref))
    now = desk.now()

    def mutate(fresh: Incident) -> None:
        if fresh.status != Status.OPEN:
            raise ValidationError(_("{ref} is {status}; only an open incident waits on "
                                    "the guest").format(ref=fresh.ref,
                                                        status=fresh.status.value))
        if waiting(fresh):
            raise ValidationError(_("{ref} is waiting on the guest already")
                                  .format(ref=fresh.ref))
        fresh.pauses.append(Pause(start=now, by=staff.id, reason=why))
        fresh.updated_at = now

    return desk.store.update_incident(incident.id, mutate, staff.id, "incident.wait",
                                      {"reason": why[:120]})


def guest_back(desk: Desk, id_or_ref: str, staff: Staff) -> Incident:
    """Stop waiting: the clock runs again."""
    incident = get_incident(desk, id_or_ref)
    now = desk.now()

    def mutate(fresh: Incident) -> None:
        open_pause = next((p for p in fresh.pauses if p.end is None), None)
        if open_pause is None:
            raise ValidationError(_("{ref} is not waiting on the guest").format(ref=fresh.ref))
        open_pause.end = now
        fresh.updated_at = now

    return desk.store.update_incident(incident.id, mutate, staff.id, "incident.resume")
