"""The shift log for the handover: the shift's incidents, the compensation given and the
approvals behind it, and what the next shift takes over (open incidents, follow-up
calls due, incident reports missing, notifications not acknowledged, work orders not
done). Reads only."""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from kiosk.core import display
from kiosk.core.display import hotel_time, hotel_zone, value_word
from kiosk.core.i18n import _, current_language
from kiosk.core.models import Incident, OrderStatus, Status
from kiosk.core.plain import Value
from kiosk.core.policy_set import Policy
from kiosk.core.sla import sla_state
from kiosk.desk.context import Desk
from kiosk.desk.incident_report import missing_report
from kiosk.desk.notify import outbox

INCIDENTS, COMPENSATION, APPROVALS, OPEN_ITEMS = ("incident", "compensation", "approval",
                                                  "open")
# What an entry is, for programs (the ``kind`` of each line of the CSV and JSON forms).
OPEN_INCIDENT, FOLLOW_UP_DUE, REPORT_MISSING, WORK_ORDER_OPEN, ACK_DUE = (
    "open_incident", "follow_up_due", "report_missing", "work_order_open",
    "acknowledgement_due")


class ShiftEntry(Value):
    """One line of the log; ``section`` is incident, compensation, approval or open.

    ``what`` and ``amount`` are written for the staff reading it, in their language;
    ``kind``, ``detail``, ``value`` and ``currency`` say the same for programs, in ids,
    codes and numbers that are the same in every language."""

    section: str
    ref: str
    incident_id: str
    at: datetime | None  # in hotel time
    room: str
    guest: str
    what: str
    amount: str = ""  # money, "" when none
    by: str = ""
    kind: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    value: Decimal | None = None
    currency: str = ""


class ShiftLog(Value):
    start: datetime  # hotel time
    end: datetime
    incidents: list[ShiftEntry] = field(default_factory=list)
    compensation: list[ShiftEntry] = field(default_factory=list)
    approvals: list[ShiftEntry] = field(default_factory=list)
    open_items: list[ShiftEntry] = field(default_factory=list)

    @property
    def entries(self) -> list[ShiftEntry]:
        return [*self.incidents, *self.compensation, *self.approvals, *self.open_items]


def shift_window(desk: Desk, day: date | None = None) -> tuple[datetime, datetime]:
    """The hotel day ``day`` (midnight to midnight), or the shift now ending: the last
    ``shift_hours`` up to the end of this minute."""
    policy = desk.policy
    if day is not None:
        start = datetime.combine(day, time.min, tzinfo=hotel_zone(policy))
        return start, start + timedelta(days=1)
    end = hotel_time(policy, desk.now()).replace(second=0, microsecond=0) + \
        timedelta(minutes=1)
    return end - timedelta(hours=policy.property.shift_hours), end


def _entry(policy: Policy, section: str, incident: Incident, at: datetime | None,
           what: str, kind: str, detail: dict[str, Any], by: str = "",
           paid: tuple[Decimal, str] | None = None) -> ShiftEntry:
    value, currency = paid if paid is not None else (None, "")
    return ShiftEntry(section=section, ref=incident.ref, incident_id=incident.id,
                      at=hotel_time(policy, at) if at else None, room=incident.guest.room,
                      guest=incident.guest.name, what=what,
                      amount=money(policy, value, currency) if value is not None else "",
                      by=by, kind=kind, detail=detail, value=value, currency=currency)


def money(policy: Policy, value: Decimal, currency: str) -> str:
    """An amount as the staff member reading the log writes it (``35 000 AMD``)."""
    return display.money(value, currency, display.locale_now(policy))


def _iso(policy: Policy, moment: datetime) -> str:
    return hotel_time(policy, moment).isoformat(timespec="seconds")


def _stamp(policy: Policy, moment: datetime) -> str:
    return hotel_time(policy, moment).strftime("%Y-%m-%d %H:%M")


