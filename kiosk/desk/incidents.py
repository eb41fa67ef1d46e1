"""Incident use cases: open, walk the checklist, compensate (with approval), resolve,
follow up, close; and the headless JSON intake behind ``kiosk incident add``.

Each use case checks everything it can before writing, and the change itself runs
inside ``store.update_incident`` on the freshly read record, so two terminals working
on the same incident never undo each other.
"""

from __future__ import annotations

from dataclasses import field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from kiosk.core.display import value_word
from kiosk.core.engine import Decision, Line, Verdict, decide, merge_lines
from kiosk.core.errors import ValidationError
from kiosk.core.guest_keys import room_key
from kiosk.core.i18n import _, current_language
from kiosk.core.models import (
    REPEAT_WINDOW,
    Approval,
    CompensationDecision,
    CompensationLine,
    FollowUp,
    Guest,
    Incident,
    Staff,
    Status,
    StepRecord,
)
from kiosk.core.notices import tier_notice
from kiosk.core.plain import Value
from kiosk.core.policy_parts import Severity
from kiosk.core.policy_set import Policy
from kiosk.core.reasons import said
from kiosk.core.work_orders import new_order
from kiosk.desk import guest_list
from kiosk.desk.context import Desk
from kiosk.desk.outbox import enqueue, readers_language
from kiosk.desk.records import active_staff, get_incident
from kiosk.desk.staff import may_approve, verify_approver
from kiosk.desk.text_rules import (
    ACCOUNT_MAX,
    NOTE_MAX,
    REMARK_MAX,
    SHORT_MAX,
    check_guest,
    clean_for_message,
    clean_text,
    field_problem,
    guest_problems,
)
from kiosk.store.api import LimitCheck, LockedTotals

MAX_QTY = 1000


class ApprovalRequest(Value):
    """What the supervisor types at the desk (or the JSON ``approval`` block holds)."""

    approver_id: str
    pin: str
    reason: str


class GuestHistory(Value):
    """The guest's earlier incidents, and whether this one repeats a complaint."""

    incidents: list[Incident]  # earlier incidents of this guest, newest first
    repeat: bool  # one this stay or within the last 12 months
    # Those still open in the same room (any room when none is typed): continue one
    # rather than open a second beside it.
    still_open: list[Incident] = field(default_factory=list)


# --- building blocks (no writes) -----------------------------------------------------
def intake_problems(policy: Policy, guest: Guest, category: str, severity: str,
                    account: str, location: str = "") -> dict[str, str]:
    """Every problem of a new incident at once: the field and the message naming it."""
    problems = guest_problems(policy, guest)
    _checked_intake(policy, category, severity, account, location, problems)
    return problems


def _checked_intake(policy: Policy, category: str, severity: str, account: str,
                    location: str, problems: dict[str, str]) -> tuple[str, str]:
    if category not in policy.categories:
        problems.setdefault("category", f"category: '{clean_for_message(str(category))}' "
                            f"is not a category in the policy ({', '.join(policy.categories)})")
    if severity not in {s.value for s in Severity}:
        problems.setdefault("severity", f"severity: '{clean_for_message(str(severity))}' is "
                            f"not one of {', '.join(s.value for s in Severity)}")
    return (field_problem(problems, "account", lambda: clean_text(
                "account", account, max_len=ACCOUNT_MAX, min_len=1, multiline=True), ""),
            field_problem(problems, "location", lambda: clean_text(
                "location", location, max_len=SHORT_MAX), ""))


def build_incident(desk: Desk, policy: Policy, agent: Staff, guest: Guest, category: str,
                   severity: str, account: str, location: str = "") -> Incident:
    """A checked new incident in memory; nothing is saved."""
    guest = check_guest(policy, guest)
    problems: dict[str, str] = {}
    account, location = _checked_intake(policy, category, severity, account, location,
                                        problems)
    if problems:
        raise ValidationError(next(iter(problems.values())))
    incident_id, ref = desk.store.new_incident_id()
    now = desk.now()
    incident = Incident(
        id=incident_id, ref=ref, property=policy.property.name, terminal=desk.terminal,
        agent_id=agent.id, guest=guest, category=category, severity=str(severity),
        account=account, reported_at=now, location=location, updated_at=now,
    )
    incident.work_order = new_order(policy, incident, now)  # saved with the incident
    return incident


def _step_title(policy: Policy, step_id: str) -> str:
    for step in policy.steps:
        if step.id == step_id:
            return policy.label(step.title, current_language())
    return step_id


