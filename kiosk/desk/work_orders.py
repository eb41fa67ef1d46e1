"""The department view: each category's department gets a work order when an incident
is taken (saved with the incident); here it is listed by department and moved along
(open → in progress → done), each change audited under a signed-in staff member."""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.core.errors import ValidationError
from kiosk.core.i18n import _, current_language
from kiosk.core.models import Incident, OrderStatus, Staff
from kiosk.core.plain import Value
from kiosk.core.policy_set import Policy
from kiosk.core.work_orders import change_order
from kiosk.desk.context import Desk
from kiosk.desk.records import get_incident
from kiosk.desk.text_rules import NOTE_MAX, clean_for_message, clean_text

# Orders still open are looked for on incidents reported this long ago at the most.
ORDER_WINDOW = timedelta(days=90)
OWNER_MAX = 80


class OrderRow(Value):
    """One work order as the department view shows it."""

    incident_id: str
    ref: str
    department: str  # the department's id
    department_label: str  # in the staff's language
    owner: str  # in the staff's language when it is the department's own
    owner_as_stored: str  # as the order keeps it (what programs read)
    status: OrderStatus
    promised_at: datetime
    overdue: bool  # not done and past its promised time
    room: str
    guest: str
    category: str  # the category's label, in the staff's language
    category_id: str
    note: str
    updated_at: datetime | None


def departments(policy: Policy) -> dict[str, str]:
    """Every department the policy knows (declared, or named by a category): id → label."""
    ids = [*policy.departments, *(c.department for c in policy.categories.values())]
    return {d: policy.department_label(d) for d in dict.fromkeys(ids)}


def _department(policy: Policy, department: str) -> str:
    known = departments(policy)
    wanted = department.strip().casefold()
    for dept_id, label in known.items():
        if wanted in (dept_id, label.casefold()):
            return dept_id
    raise ValidationError(_("--department: '{given}' is not a department; expected one of "
                            "{known}").format(given=clean_for_message(department, 40),
                                              known=", ".join(known)))


def _row(policy: Policy, incident: Incident, now: datetime) -> OrderRow | None:
    order = incident.work_order
    if order is None:
        return None
    language = current_language()
    return OrderRow(
        incident_id=incident.id, ref=incident.ref, department=order.department,
        department_label=policy.department_label(order.department, language),
        owner=policy.owner_shown(order.department, order.owner, language),
        owner_as_stored=order.owner, status=order.status, promised_at=order.promised_at,
        overdue=order.status != OrderStatus.DONE and order.promised_at < now,
        room=incident.guest.room, guest=incident.guest.name,
        category=policy.category_label(incident.category, language),
        category_id=incident.category,
        note=order.note, updated_at=order.updated_at)


def order_row(desk: Desk, incident: Incident) -> OrderRow | None:
    """The work order of an incident already read (a draft reopened on it)."""
    return _row(desk.policy, incident, desk.now())


def list_orders(desk: Desk, department: str | None = None, *,
                include_done: bool = False) -> list[OrderRow]:
    """Work orders, soonest promised first: of one department (its id or label) or all;
    done ones only with ``include_done``."""
    policy, now = desk.policy, desk.now()
    wanted = _department(policy, department) if department else None
    found = {i.id: i for i in desk.store.iter_incidents(since=now - ORDER_WINDOW)}
    found.update({i.id: i for i in desk.store.open_incidents()})
    rows = [row for row in (_row(policy, i, now) for i in found.values())
            if row is not None and (wanted is None or row.department == wanted)
            and (include_done or row.status != OrderStatus.DONE)]
    return sorted(rows, key=lambda r: (r.promised_at, r.ref))


def order_status(value: str) -> OrderStatus:
    """``open``, ``in_progress`` (or ``in-progress``) or ``done``; else one clear line."""
    cleaned = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return OrderStatus(cleaned)
    except ValueError:
        raise ValidationError(_("--status: '{given}' is not one of {known}").format(
            given=clean_for_message(str(value), 30),
            known=", ".join(s.value for s in OrderStatus))) from None


def update_order(desk: Desk, id_or_ref: str, staff: Staff, *,
                 status: OrderStatus | None = None, owner: str | None = None,
                 note: str | None = None, promised_at: datetime | None = None) -> Incident:
    """Move the incident's work order along; at least one change. A done order needs a
    note saying what was done (the letter's "what we did" reads it)."""
    if status is None and owner is None and note is None and promised_at is None:
        raise ValidationError(_("say what changes: --status, --owner, --note or --promised"))
    owner = None if owner is None else clean_text("--owner", owner, max_len=OWNER_MAX,
                                                   min_len=1)
    note = None if note is None else clean_text("--note", note, max_len=NOTE_MAX,
                                                 multiline=True)
    incident = get_incident(desk, id_or_ref)
    now = desk.now()

    def mutate(fresh: Incident) -> None:
        order = fresh.work_order
        if order is None:
            raise ValidationError(_("{ref} has no work order").format(ref=fresh.ref))
        if status == OrderStatus.DONE and not (note or order.note):
            raise ValidationError(_("--note: say what was done before marking {ref} done; "
                                    "the guest's letter reads it").format(ref=fresh.ref))
        change_order(order, staff.id, now, status=status, owner=owner, note=note,
                     promised_at=promised_at)
        fresh.updated_at = now

    detail: dict[str, str] = {}
    if status is not None:
        detail["status"] = status.value
    if owner is not None:
        detail["owner"] = owner
    if promised_at is not None:
        detail["promised_at"] = promised_at.isoformat()
    return desk.store.update_incident(incident.id, mutate, staff.id, "work_order.update",
                                      detail)
