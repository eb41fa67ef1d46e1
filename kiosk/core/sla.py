"""SLA clocks: how long an incident has left to be acknowledged or resolved, and who is
to be told when the time has run out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.core.models import Incident, Status
from kiosk.core.policy_set import Policy


@dataclass(frozen=True)
class SlaState:
    phase: str  # "acknowledge", "resolve" or "done"
    due: datetime | None
    left: timedelta | None  # negative once breached
    breached: bool
    level: int  # escalation level reached, 0 for none
    notify_role: str | None
    fraction_left: float | None = None  # share of the allowed time still left (colour)


def sla_state(policy: Policy, incident: Incident, now: datetime) -> SlaState:
    if incident.status != Status.OPEN or incident.resolved_at is not None:
        return SlaState("done", None, None, False, 0, None, None)
    sla = policy.sla(incident.category, incident.severity)
    if incident.acknowledged_at is None:
        phase, minutes = "acknowledge", sla.acknowledge
    else:
        phase, minutes = "resolve", sla.resolve
    allowed = timedelta(minutes=minutes)
    due = incident.reported_at + allowed
    left = due - now
    breached = left < timedelta(0)
    level, notify = 0, None
    if breached:
        overdue_minutes = -left.total_seconds() / 60
        for rule in sorted(policy.escalation, key=lambda r: r.level):
            if rule.breach == phase and overdue_minutes >= rule.after_minutes:
                level, notify = rule.level, rule.notify_role
    fraction = max(0.0, left / allowed) if allowed else 0.0
    return SlaState(phase, due, left, breached, level, notify, fraction)