def apply_step(policy: Policy, incident: Incident, staff_id: str, step_id: str, note: str,
               confirmed: bool, now: datetime) -> None:
    """Record one checklist step on ``incident`` in memory, enforcing order and notes."""
    if incident.status != Status.OPEN:
        raise ValidationError(_("Incident {ref} is {status}; its checklist is "
                                "finished.").format(ref=incident.ref,
                                                    status=value_word(incident.status.value)))
    steps = {s.id: s for s in policy.steps}
    if step_id not in steps:
        raise ValidationError(_("step: '{value}' is not a step of the {checklist} "
                                "checklist ({steps})").format(
            value=clean_for_message(str(step_id)), checklist=policy.checklist_name,
            steps=", ".join(steps)))
    done = {s.step_id for s in incident.steps}
    if step_id in done:
        raise ValidationError(_("'{step}' is already recorded.").format(
            step=_step_title(policy, step_id)))
    for step in policy.steps:
        if step.id == step_id:
            break
        if step.required and step.id not in done:
            raise ValidationError(_("Do '{first}' before '{step}'.").format(
                first=_step_title(policy, step.id), step=_step_title(policy, step_id)))
    note = clean_text("note", note, max_len=NOTE_MAX, multiline=True)
    if steps[step_id].required and not note and not confirmed:
        raise ValidationError(_("'{step}' needs a note or your confirmation that it is "
                                "done.").format(step=_step_title(policy, step_id)))
    incident.steps.append(StepRecord(step_id=step_id, staff_id=staff_id, at=now, note=note,
                                     confirmed=bool(confirmed) or bool(note),
                                     apology=steps[step_id].apology))
    if incident.acknowledged_at is None:
        incident.acknowledged_at = now
    incident.updated_at = now


def _not_open(incident: Incident) -> str:
    return _("Incident {ref} is {status}; compensation is given while it is open.").format(
        ref=incident.ref, status=value_word(incident.status.value))


def _check_lines(lines: list[Line]) -> list[Line]:
    if not lines:
        raise ValidationError(_("compensation: choose at least one item"))
    for line in lines:
        if not isinstance(line.qty, int) or isinstance(line.qty, bool) \
                or not 1 <= line.qty <= MAX_QTY:
            raise ValidationError(_("compensation: the quantity of {item} must be a whole "
                                    "number from 1 to {most}").format(
                item=clean_for_message(str(line.item_id)), most=MAX_QTY))
    return lines


def _decide(policy: Policy, incident: Incident, agent: Staff, lines: list[Line],
            totals: LockedTotals, now: datetime) -> Decision:
    """Decide the incident as a whole: what it already carries plus ``lines``.

    The per-incident cap and item counts are about one incident, so giving twice must
    not double the limit. What the incident already carries is therefore part of the
    proposal, and left out of the stay and shift totals so nothing counts twice.
    """
    if not policy.has_role(agent.role):
        raise ValidationError(_("{name}'s role '{role}' is no longer in the policy; ask a "
                                "supervisor to update the staff list").format(
            name=clean_for_message(agent.name), role=agent.role))
    since = now - timedelta(hours=policy.property.shift_hours)
    carried = [Line(ln.item_id, ln.qty) for d in incident.compensation for ln in d.lines]
    stay_total = totals.stay_total(incident.guest.stay_key, exclude_incident=incident.id)
    shift_total = totals.shift_total(agent.id, since) - sum(
        (d.total for d in incident.compensation
         if d.decided_by == agent.id and d.decided_at >= since), Decimal(0))
    return decide(policy, agent.role, incident.category, [*carried, *lines], stay_total,
                  max(shift_total, Decimal(0)))


def limits_hold(policy: Policy, agent: Staff, now: datetime) -> LimitCheck:
    """The decision taken again inside the store lock, on the incident exactly as it is
    about to be written: another terminal's save a moment earlier counts. The newest
    compensation record stands only if it is still allowed, or carries an approval from
    a role high enough for what it has become."""

    def check(incident: Incident, totals: LockedTotals) -> None:
        if not incident.compensation:
            return
        *earlier, newest = incident.compensation
        before = replace(incident, compensation=earlier)
        lines = [Line(ln.item_id, ln.qty) for ln in newest.lines]
        decision = _decide(policy, before, agent, lines, totals, now)
        if decision.verdict == Verdict.ALLOWED:
            return
        if decision.verdict == Verdict.FORBIDDEN:
            raise ValidationError(_("Not possible: {reasons}").format(
                reasons=" ".join(said(decision.reasons, policy))))
        needed = decision.approver_role or policy.supervisor_role
        approval = newest.approval
        if approval is None or not may_approve(policy, approval.approver_role, needed):
            raise ValidationError(_("Needs approval (this guest or this shift was given more "
                                    "a moment ago): {reasons}").format(
                reasons=" ".join(said(decision.reasons, policy))))

    return check


