"""Work orders: what a category's department is asked to do about an incident, by when,
and how far it has got. Pure: the desk saves them on the incident."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.core.models import Incident, OrderStatus, WorkOrder
from kiosk.core.policy_set import Policy
from kiosk.core.sla import deadline


def new_order(policy: Policy, incident: Incident, now: datetime) -> WorkOrder:
    """The order the incident's category gives its department: promised by the time
    the incident is to be resolved, owned by the department's owner."""
    department = policy.department_of(incident.category)
    declared = policy.departments.get(department)
    due, _paused = deadline(policy, incident, "resolve", now)
    if due is None:
        sla = policy.sla(incident.category, incident.severity)
        due = incident.reported_at + timedelta(minutes=sla.resolve)
    return WorkOrder(department=department, promised_at=due, created_at=now,
                     owner=policy.department_owner(department) if declared else "")


def change_order(order: WorkOrder, staff_id: str, now: datetime, *,
                 status: OrderStatus | None = None, owner: str | None = None,
                 note: str | None = None, promised_at: datetime | None = None) -> None:
    """Apply an update in memory; a done order records when it was done."""
    if status is not None:
        order.status = status
        order.done_at = now if status == OrderStatus.DONE else None
    if owner is not None:
        order.owner = owner
    if note is not None:
        order.note = note
    if promised_at is not None:
        order.promised_at = promised_at
    order.updated_at, order.updated_by = now, staff_id


def work_done(incident: Incident) -> str:
    """What the department did, once its order is done (the letter's "what we did")."""
    order = incident.work_order
    if order is None or order.status != OrderStatus.DONE:
        return ""
    return order.note
