"""SLA clocks: how long an incident has left to be acknowledged or resolved, and who is
to be told when the time has run out.

A category's clock runs round the clock, or only in its department's working hours
(``clock = "working_hours"``); with ``pause_for_guest`` it stops while the desk waits
on the guest. A deadline after the guest's check-out is "before checkout".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo

from kiosk.core.display import hotel_zone
from kiosk.core.models import Incident, Pause, Status
from kiosk.core.plain import Value
from kiosk.core.policy_parts import WEEKDAYS, ClockKind, WorkingHours
from kiosk.core.policy_set import Policy

HORIZON_DAYS = 400  # a clock that finds no working time within this is given up on


class SlaState(Value):
    phase: str  # "acknowledge", "resolve" or "done"
    due: datetime | None
    left: timedelta | None  # negative once breached
    breached: bool
    level: int  # escalation level reached, 0 for none
    notify_role: str | None
    fraction_left: float | None = None  # share of the allowed time still left (colour)
    paused: bool = False  # waiting on the guest: the clock stands still
    before_checkout: bool = False  # due after the guest's check-out time


def _clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _working(hours: WorkingHours | None, start: datetime,
             zone: tzinfo) -> Iterator[tuple[datetime, datetime]]:
    """The department's working stretches from ``start`` on, in order."""
    if hours is None:
        yield start, datetime.max.replace(tzinfo=start.tzinfo)
        return
    opens, closes = _clock_time(hours.opens), _clock_time(hours.closes)
    days = {WEEKDAYS.index(d) for d in hours.days}
    first = start.astimezone(zone).date() - timedelta(days=1)  # a night shift from before
    for offset in range(HORIZON_DAYS):
        day = first + timedelta(days=offset)
        if day.weekday() not in days:
            continue
        begin = datetime.combine(day, opens, tzinfo=zone)
        end_day = day if closes > opens else day + timedelta(days=1)
        end = datetime.combine(end_day, closes, tzinfo=zone)
        if end > start:
            yield max(begin, start), end


def _paused_until(pauses: list[tuple[datetime, datetime]], moment: datetime) -> datetime:
    for begin, end in pauses:
        if begin <= moment < end:
            return end
    return moment


def due_after(start: datetime, minutes: int, hours: WorkingHours | None,
              pauses: list[tuple[datetime, datetime]], zone: tzinfo) -> datetime | None:
    """The moment ``minutes`` of counting time have passed since ``start``: counting
    only in working hours (``None``: always) and outside the pauses (closed ones)."""
    remaining = timedelta(minutes=minutes)
    pauses = sorted(pauses)
    for begin, end in _working(hours, start, zone):
        while begin < end:
            begin = _paused_until(pauses, begin)
            if begin >= end:
                break
            stop = min([end, *(p for p, _q in pauses if begin < p < end)])
            if begin + remaining <= stop:
                return begin + remaining
            remaining -= stop - begin
            begin = stop
    return None


def _pauses(category_pauses: bool, pauses: list[Pause],
            now: datetime) -> tuple[list[tuple[datetime, datetime]], bool]:
    """The pauses that count, an open one as lasting until now; and whether one is."""
    if not category_pauses:
        return [], False
    spans = [(p.start, p.end or now) for p in pauses if (p.end or now) > p.start]
    return spans, any(p.end is None for p in pauses)


def deadline(policy: Policy, incident: Incident, phase: str,
             now: datetime) -> tuple[datetime | None, bool]:
    """When ``phase`` ("acknowledge" or "resolve") is due, by the category's clock, and
    whether the clock is paused now."""
    sla = policy.sla(incident.category, incident.severity)
    minutes = sla.acknowledge if phase == "acknowledge" else sla.resolve
    category = policy.categories.get(incident.category)
    hours = None
    if category is not None and category.clock == ClockKind.WORKING_HOURS:
        department = policy.departments.get(category.department)
        hours = department.hours if department else None
    spans, paused = _pauses(bool(category and category.pause_for_guest), incident.pauses,
                            now)
    if hours is None and not spans:  # the common case, without the walk
        return incident.reported_at + timedelta(minutes=minutes), False
    return due_after(incident.reported_at, minutes, hours, spans, hotel_zone(policy)), paused


def checkout_at(policy: Policy, departure: date) -> datetime:
    """The moment the guest checks out: the property's check-out time that day."""
    return datetime.combine(departure, _clock_time(policy.property.checkout),
                            tzinfo=hotel_zone(policy))


def sla_state(policy: Policy, incident: Incident, now: datetime,
              departure: date | None = None) -> SlaState:
    """The incident's clock now; ``departure`` (from the in-house list, else the
    guest's own) decides "before checkout"."""
    if incident.status != Status.OPEN or incident.resolved_at is not None:
        return SlaState("done", None, None, False, 0, None, None)
    sla = policy.sla(incident.category, incident.severity)
    if incident.acknowledged_at is None:
        phase, minutes = "acknowledge", sla.acknowledge
    else:
        phase, minutes = "resolve", sla.resolve
    allowed = timedelta(minutes=minutes)
    due, paused = deadline(policy, incident, phase, now)
    if due is None:  # no working time within the horizon: nothing can be late
        return SlaState(phase, None, None, False, 0, None, 1.0, paused)
    left = due - now
    breached = left < timedelta(0)
    level, notify = 0, None
    if breached:
        overdue_minutes = -left.total_seconds() / 60
        for rule in sorted(policy.escalation, key=lambda r: r.level):
            if rule.breach == phase and overdue_minutes >= rule.after_minutes:
                level, notify = rule.level, rule.notify_role
    fraction = max(0.0, min(1.0, left / allowed)) if allowed else 0.0
    resolve_due = due if phase == "resolve" else deadline(policy, incident, "resolve", now)[0]
    leaves = checkout_at(policy, departure or incident.guest.departure)
    before_checkout = resolve_due is not None and resolve_due > leaves and now < leaves
    return SlaState(phase, due, left, breached, level, notify, fraction, paused,
                    before_checkout)
