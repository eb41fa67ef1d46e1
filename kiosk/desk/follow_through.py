"""The follow-up call and what follows from it.

- satisfied: the follow-up is done;
- unreachable: the next call is booked by the policy ([follow_up] attempts and
  retry_hours) until the last one, after which the incident is followed up (or closed)
  as unreachable and the policy's ``unreachable_role`` is told;
- not satisfied: a second recovery opens, linked both ways to the first, at the top of
  the board, and ``not_satisfied_role`` is told through the notification outbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.core.errors import ValidationError
from kiosk.core.i18n import _
from kiosk.core.models import CallAttempt, Incident, Notice, Outcome, Staff, Status
from kiosk.core.notices import second_recovery_notice, unreachable_notice
from kiosk.core.plain import Value
from kiosk.core.policy_parts import AfterLast
from kiosk.core.policy_set import Policy
from kiosk.core.work_orders import new_order
from kiosk.desk.context import Desk
from kiosk.desk.incidents import follow_up_score
from kiosk.desk.outbox import enqueue, readers_language
from kiosk.desk.records import active_staff, get_incident
from kiosk.desk.text_rules import NOTE_MAX, clean_for_message, clean_text


class FollowThrough(Value):
    """What recording a follow-up call did."""

    incident: Incident  # the followed-up incident, as saved
    second: Incident | None = None  # the second recovery it opened (not satisfied)
    next_call: datetime | None = None  # the next call booked (unreachable, not the last)
    notices: tuple[Notice, ...] = ()  # who is being told (queued in the outbox)


class UpcomingCall(Value):
    """A follow-up call to make: due now or later."""

    incident_id: str
    ref: str
    guest: str
    room: str
    contact: str
    due: datetime
    overdue: bool  # past due
    attempt: int  # which call this is (1 for the first)
    attempts: int  # how many calls the policy makes in all
    second_recovery: bool  # the follow-up of a second recovery


def parse_outcome(outcome: object) -> Outcome:
    try:
        return Outcome(str(outcome).strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise ValidationError(_("outcome: '{given}' is not one of {known}").format(
            given=clean_for_message(str(outcome)),
            known=", ".join(o.value for o in Outcome))) from None


def _check_due(incident: Incident) -> None:
    if incident.status != Status.RESOLVED or incident.follow_up is None \
            or incident.follow_up.done_at is not None:
        raise ValidationError(_("Incident {ref} is {status}; a follow-up is recorded once "
                                "it is resolved.").format(ref=incident.ref,
                                                          status=incident.status.value))


def retry_wait(policy: Policy, failed_calls: int) -> timedelta:
    """The wait after the ``failed_calls``-th unreachable call (the last value repeats)."""
    hours = policy.follow_up.retry_hours
    return timedelta(hours=hours[min(max(failed_calls, 1), len(hours)) - 1])


def _second_recovery(desk: Desk, policy: Policy, first: Incident, staff: Staff,
                     feedback: str, now: datetime) -> Incident:
    incident_id, ref = desk.store.new_incident_id()
    account = feedback or f"Not satisfied at the follow-up call of incident {first.ref}."
    second = Incident(
        id=incident_id, ref=ref, property=first.property, terminal=desk.terminal,
        agent_id=staff.id, guest=first.guest, category=first.category,
        severity=first.severity, account=account, reported_at=now,
        location=first.location, updated_at=now, second_of=first.id)
    second.work_order = new_order(policy, second, now)
    return second


def record_follow_up(desk: Desk, incident_id: str, staff_id: str, outcome: Outcome | str,
                     feedback: str = "", score: int | str | None = None) -> FollowThrough:
    """Record how the follow-up call on a resolved incident went (``score``: the guest's
    0-10, when asked), and act on it (see the module's description). Bad input or a
    wrong state: ``ValidationError``, nothing saved."""
    policy = desk.policy
    staff = active_staff(desk, staff_id, "staff")
    result = parse_outcome(outcome)
    rating = follow_up_score(score)
    feedback = clean_text("feedback", feedback, max_len=NOTE_MAX, multiline=True)
    first = get_incident(desk, incident_id)
    _check_due(first)
    now = desk.now()
    rules = policy.follow_up
    second = (_second_recovery(desk, policy, first, staff, feedback, now)
              if result == Outcome.NOT_SATISFIED else None)
    booked: list[datetime] = []

    def mutate(incident: Incident) -> None:
        _check_due(incident)
        follow = incident.follow_up
        assert follow is not None  # checked just above
        incident.updated_at = now
        if result == Outcome.UNREACHABLE:
            follow.unreachable.append(CallAttempt(at=now, by=staff.id, feedback=feedback))
            if len(follow.unreachable) < rules.attempts:
                follow.due = now + retry_wait(policy, len(follow.unreachable))
                booked.append(follow.due)
                return
        follow.done_at, follow.outcome = now, result
        follow.feedback, follow.by, follow.score = feedback, staff.id, rating
        incident.status = Status.FOLLOWED_UP
        if result == Outcome.UNREACHABLE and rules.after_last == AfterLast.CLOSED:
            incident.status, incident.closed_at = Status.CLOSED, now
        if second is not None:
            incident.second_recovery = second.id

    detail: dict[str, object] = {"outcome": result.value, "score": rating}
    if second is not None:
        detail["second_recovery"] = second.ref
    saved = desk.store.update_incident(first.id, mutate, staff.id, "incident.follow_up",
                                       detail)
    if booked:
        return FollowThrough(saved, next_call=booked[0])
    notices: list[Notice] = []
    if second is not None:
        desk.store.add_incident(second, staff.id, {"ref": second.ref,
                                                   "second_of": first.ref})
        notice = second_recovery_notice(policy, second, now, readers_language(desk))
        notices = [notice] if notice else []
    elif result == Outcome.UNREACHABLE:
        notice = unreachable_notice(policy, saved, now, readers_language(desk))
        notices = [notice] if notice else []
    enqueue(desk, notices, staff.id)
    return FollowThrough(saved, second, None, tuple(notices))


def upcoming_follow_ups(desk: Desk, within: timedelta | None = None) -> list[UpcomingCall]:
    """Follow-up calls still to make, soonest first: all of them, or those due within
    ``within`` from now (overdue ones always)."""
    policy, now = desk.policy, desk.now()
    horizon = now + (within if within is not None else timedelta(days=3650))
    calls = []
    for incident in desk.store.follow_ups_due(horizon):
        follow = incident.follow_up
        if follow is None or incident.status != Status.RESOLVED:
            continue
        calls.append(UpcomingCall(
            incident_id=incident.id, ref=incident.ref, guest=incident.guest.name,
            room=incident.guest.room, contact=incident.guest.contact, due=follow.due,
            overdue=follow.due < now, attempt=follow.attempt,
            attempts=policy.follow_up.attempts,
            second_recovery=bool(incident.second_of)))
    return sorted(calls, key=lambda c: (c.due, c.ref))
