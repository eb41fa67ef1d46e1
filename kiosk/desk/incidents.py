"""Incident use cases: open, walk the checklist, compensate (with approval), resolve,
follow up, close; and the headless JSON intake behind ``kiosk incident add``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.core.engine import Decision, Line
from kiosk.core.models import Guest, Incident, Outcome
from kiosk.desk.context import Desk


@dataclass(frozen=True)
class ApprovalRequest:
    """What the supervisor types at the desk (or the JSON ``approval`` block holds)."""

    approver_id: str
    pin: str
    reason: str


@dataclass(frozen=True)
class GuestHistory:
    incidents: list[Incident]  # earlier incidents of this guest, newest first
    repeat: bool  # one this stay or within the last 12 months


def open_incident(desk: Desk, agent_id: str, guest: Guest, category: str, severity: str,
                  account: str, location: str = "") -> Incident:
    """Validate and save a new open incident; ``ValidationError`` for bad input."""
    raise NotImplementedError


def guest_history(desk: Desk, guest: Guest) -> GuestHistory:
    raise NotImplementedError


def record_step(desk: Desk, incident_id: str, staff_id: str, step_id: str, note: str = "",
                confirmed: bool = True) -> Incident:
    """Record a checklist step, in order; a required step needs a note or confirmation
    before the next one. The first step acknowledges the incident."""
    raise NotImplementedError


def next_step(desk: Desk, incident: Incident) -> str | None:
    """The id of the next checklist step to do, or None when all are done."""
    raise NotImplementedError


def propose(desk: Desk, incident: Incident, agent_id: str, lines: list[Line]) -> Decision:
    """The engine's decision for these lines, given what the guest already received this
    stay and what this agent gave this shift. Changes nothing."""
    raise NotImplementedError


def give_compensation(desk: Desk, incident_id: str, agent_id: str, lines: list[Line],
                      remarks: dict[str, str] | None = None,
                      approval: ApprovalRequest | None = None) -> Incident:
    """Decide again under the current policy and record the lines: allowed → saved;
    needs approval → saved only with a valid approval; forbidden → ``ValidationError``
    with the reasons. Items with ``remark_required`` need a remark."""
    raise NotImplementedError


def resolve_incident(desk: Desk, incident_id: str, staff_id: str) -> Incident:
    """Mark resolved and book the follow-up ``follow_up_hours`` later."""
    raise NotImplementedError


def record_follow_up(desk: Desk, incident_id: str, staff_id: str, outcome: Outcome,
                     feedback: str = "") -> Incident:
    raise NotImplementedError


def close_incident(desk: Desk, incident_id: str, staff_id: str) -> Incident:
    raise NotImplementedError


def add_from_document(desk: Desk, document: dict[str, Any],
                      approver_pin: str | None = None) -> Incident:
    """Headless intake (``kiosk incident add --json``): validate the whole document,
    decide its compensation, check any approval, then save — or save nothing."""
    raise NotImplementedError
