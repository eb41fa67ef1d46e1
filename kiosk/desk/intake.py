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
from typing import Any

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
from kiosk.desk.intake_document import IncidentDoc, Misfit, fitted
from kiosk.desk.records import active_staff
from kiosk.desk.text_rules import clean_for_message


def _first_problem(misfit: Misfit) -> str:
    """One line naming the first bad field, in the document's own terms."""
    said = _PROBLEMS.get(misfit.kind)
    if said is None:  # a kind of fault not worded below is shown by its name
        said = N_("{field}: not an acceptable value ({kind})")
    message = lookup(said).format(
        field=misfit.where, kind=misfit.kind,
        most="" if misfit.most is None else misfit.most,
        least="" if misfit.least is None else misfit.least,
        choices=", ".join(h.value for h in Honorific))
    shown = clean_for_message(str(misfit.value), 30) if misfit.kind.endswith("type") else ""
    return _("{problem} (got {value})").format(problem=message, value=shown) if shown \
        else message


# What a document's field got wrong, by its kind of fault.
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
    "greater_than_equal": N_("{field}: must be at least {least}"),
    "less_than_equal": N_("{field}: must be at most {most}"),
}


def parse_document(document: Any) -> IncidentDoc:
    if not isinstance(document, dict):
        raise ValidationError(_("{field}: must be a JSON object {{ ... }}").format(
            field="document"))
    try:
        return fitted(document)
    except Misfit as misfit:
        raise ValidationError(_first_problem(misfit)) from None


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
