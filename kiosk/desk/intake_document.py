"""The shape of the headless intake's JSON document, checked in plain Python.

Every field is checked strictly (a string is a string, a count a whole number, never
``true`` or ``"1"``), bounded before any other work is done, and an unknown field is
refused. The first fault is raised as a ``Misfit`` naming the field by its path in the
document (``compensation.0.qty``) and the kind of fault; ``kiosk.desk.intake`` words it
for the staff. What the fields mean (a known category, a real guest name) is checked
afterwards, by the same rules as the desk's form.

Plain code rather than a validation library: this runs at every ``kiosk incident add``
a property-management system sends, and the library's import alone cost that command
more than all its own work.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from kiosk.core.models import Honorific
from kiosk.core.plain import Part
from kiosk.desk.text_rules import ACCOUNT_MAX, NOTE_MAX, REMARK_MAX


class Misfit(Exception):
    """A document's field that does not fit: where (dotted path), which kind of fault
    (``missing``, ``string_too_long`` …), what was there and the bound it broke."""

    def __init__(self, where: str, kind: str, value: Any = None, *, most: int | None = None,
                 least: int | None = None) -> None:
        super().__init__(where, kind)
        self.where, self.kind, self.value = where, kind, value
        self.most, self.least = most, least


class GuestDoc(Part):
    """The guest as the document gives them."""

    name: str
    language: str
    room: str
    arrival: str
    departure: str
    honorific: Honorific | None = None
    loyalty_id: str = ""
    contact: str = ""
    address_as: str = ""  # how the letter addresses the guest; empty: the full name
    # Checked as the desk form checks them (text_rules.check_guest); the bound here only
    # refuses a huge value before any other work.
    phone: str = ""
    email: str = ""
    prefers: str = ""  # phone | email | empty


class LineDoc(Part):
    """One line of compensation asked for."""

    item: str
    qty: int = 1
    remark: str = ""


class StepDoc(Part):
    """A checklist step already done."""

    step: str
    note: str = ""


class ApprovalDoc(Part):
    """Who approves compensation over the agent's limit (their PIN never travels here)."""

    approver: str
    reason: str


class IncidentDoc(Part):
    """The whole document."""

    agent: str = ""
    guest: GuestDoc
    category: str
    severity: str
    account: str
    location: str = ""
    steps: tuple[StepDoc, ...] = ()
    compensation: tuple[LineDoc, ...] = ()
    approval: ApprovalDoc | None = None


# A check takes a field's value and its path, and returns the value to keep or raises
# Misfit.
Check = Callable[[Any, str], Any]
_REQUIRED = object()
P = TypeVar("P", bound=Part)
_HONORIFICS = frozenset(h.value for h in Honorific)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise Misfit(where, "string_type", value)
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError:  # a lone surrogate, which JSON's \ud800 can spell
            raise Misfit(where, "string_unicode", value) from None
    return value


def _text(most: int) -> Check:
    def check(value: Any, where: str) -> str:
        text = _string(value, where)
        if len(text) > most:
            raise Misfit(where, "string_too_long", value, most=most)
        return text
    return check


def _day(value: Any, where: str) -> str:
    text = _string(value, where)
    if not _DAY.fullmatch(text):
        raise Misfit(where, "string_pattern_mismatch", value)
    try:
        date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        raise Misfit(where, "not_a_day", value) from None
    return text


def _count(least: int, most: int) -> Check:
    def check(value: Any, where: str) -> int:
        if type(value) is not int:  # bool is an int to Python, not to a document
            raise Misfit(where, "int_type", value)
        if value < least:
            raise Misfit(where, "greater_than_equal", value, least=least)
        if value > most:
            raise Misfit(where, "less_than_equal", value, most=most)
        return value
    return check


def _honorific(value: Any, where: str) -> Honorific | None:
    if value is None:
        return None
    if isinstance(value, str) and value in _HONORIFICS:
        return Honorific(value)
    raise Misfit(where, "enum", value)


def _maybe(check: Check) -> Check:
    def maybe(value: Any, where: str) -> Any:
        return None if value is None else check(value, where)
    return maybe


def _many(check: Check, most: int) -> Check:
    def many(value: Any, where: str) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise Misfit(where, "list_type", value)
        if len(value) > most:
            raise Misfit(where, "too_long", value, most=most)
        return tuple(check(entry, f"{where}.{index}") for index, entry in enumerate(value))
    return many


def _object(kind: type[P], fields: dict[str, tuple[Check, Any]]) -> Callable[[Any, str], P]:
    """A JSON object with exactly these fields (each its check and its default, or
    _REQUIRED): faults in the order the fields are listed, then unknown fields."""
    def check(value: Any, where: str) -> P:
        if not isinstance(value, dict):
            raise Misfit(where or "document", "model_type", value)
        kept: dict[str, Any] = {}
        for name, (check_field, default) in fields.items():
            path = f"{where}.{name}" if where else name
            if name in value:
                kept[name] = check_field(value[name], path)
            elif default is _REQUIRED:
                raise Misfit(path, "missing", value)
        for name in value:
            if name not in fields:
                raise Misfit(f"{where}.{name}" if where else name, "extra_forbidden",
                             value[name])
        return kind(**kept)
    return check


# Bounds are generous but finite: a huge value is refused before any other work.
_SHORT = _text(200)
_ID = _text(40)

_GUEST = _object(GuestDoc, {
    "name": (_SHORT, _REQUIRED),
    "language": (_text(10), _REQUIRED),
    "room": (_ID, _REQUIRED),
    "arrival": (_day, _REQUIRED),
    "departure": (_day, _REQUIRED),
    "honorific": (_honorific, None),
    "loyalty_id": (_SHORT, ""),
    "contact": (_SHORT, ""),
    "address_as": (_SHORT, ""),
    "phone": (_SHORT, ""),
    "email": (_text(300), ""),
    "prefers": (_SHORT, ""),
})
_LINE = _object(LineDoc, {
    "item": (_ID, _REQUIRED),
    "qty": (_count(1, 1000), 1),
    "remark": (_text(REMARK_MAX + 50), ""),
})
_STEP = _object(StepDoc, {
    "step": (_ID, _REQUIRED),
    "note": (_text(NOTE_MAX + 50), ""),
})
_APPROVAL = _object(ApprovalDoc, {
    "approver": (_ID, _REQUIRED),
    "reason": (_text(REMARK_MAX + 50), _REQUIRED),
})
_INCIDENT = _object(IncidentDoc, {
    "agent": (_ID, ""),
    "guest": (_GUEST, _REQUIRED),
    "category": (_ID, _REQUIRED),
    "severity": (_text(20), _REQUIRED),
    "account": (_text(ACCOUNT_MAX + 100), _REQUIRED),
    "location": (_SHORT, ""),
    "steps": (_many(_STEP, 30), ()),
    "compensation": (_many(_LINE, 50), ()),
    "approval": (_maybe(_APPROVAL), None),
})


def fitted(document: Any) -> IncidentDoc:
    """The document as an ``IncidentDoc``, or ``Misfit`` for its first fault."""
    return _INCIDENT(document, "")