def missing_remarks(policy: Policy, lines: list[Line], remarks: dict[str, str]) -> list[str]:
    """One sentence per chosen item that needs a remark and has none: checked before a
    supervisor is called to approve, and again when the compensation is saved."""
    return [_("“{item}” needs a remark: say why or which.").format(
                item=policy.label(policy.items[item_id].label, current_language()))
            for item_id in merge_lines(lines)
            if item_id in policy.items and policy.items[item_id].remark_required
            and not str(remarks.get(item_id, "")).strip()]


def decide_compensation(desk: Desk, policy: Policy, incident: Incident, agent: Staff,
                        lines: list[Line], remarks: dict[str, str] | None,
                        approval: ApprovalRequest | None) -> CompensationDecision:
    """Decide ``lines`` and check remarks and any approval; the record to save, or an
    error. A wrong approver PIN still counts towards that person's lockout."""
    decision = _decide(policy, incident, agent, _check_lines(lines), desk.store, desk.now())
    if decision.verdict == Verdict.FORBIDDEN:
        raise ValidationError(_("Not possible: {reasons}").format(
            reasons=" ".join(said(decision.reasons, policy))))
    remarks = remarks or {}
    missing = missing_remarks(policy, lines, remarks)
    if missing:
        raise ValidationError(" ".join(missing))
    comp_lines: list[CompensationLine] = []
    for item_id, qty in merge_lines(lines).items():
        item = policy.items[item_id]
        remark = clean_text(f"remark for {item_id}", remarks.get(item_id, ""),
                            max_len=REMARK_MAX)
        comp_lines.append(CompensationLine(item_id=item_id, qty=qty,
                                           unit_value=item.unit_value, remark=remark))
    approved: Approval | None = None
    if decision.verdict == Verdict.NEEDS_APPROVAL:
        approver_role = decision.approver_role or policy.supervisor_role
        if approval is None:
            raise ValidationError(_("Needs approval: {reasons}").format(
                reasons=" ".join(said(decision.reasons, policy))))
        reason = clean_text("approval reason", approval.reason, max_len=REMARK_MAX, min_len=1)
        if not approval.pin:
            # A missing PIN is not a wrong one: it must not count towards the lockout.
            raise ValidationError(_("approval: the approver's PIN is needed (at the desk, or "
                                    "{variable} for the command line)").format(
                variable="KIOSK_APPROVER_PIN"))
        approver = verify_approver(desk, approval.approver_id, approval.pin, agent.id,
                                   approver_role)
        approved = Approval(approver_id=approver.id, approver_role=approver.role,
                            reason=reason, at=desk.now())
    return CompensationDecision(
        lines=comp_lines, total=sum((ln.value for ln in comp_lines), Decimal(0)),
        currency=decision.currency,
        verdict=decision.verdict.value, reasons=[], why=list(decision.reasons),
        policy_hash=decision.policy_hash, decided_by=agent.id, decided_role=agent.role,
        decided_at=desk.now(), approval=approved,
    )


def apply_compensation(policy: Policy, incident: Incident, record: CompensationDecision,
                       now: datetime) -> None:
    if incident.status != Status.OPEN:
        raise ValidationError(_not_open(incident))
    incident.compensation.append(record)
    incident.tier = policy.tier_for(incident.compensation_total).id
    incident.updated_at = now


# --- use cases -----------------------------------------------------------------------
def open_incident(desk: Desk, agent_id: str, guest: Guest, category: str, severity: str,
                  account: str, location: str = "") -> Incident:
    """Validate and save a new open incident; ``ValidationError`` for bad input."""
    policy = desk.policy
    agent = active_staff(desk, agent_id)
    incident = build_incident(desk, policy, agent, guest, category, severity, account,
                              location)
    desk.store.add_incident(incident, agent.id, {"ref": incident.ref})
    return incident


def guest_history(desk: Desk, guest: Guest, exclude: str | None = None) -> GuestHistory:
    """Earlier incidents of the guest: under their name, or their loyalty id, phone or
    e-mail (see ``guest_list.history``); ``exclude`` leaves out the current one."""
    if not isinstance(guest.name, str) or not (guest.name.strip() or guest.loyalty_id
                                                or guest.phone or guest.email):
        return GuestHistory([], False)
    now = desk.now()
    earlier = [i for i in guest_list.history(desk, guest, now) if i.id != exclude]
    try:
        stay = guest.stay_key
    except (AttributeError, TypeError):  # dates not typed in yet
        stay = ""
    repeat = any(i.guest.stay_key == stay or now - i.reported_at <= REPEAT_WINDOW
                 for i in earlier)
    room = room_key(guest.room) if guest.room else ""
    still_open = [i for i in earlier if i.status == Status.OPEN
                  and (not room or room_key(i.guest.room) == room)]
    return GuestHistory(earlier, repeat, still_open)


