"""Which notifications an incident calls for, and how a failed delivery is retried.

An incident past its time reaches an escalation level that names a role
(categories.toml); a compensation total reaches a tier that names one (tiers.toml,
"general manager notified within 24 h"). Each such fact is one notification, keyed so
that it is queued once however often the outbox is filled.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from kiosk.core.models import Incident, Notice, Outcome
from kiosk.core.policy_set import Policy
from kiosk.core.sla import sla_state

COMMAND, EMAIL = "command", "email"


def _about(incident: Incident) -> list[str]:
    g = incident.guest
    return [f"Incident {incident.ref}: {incident.category}, severity {incident.severity}",
            f"Room {g.room}, guest {g.name}",
            f"Reported {incident.reported_at.isoformat(timespec='minutes')}"]


def breach_notice(policy: Policy, incident: Incident, now: datetime) -> Notice | None:
    state = sla_state(policy, incident, now)
    if not state.breached or state.notify_role is None or state.due is None:
        return None
    return Notice(
        id="", key=f"{incident.id}:breach:{state.phase}:{state.level}",
        incident_id=incident.id, ref=incident.ref, kind="breach", role=state.notify_role,
        subject=f"Incident {incident.ref}: the time to {state.phase} passed "
                f"(level {state.level})",
        lines=[*_about(incident),
               f"It was to be {'acknowledged' if state.phase == 'acknowledge' else 'resolved'}"
               f" by {state.due.isoformat(timespec='minutes')}."],
        created_at=now)


def tier_notice(policy: Policy, incident: Incident, now: datetime) -> Notice | None:
    """The tier the incident's compensation reached, when it names someone to tell;
    the acknowledgement is due ``within_hours`` after the decision that reached it."""
    if not incident.compensation:
        return None
    tier = policy.tier_for(incident.compensation_total)
    if tier.notify_role is None:
        return None
    running, reached = Decimal(0), incident.compensation[-1].decided_at
    for decision in incident.compensation:
        running += decision.total
        if running >= tier.from_value:
            reached = decision.decided_at
            break
    due = reached + timedelta(hours=tier.within_hours or 24)
    return Notice(
        id="", key=f"{incident.id}:tier:{tier.id}", incident_id=incident.id,
        ref=incident.ref, kind="tier", role=tier.notify_role,
        subject=f"Incident {incident.ref}: compensation {incident.compensation_total} "
                f"{policy.currency} ({policy.label(tier.label)})",
        lines=[*_about(incident), policy.label(tier.action),
               f"Please acknowledge by {due.isoformat(timespec='minutes')}."],
        created_at=now, ack_due=due)


def second_recovery_notice(policy: Policy, incident: Incident,
                           now: datetime) -> Notice | None:
    """A second recovery (the guest was not satisfied at the follow-up call) is told to
    the policy's ``not_satisfied_role``."""
    if not incident.second_of:
        return None
    return Notice(
        id="", key=f"{incident.id}:second_recovery", incident_id=incident.id,
        ref=incident.ref, kind="second_recovery", role=policy.follow_up.not_satisfied_role,
        subject=f"Incident {incident.ref}: second recovery, the guest was not satisfied",
        lines=[*_about(incident),
               f"Opened from incident {incident.second_of} at its follow-up call.",
               f"Guest's words: {incident.account}"],
        created_at=now)


def unreachable_notice(policy: Policy, incident: Incident, now: datetime) -> Notice | None:
    """The last follow-up call did not reach the guest either."""
    follow = incident.follow_up
    role = policy.follow_up.unreachable_role
    if follow is None or follow.outcome != Outcome.UNREACHABLE or role is None:
        return None
    return Notice(
        id="", key=f"{incident.id}:unreachable", incident_id=incident.id, ref=incident.ref,
        kind="unreachable", role=role,
        subject=f"Incident {incident.ref}: the guest could not be reached for the "
                "follow-up",
        lines=[*_about(incident),
               f"{len(follow.unreachable)} calls, the last "
               f"{follow.done_at.isoformat(timespec='minutes') if follow.done_at else ''}."],
        created_at=now)


def wanted_notices(policy: Policy, incident: Incident, now: datetime) -> list[Notice]:
    found = [breach_notice(policy, incident, now), tier_notice(policy, incident, now),
             second_recovery_notice(policy, incident, now),
             unreachable_notice(policy, incident, now)]
    return [n for n in found if n is not None]


def channels_for(policy: Policy, role: str) -> list[str]:
    """How ``role`` is told under this policy: the command, e-mail, both or neither."""
    notify = policy.notify
    target = next((t for t in notify.target if t.role == role), None)
    wanted = []
    if notify.command is not None and (target is None or target.command):
        wanted.append(COMMAND)
    if notify.smtp is not None and target is not None and target.email:
        wanted.append(EMAIL)
    return wanted


def recipients(policy: Policy, role: str) -> list[str]:
    target = next((t for t in policy.notify.target if t.role == role), None)
    return list(target.email) if target is not None else []


def retry_after(policy: Policy, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: the policy's list, its last value
    repeating."""
    steps = policy.notify.retry_minutes
    return timedelta(minutes=steps[min(max(attempts, 1), len(steps)) - 1])


def notice_document(policy: Policy, notice: Notice) -> dict[str, Any]:
    """The one JSON document the notification command reads on stdin. ``id`` is stable
    across retries, so a receiver can drop a repeat."""
    return {
        "id": notice.id, "kind": notice.kind, "role": notice.role,
        "property": policy.property.name, "subject": notice.subject,
        "lines": list(notice.lines),
        "incident": {"id": notice.incident_id, "ref": notice.ref},
        "created_at": notice.created_at.isoformat(),
        "ack_due": notice.ack_due.isoformat() if notice.ack_due else None,
        "recipients": recipients(policy, notice.role),
    }


def mail_body(notice: Notice) -> str:
    ack = (f"\nAcknowledge it: kiosk notify ack {notice.id} --by YOUR_STAFF_ID\n"
           if notice.ack_due else "")
    return "\n".join(notice.lines) + "\n" + ack + f"\n({notice.id})\n"