def _open_items(desk: Desk, policy: Policy, seen: dict[str, Incident],
                end: datetime) -> list[ShiftEntry]:
    now = desk.now()
    items = []
    for incident in sorted(desk.store.open_incidents(), key=lambda i: i.reported_at):
        state = sla_state(policy, incident, now)
        words = [_("open")]
        if incident.second_of:
            words.append(_("second recovery"))
        if state.breached:
            words.append(_("past its time"))
        elif state.due is not None:
            words.append(_("due {when}").format(when=_stamp(policy, state.due)))
        if state.before_checkout:
            words.append(_("before checkout"))
        items.append(_entry(
            policy, OPEN_ITEMS, incident, incident.reported_at, ", ".join(words),
            OPEN_INCIDENT, {"status": incident.status.value,
                            "second_of": incident.second_of or None,
                            "breached": state.breached,
                            "due": _iso(policy, state.due) if state.due else None,
                            "before_checkout": state.before_checkout},
            by=incident.owner or incident.agent_id))
    for incident in desk.store.follow_ups_due(max(end, now)):
        follow = incident.follow_up
        if follow is not None and incident.status == Status.RESOLVED:
            items.append(_entry(policy, OPEN_ITEMS, incident, follow.due,
                                _("follow-up call {n} due").format(n=follow.attempt),
                                FOLLOW_UP_DUE, {"attempt": follow.attempt}))
    for incident in seen.values():
        if missing_report(policy, incident):
            items.append(_entry(policy, OPEN_ITEMS, incident, None,
                                _("incident report missing"), REPORT_MISSING,
                                {"tier": incident.tier}))
        order = incident.work_order
        if order is not None and order.status != OrderStatus.DONE:
            items.append(_entry(policy, OPEN_ITEMS, incident, order.promised_at,
                                _("work order for {department}: {status}").format(
                                    department=policy.department_label(order.department,
                                                                       current_language()),
                                    status=value_word(order.status.value)),
                                WORK_ORDER_OPEN, {"department": order.department,
                                                  "status": order.status.value},
                                by=policy.owner_shown(order.department, order.owner,
                                                      current_language())))
    for notice in outbox(desk):
        about = seen.get(notice.incident_id)
        if notice.ack_due is None or notice.acked_at is not None or about is None:
            continue
        late = _("overdue") if now > notice.ack_due else _("due {when}").format(
            when=_stamp(policy, notice.ack_due))
        items.append(_entry(policy, OPEN_ITEMS, about, notice.created_at,
                            _("{role} to acknowledge {id} ({late})").format(
                                role=notice.role, id=notice.id, late=late),
                            ACK_DUE, {"role": notice.role, "notice": notice.id,
                                      "due": _iso(policy, notice.ack_due),
                                      "overdue": now > notice.ack_due}))
    return items


def shift_log(desk: Desk, day: date | None = None) -> ShiftLog:
    """The log of hotel day ``day``, or of the shift now ending (see ``shift_window``)."""
    policy = desk.policy
    start, end = shift_window(desk, day)
    reported = list(desk.store.iter_incidents(since=start, until=end))
    seen = {i.id: i for i in [*reported, *desk.store.open_incidents()]}
    log = ShiftLog(start=start, end=end)
    for incident in sorted(reported, key=lambda i: i.reported_at):
        words = [policy.category_label(incident.category, current_language()),
                 value_word(incident.severity), value_word(incident.status.value)]
        if incident.second_of:
            words.append(_("second recovery"))
        log.incidents.append(_entry(
            policy, INCIDENTS, incident, incident.reported_at, ", ".join(words), INCIDENTS,
            {"category": incident.category, "severity": incident.severity,
             "status": incident.status.value, "second_of": incident.second_of or None},
            incident.agent_id, (incident.compensation_total, policy.currency)))
    for incident in sorted(seen.values(), key=lambda i: i.reported_at):
        for decision in incident.compensation:
            if not start <= decision.decided_at < end:
                continue
            items = ", ".join(f"{ln.qty} × {policy.item_label(ln.item_id, current_language())}"
                              for ln in decision.lines)
            paid = (decision.total, decision.currency)
            given = {"items": [{"item": ln.item_id, "qty": ln.qty} for ln in decision.lines],
                     "verdict": decision.verdict}
            log.compensation.append(_entry(policy, COMPENSATION, incident,
                                           decision.decided_at, items, COMPENSATION, given,
                                           decision.decided_by, paid))
            if decision.approval is not None:
                log.approvals.append(_entry(
                    policy, APPROVALS, incident, decision.approval.at,
                    _("approved by {who}: {reason}").format(
                        who=decision.approval.approver_id, reason=decision.approval.reason),
                    APPROVALS, {"approver": decision.approval.approver_id,
                                "reason": decision.approval.reason},
                    decision.approval.approver_id, paid))
    log.open_items.extend(_open_items(desk, policy, seen, end))
    return log