def record_step(desk: Desk, incident_id: str, staff_id: str, step_id: str, note: str = "",
                confirmed: bool = True) -> Incident:
    """Record a checklist step, in order; a required step needs a note or confirmation
    before the next one. The first step acknowledges the incident."""
    policy = desk.policy
    staff = active_staff(desk, staff_id, "staff")
    now = desk.now()

    def mutate(incident: Incident) -> None:
        apply_step(policy, incident, staff.id, step_id, note, confirmed, now)

    return desk.store.update_incident(incident_id, mutate, staff.id, "incident.step",
                                      {"step": step_id})


def missing_required_steps(policy: Policy, incident: Incident) -> list[str]:
    done = {s.step_id for s in incident.steps}
    return [s.id for s in policy.steps if s.required and s.id not in done]


def propose(desk: Desk, incident: Incident, agent_id: str, lines: list[Line]) -> Decision:
    """The engine's decision for these lines on top of what the incident already carries,
    given what the guest received this stay and what this agent gave this shift (its
    ``total`` is the incident's whole compensation). Changes nothing."""
    policy = desk.policy
    agent = active_staff(desk, agent_id)
    return _decide(policy, incident, agent, list(lines), desk.store, desk.now())


def give_compensation(desk: Desk, incident_id: str, agent_id: str, lines: list[Line],
                      remarks: dict[str, str] | None = None,
                      approval: ApprovalRequest | None = None) -> Incident:
    """Decide again under the current policy and record the lines: allowed → saved;
    needs approval → saved only with a valid approval; forbidden → ``ValidationError``
    with the reasons. Items with ``remark_required`` need a remark."""
    policy = desk.policy  # taken once: a reload never lands inside this decision
    agent = active_staff(desk, agent_id)
    incident = get_incident(desk, incident_id)
    if incident.status != Status.OPEN:
        raise ValidationError(_not_open(incident))
    record = decide_compensation(desk, policy, incident, agent, list(lines), remarks,
                                 approval)
    now = desk.now()

    def mutate(fresh: Incident) -> None:
        apply_compensation(policy, fresh, record, now)

    detail: dict[str, Any] = {"total": str(record.total), "verdict": record.verdict,
                              "policy_hash": record.policy_hash}
    if record.approval is not None:
        detail["approver"] = record.approval.approver_id
    saved = desk.store.update_incident(incident.id, mutate, agent.id, "incident.compensate",
                                       detail, check=limits_hold(policy, agent, now))
    tell_tier(desk, policy, saved, agent.id)
    return saved


def tell_tier(desk: Desk, policy: Policy, incident: Incident, actor: str) -> None:
    """Queue the tier's "notified within 24 h" the moment the compensation reaches it,
    rather than at the next outbox fill."""
    notice = tier_notice(policy, incident, desk.now(), readers_language(desk))
    if notice is not None:
        enqueue(desk, [notice], actor)


def resolve_incident(desk: Desk, incident_id: str, staff_id: str) -> Incident:
    """Mark resolved and book the follow-up ``follow_up_hours`` later."""
    policy = desk.policy
    staff = active_staff(desk, staff_id, "staff")
    now = desk.now()

    def mutate(incident: Incident) -> None:
        if incident.status != Status.OPEN:
            raise ValidationError(_("Incident {ref} is already {status}.").format(
                ref=incident.ref, status=value_word(incident.status.value)))
        missing = missing_required_steps(policy, incident)
        if missing:
            names = ", ".join(_step_title(policy, s) for s in missing)
            raise ValidationError(_("Finish the checklist first: {steps}.").format(
                steps=names))
        incident.status = Status.RESOLVED
        incident.resolved_at = now
        incident.acknowledged_at = incident.acknowledged_at or now
        incident.follow_up = FollowUp(due=now + timedelta(hours=policy.property.follow_up_hours))
        incident.updated_at = now

    return desk.store.update_incident(incident_id, mutate, staff.id, "incident.resolve")


def follow_up_score(value: object) -> int | None:
    """The guest's 0-10 score at the call (None: not asked or not given)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and 0 <= int(text) <= 10):
        raise ValidationError(_("score: '{value}' is not a whole number from 0 to 10").format(
            value=clean_for_message(text, 20)))
    return int(text)


def close_incident(desk: Desk, incident_id: str, staff_id: str) -> Incident:
    staff = active_staff(desk, staff_id, "staff")
    now = desk.now()

    def mutate(incident: Incident) -> None:
        if incident.status not in (Status.RESOLVED, Status.FOLLOWED_UP):
            raise ValidationError(_("Incident {ref} is {status}; only a resolved incident "
                                    "can be closed.").format(
                ref=incident.ref, status=value_word(incident.status.value)))
        incident.status = Status.CLOSED
        incident.closed_at = now
        incident.updated_at = now

    return desk.store.update_incident(incident_id, mutate, staff.id, "incident.close")
