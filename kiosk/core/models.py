"""The records the kiosk keeps: incidents, staff, drafts. Plain dataclasses, sharing
their methods (``kiosk.core.plain.Record``).

``to_dict``/``from_dict`` give a JSON-friendly shape (Decimal and dates as strings) that
the store writes and the CLI prints; nothing here knows how it is stored.
"""

from __future__ import annotations

import builtins
import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from kiosk.core import guest_keys
from kiosk.core.plain import Record, Value


class Status(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    FOLLOWED_UP = "followed_up"
    CLOSED = "closed"


class Outcome(StrEnum):
    SATISFIED = "satisfied"
    NOT_SATISFIED = "not_satisfied"
    UNREACHABLE = "unreachable"


class Honorific(StrEnum):
    MR = "mr"
    MS = "ms"
    MRS = "mrs"
    MX = "mx"
    DR = "dr"
    NONE = "none"


# A guest with an earlier incident in the same stay or within this window is a repeat
# guest: at the desk (guest history) and in the report alike.
REPEAT_WINDOW = timedelta(days=365)


class Guest(Record):
    """The guest an incident is about, and their stay."""

    name: str
    language: str
    room: str
    arrival: date
    departure: date
    honorific: Honorific = Honorific.NONE
    loyalty_id: str = ""
    contact: str = ""  # phone or e-mail for the follow-up call
    # How the letter addresses the guest, as written ("Mr Smith", "Bi. Fatuma", or a
    # surname the honorific goes before); empty: the full name.
    address_as: str = ""
    phone: str = ""
    email: str = ""
    prefers: str = ""  # the contact the guest asked for: "phone", "email" or no choice

    @builtins.property
    def stay_key(self) -> str:
        """Identifies one stay: the same guest, room and arrival date."""
        return guest_keys.stay_key(self.name, self.room, self.arrival)


class InHouseGuest(Record):
    """One row of the property-management system's in-house list, as imported."""

    name: str  # as written in the PMS
    language: str
    room: str
    arrival: date
    departure: date
    address_as: str = ""  # how the letter greets them; the name when empty
    phone: str = ""
    email: str = ""
    loyalty_id: str = ""
    loyalty_tier: str = ""
    vip: bool = False

    @builtins.property
    def contact(self) -> str:
        """What the follow-up call uses: the phone, else the e-mail."""
        return self.phone or self.email


class StepRecord(Record):
    """A checklist step done: by whom, when, with its note."""

    step_id: str
    staff_id: str
    at: datetime
    note: str = ""
    confirmed: bool = True
    # Whether the policy marked this step as the apology when it was done (None: recorded
    # before checklists marked it).
    apology: bool | None = None


class Approval(Record):
    """Who approved compensation over the agent's limit, and why."""

    approver_id: str
    approver_role: str
    reason: str
    at: datetime


class CompensationLine(Record):
    """One line of compensation given: a catalogue item, how many, at what value."""

    item_id: str
    qty: int
    unit_value: Decimal
    remark: str = ""

    @builtins.property
    def value(self) -> Decimal:
        return self.unit_value * self.qty


class Reason(Value):
    """One sentence of a compensation decision, kept as a code and its values (ids and
    plain numbers) so each reader sees it in their own language (kiosk.core.reasons)."""

    code: str
    values: dict[str, str] = field(default_factory=dict, hash=False)


class CompensationDecision(Record):
    """A set of lines given together, with the verdict that allowed it."""

    lines: list[CompensationLine]
    total: Decimal
    currency: str
    verdict: str  # allowed | needs_approval (then ``approval`` is set)
    reasons: list[str]  # English sentences, as records made before ``why`` keep them
    policy_hash: str
    decided_by: str
    decided_role: str
    decided_at: datetime
    approval: Approval | None = None
    why: list[Reason] = field(default_factory=list)


class PrintRecord(Record):
    """One print of a letter: when, on which queue, and whether it printed."""

    at: datetime
    queue: str
    status: str  # printed | pending
    job_id: str = ""
    error: str = ""
    by: str = ""


class LetterRecord(Record):
    """One issued version of an incident's apology letter."""

    version: int
    language: str
    template: str
    policy_hash: str
    content_hash: str  # sha256 of the PDF bytes
    file: str  # relative to the store's letters folder
    created_at: datetime
    created_by: str
    fallback_from: str = ""  # the language asked for, when its template was missing
    prints: list[PrintRecord] = field(default_factory=list)
    wording: LetterWording | None = None  # what the agent adjusted at the letter step


class LetterWording(Value):
    """What the agent adds or adjusts at the letter step, in the guest's language."""

    address_as: str = ""  # replaces the guest's address_as in this letter
    personal: str = ""  # a short paragraph of the agent's own
    remedy: str = ""  # replaces the remedy step's note in this letter


class FollowUp(Record):
    """The follow-up call: when it is due and, once made, what the guest said."""

    due: datetime
    done_at: datetime | None = None
    outcome: Outcome | None = None
    feedback: str = ""
    by: str = ""
    score: int | None = None  # 0-10: how the guest rates the stay now, at the call
    # Calls that did not reach the guest, oldest first; ``due`` is then the next one.
    unreachable: list[CallAttempt] = field(default_factory=list)

    @builtins.property
    def attempt(self) -> int:
        """The number of the call that is due (1 for the first)."""
        return len(self.unreachable) + 1


class CallAttempt(Record):
    """A follow-up call that did not reach the guest."""

    at: datetime
    by: str
    feedback: str = ""


class OrderStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class WorkOrder(Record):
    """What the category's department is asked to do about an incident."""

    department: str
    promised_at: datetime  # when the department is to be done
    created_at: datetime
    owner: str = ""  # who in the department sees it through
    status: OrderStatus = OrderStatus.OPEN
    note: str = ""  # what the department did; the letter's "what we did" once done
    updated_at: datetime | None = None
    updated_by: str = ""
    done_at: datetime | None = None


class Pause(Record):
    """A stretch when the SLA clock waited on the guest (``end`` None: still waiting)."""

    start: datetime
    by: str
    reason: str = ""
    end: datetime | None = None


class IncidentReport(Record):
    """The filled incident report: the policy's field ids and what was written."""

    values: dict[str, str]
    by: str
    at: datetime


class NoteRecord(Record):
    """Something written on an incident after intake: a note, a reassignment, a
    reopening (with its reason)."""

    kind: str  # note | reassign | reopen
    staff_id: str
    at: datetime
    text: str


class Incident(Record):
    """A guest's complaint and its recovery, from report to follow-up."""

    id: str  # ULID: unique across terminals without coordination
    ref: str  # short reference read out at the desk
    property: str
    terminal: str
    agent_id: str
    guest: Guest
    category: str
    severity: str
    account: str  # the guest's own words
    reported_at: datetime
    location: str = ""
    status: Status = Status.OPEN
    steps: list[StepRecord] = field(default_factory=list)
    compensation: list[CompensationDecision] = field(default_factory=list)
    tier: str = ""
    letters: list[LetterRecord] = field(default_factory=list)
    follow_up: FollowUp | None = None
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    updated_at: datetime | None = None
    owner: str = ""  # who sees it through; the agent who opened it when empty
    notes: list[NoteRecord] = field(default_factory=list)
    # A second recovery names the incident whose follow-up found the guest not
    # satisfied; that one names its second recovery.
    second_of: str = ""
    second_recovery: str = ""
    work_order: WorkOrder | None = None
    pauses: list[Pause] = field(default_factory=list)
    report: IncidentReport | None = None

    @builtins.property
    def compensation_total(self) -> Decimal:
        return sum((d.total for d in self.compensation), Decimal(0))


PERSON, INTEGRATION = "person", "integration"


class Staff(Record):
    """A person who signs in with a PIN, or an integration (a property-management
    system feeding incidents) that proves itself with a secret; both act under their id."""

    id: str
    name: str
    role: str
    pin_hash: str  # argon2 for a PIN; "sha256:…" for an integration's random secret
    active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = None
    created_at: datetime | None = None
    kind: str = PERSON
    locks: int = 0  # locks since the last good PIN: each one lasts twice as long
    # The language the kiosk speaks to this person; "" is the property's staff_language.
    ui_lang: str = ""


class Delivery(Record):
    """One way a notification leaves the kiosk (the policy's command, or e-mail)."""

    channel: str  # command | email
    status: str = "pending"  # pending | sending | delivered | failing
    attempts: int = 0
    next_at: datetime | None = None
    last_error: str = ""  # as the deliverer said it
    # The same, to be put into the reader's words: the message as written and its values.
    error_message: str = ""
    error_values: dict[str, str] = field(default_factory=dict)
    delivered_at: datetime | None = None
    claimed_at: datetime | None = None  # a deliverer is on it since (crash: retried)


class Notice(Record):
    """A notification in the outbox: someone must hear about an incident."""

    id: str  # N000123, read out and typed to acknowledge
    key: str  # what it is about, so the same thing is never queued twice
    incident_id: str
    ref: str
    kind: str  # breach | tier | second_recovery
    role: str  # who must hear
    subject: str
    lines: list[str]
    created_at: datetime
    ack_due: datetime | None = None  # "within 24 h": acknowledged by then
    acked_at: datetime | None = None
    acked_by: str = ""
    deliveries: list[Delivery] = field(default_factory=list)
    language: str = ""  # the one its subject and lines are written in ("" before there was one)


class Draft(Record):
    """What an agent had typed when the terminal locked or crashed."""

    id: str
    staff_id: str
    terminal: str
    saved_at: datetime
    data: dict[str, Any]


# --- serialisation ------------------------------------------------------------------
T = TypeVar("T")


# Every save turns its incident into a document: the field names of each record class
# and the types that stand for themselves are looked up once, not asked of dataclasses
# for every value (54 µs an incident before, 20 after).
_AS_IS: frozenset[type] = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_dict(obj: Any) -> Any:
    """JSON-friendly form of any record above."""
    cls = type(obj)
    if cls in _AS_IS:
        return obj
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if isinstance(obj, StrEnum):
        return obj.value
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, list):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


