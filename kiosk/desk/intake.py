"""The headless intake behind ``kiosk incident add --json``.

A property-management system (or a person) hands over one JSON document. The whole
document is checked, its steps walked and its compensation decided in memory first;
only when every part is acceptable is the incident saved, in one write. The approver's
PIN never travels in the document: the CLI reads it and passes it in.

Who is acting is never taken from the document: the caller passes the authenticated
actor (a staff member who gave their PIN, or an integration with its secret). A
document's ``agent``, when given, must name that same actor.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic import ValidationError as PydanticError

from kiosk.core.engine import Line
from kiosk.core.errors import AuthError, ValidationError
from kiosk.core.i18n import N_, _, lookup
from kiosk.core.models import Guest, Honorific, Incident, Staff
from kiosk.desk.context import Desk
from kiosk.desk.incidents import (
    ApprovalRequest,
    apply_compensation,
    apply_step,
    build_incident,
    decide_compensation,
    limits_hold,
    tell_tier,
)
from kiosk.desk.records import active_staff
from kiosk.desk.text_rules import ACCOUNT_MAX, NOTE_MAX, REMARK_MAX, clean_for_message

# Bounds are generous but finite: a huge value is refused before any other work.
Text = Annotated[str, StringConstraints(max_length=ACCOUNT_MAX + 100, strict=True)]
Short = Annotated[str, StringConstraints(max_length=200, strict=True)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$", strict=True)]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class GuestDoc(_Doc):
    name: Short
    language: Annotated[str, StringConstraints(max_length=10, strict=True)]
    room: Annotated[str, StringConstraints(max_length=40, strict=True)]
    arrival: IsoDate
    departure: IsoDate
    honorific: Honorific | None = None
    loyalty_id: Short = ""
    contact: Short = ""
    address_as: Short = ""  # how the letter addresses the guest; empty: the full name
    # Checked as the desk form checks them (text_rules.check_guest); the bound here only
    # refuses a huge value before any other work.
    phone: Short = ""
    email: Annotated[str, StringConstraints(max_length=300, strict=True)] = ""
    prefers: Short = ""  # phone | email | empty

    @field_validator("arrival", "departure")
    @classmethod
    def _real_date(cls, value: str) -> str:
        date.fromisoformat(value)  # ValueError for 2026-02-30
        return value

    @field_validator("honorific", mode="before")
    @classmethod
    def _honorific(cls, value: object) -> object:
        return Honorific(value) if isinstance(value, str) else value


class LineDoc(_Doc):
    item: Annotated[str, StringConstraints(max_length=40, strict=True)]
    qty: Annotated[int, Field(ge=1, le=1000)] = 1
    remark: Annotated[str, StringConstraints(max_length=REMARK_MAX + 50, strict=True)] = ""


class StepDoc(_Doc):
    step: Annotated[str, StringConstraints(max_length=40, strict=True)]
    note: Annotated[str, StringConstraints(max_length=NOTE_MAX + 50, strict=True)] = ""


class ApprovalDoc(_Doc):
    approver: Annotated[str, StringConstraints(max_length=40, strict=True)]
    reason: Annotated[str, StringConstraints(max_length=REMARK_MAX + 50, strict=True)]


class IncidentDoc(_Doc):
    agent: Annotated[str, StringConstraints(max_length=40, strict=True)] = ""
    guest: GuestDoc
    category: Annotated[str, StringConstraints(max_length=40, strict=True)]
    severity: Annotated[str, StringConstraints(max_length=20, strict=True)]
    account: Text
    location: Short = ""
    steps: Annotated[list[StepDoc], Field(max_length=30)] = []
    compensation: Annotated[list[LineDoc], Field(max_length=50)] = []
    approval: ApprovalDoc | None = None


def _first_problem(exc: PydanticError) -> str:
    """One line naming the first bad field, in the document's own terms."""
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"]) or "document"
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "value_error" and where.endswith(("arrival", "departure")):
        kind = "not_a_day"
    elif kind == "value_error" and where.endswith("honorific"):
        kind = "enum"
    said = _PROBLEMS.get(kind)
    if said is None:
        # pydantic's own words are English: a kind not named above is shown by its type
        said = N_("{field}: not an acceptable value ({kind})")
    message = lookup(said).format(
        field=where, kind=kind, most=ctx.get("max_length", ctx.get("le", "")),
        least=ctx.get("min_length", ctx.get("ge", "")),
        choices=", ".join(h.value for h in Honorific))
    shown = clean_for_message(str(err.get("input")), 30) if kind.endswith("type") else ""
    return _("{problem} (got {value})").format(problem=message, value=shown) if shown \
        else message