Converter = Callable[[Any], Any]
# How each annotation's values are rebuilt, and each record's fields, worked out once:
# a guest look-up rebuilds a dozen incidents, a report thousands.
_CONVERTERS: dict[Any, Converter] = {}
_PLANS: dict[type, dict[str, Converter]] = {}


def _as_is(value: Any) -> Any:
    return value


def _unless_none(convert: Converter) -> Converter:
    return lambda value: None if value is None else convert(value)


def _converter(tp: Any) -> Converter:
    found = _CONVERTERS.get(tp)
    if found is None:
        found = _CONVERTERS[tp] = _make_converter(tp)
    return found


def _make_converter(tp: Any) -> Converter:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(args[0])
    if origin is list:
        (inner_type,) = typing.get_args(tp)
        inner = _converter(inner_type)
        return _unless_none(lambda value: [inner(v) for v in value])
    if origin is dict:
        return _unless_none(dict)
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return _unless_none(lambda value: from_dict(tp, value))
        if issubclass(tp, StrEnum):
            return _unless_none(tp)
        if tp is datetime:
            return _unless_none(datetime.fromisoformat)
        if tp is date:
            return _unless_none(date.fromisoformat)
        if tp is Decimal:
            return _unless_none(Decimal)
    return _as_is


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record from ``to_dict`` output; unknown keys are ignored."""
    plan = _PLANS.get(cls)
    if plan is None:
        hints = typing.get_type_hints(cls)
        plan = _PLANS[cls] = {f.name: _converter(hints[f.name])
                              for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: plan[k](v) for k, v in data.items() if k in plan})