# What a document's field got wrong, by pydantic's kind of error.
_PROBLEMS = {
    "extra_forbidden": N_("{field}: unknown field; remove it (see the README for the "
                          "fields)"),
    "missing": N_("{field}: required field is missing"),
    "string_too_short": N_("{field}: must not be empty"),
    "string_too_long": N_("{field}: too long (at most {most} characters)"),
    "too_long": N_("{field}: too many entries (at most {most})"),
    "string_pattern_mismatch": N_("{field}: must be a date written YYYY-MM-DD"),
    "not_a_day": N_("{field}: not a real calendar date"),
    "enum": N_("{field}: must be one of {choices}"),
    "string_type": N_("{field}: must be a valid string"),
    "int_type": N_("{field}: must be a valid whole number"),
    "list_type": N_("{field}: must be a list [ ... ]"),
    "model_type": N_("{field}: must be an object {{ ... }}"),
    "model_attributes_type": N_("{field}: must be an object {{ ... }}"),
    "dict_type": N_("{field}: must be an object {{ ... }}"),
    "greater_than_equal": N_("{field}: must be at least {least}"),
    "less_than_equal": N_("{field}: must be at most {most}"),
}


def parse_document(document: Any) -> IncidentDoc:
    if not isinstance(document, dict):
        raise ValidationError(_("{field}: must be a JSON object {{ ... }}").format(
            field="document"))
    try:
        return IncidentDoc.model_validate(document)
    except PydanticError as exc:
        raise ValidationError(_first_problem(exc)) from None


def add_from_document(desk: Desk, document: Any, actor: Staff,
                      approver_pin: str | None = None) -> Incident:
    doc = parse_document(document)
    policy = desk.policy  # taken once for the whole document
    if doc.agent and doc.agent != actor.id:
        raise AuthError(_("agent: the document names '{named}' but {id} is the one who "
                          "proved who they are; nobody acts as someone else").format(
            named=clean_for_message(doc.agent), id=actor.id))
    agent = active_staff(desk, actor.id)
    g = doc.guest
    guest = Guest(name=g.name, language=g.language, room=g.room,
                  arrival=date.fromisoformat(g.arrival),
                  departure=date.fromisoformat(g.departure),
                  honorific=g.honorific or Honorific.NONE, loyalty_id=g.loyalty_id,
                  contact=g.contact, address_as=g.address_as, phone=g.phone,
                  email=g.email, prefers=g.prefers)
    incident = build_incident(desk, policy, agent, guest, doc.category, doc.severity,
                              doc.account, doc.location)
    now = desk.now()
    for index, step in enumerate(doc.steps):
        try:
            apply_step(policy, incident, agent.id, step.step, step.note, True, now)
        except ValidationError as exc:
            raise ValidationError(f"steps.{index}: {exc}") from None
    if doc.compensation:
        approval = None
        if doc.approval is not None:
            approval = ApprovalRequest(doc.approval.approver, approver_pin or "",
                                       doc.approval.reason)
        lines = [Line(line.item, line.qty) for line in doc.compensation]
        remarks: dict[str, str] = {}
        for line in doc.compensation:
            if line.remark:
                remarks[line.item] = (remarks.get(line.item, "") + " " + line.remark).strip()
        record = decide_compensation(desk, policy, incident, agent, lines, remarks, approval)
        apply_compensation(policy, incident, record, now)
    desk.store.add_incident(incident, agent.id, {"ref": incident.ref, "source": "json"},
                            check=limits_hold(policy, agent, now))
    tell_tier(desk, policy, incident, agent.id)
    return incident
