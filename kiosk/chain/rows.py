"""An incident as the rows head office keeps: what the chain report reads, with the
figures derived exactly as the property's own report derives them (its digest), and
guest contacts only when the policy shares them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from kiosk.core.digest import from_incident
from kiosk.core.models import Incident
from kiosk.core.plain import Record
from kiosk.core.policy_set import Policy

INCIDENT_COLUMNS = (
    "property_id", "incident_id", "ref", "reported", "reported_at", "category", "department",
    "severity",
    "location", "status", "agent_id", "guest_key", "guest_name", "stay_key", "loyalty_id",
    "language", "contact", "ack_min", "resolve_min", "unresolved", "tier", "compensation",
    "outcome", "follow_up_due", "followed_up_at", "apology_min", "reopened", "recovery_of",
    "score", "departure",
)
STEP_COLUMNS = ("property_id", "incident_id", "n", "step_id", "staff_id", "at", "confirmed")
DECISION_COLUMNS = (
    "property_id", "incident_id", "n", "decided_at", "decided_by", "decided_role", "verdict",
    "policy_hash", "total", "currency", "approver_id", "approver_role", "approved_at",
    "reported_at", "category",
)
LINE_COLUMNS = ("property_id", "incident_id", "n", "line", "item_id", "qty", "unit_value",
                "reported_at", "category")
LETTER_COLUMNS = (
    "property_id", "incident_id", "version", "language", "template", "policy_hash",
    "content_hash", "created_at", "created_by", "printed",
)


UNKNOWN_DEPARTMENT = "(unknown category)"  # as the property's report words it


class IncidentRows(Record):
    incident: tuple[Any, ...]
    steps: list[tuple[Any, ...]]
    decisions: list[tuple[Any, ...]]
    lines: list[tuple[Any, ...]]
    letters: list[tuple[Any, ...]]


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def incident_rows(property_id: str, incident: Incident, policy: Policy,
                  share_contacts: bool) -> IncidentRows:
    d = from_incident(incident)
    given = incident.compensation_total
    # The tier as the property's report counts it (only when something was given): the
    # one recorded, else the policy's.
    tier = (d.tier or policy.tier_for(given).id) if incident.compensation else ""
    follow = incident.follow_up
    guest = incident.guest
    key = (property_id, incident.id)
    category = policy.categories.get(d.category)
    reported_at = datetime.fromtimestamp(d.reported, UTC)
    row = (
        *key, incident.ref, d.reported, reported_at, d.category,
        category.department if category is not None else UNKNOWN_DEPARTMENT, d.severity,
        d.location, incident.status.value, incident.agent_id, d.guest_key,
        d.guest_name, d.stay_key, guest.loyalty_id.strip(), guest.language,
        guest.contact if share_contacts and guest.contact else None, d.ack_min,
        d.resolve_min, d.unresolved, tier, given, d.outcome,
        _utc(follow.due) if follow else None, _utc(follow.done_at) if follow else None,
        d.apology_min, d.reopened, d.recovery_of, d.score, d.departure,
    )
    steps = [(*key, n, s.step_id, s.staff_id, _utc(s.at), s.confirmed)
             for n, s in enumerate(incident.steps)]
    decisions: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    for n, c in enumerate(incident.compensation):
        ok = c.approval
        decisions.append((
            *key, n, _utc(c.decided_at), c.decided_by, c.decided_role, c.verdict,
            c.policy_hash, c.total, c.currency, ok.approver_id if ok else None,
            ok.approver_role if ok else None, _utc(ok.at) if ok else None, reported_at,
            d.category))
        lines += [(*key, n, i, x.item_id, x.qty, Decimal(x.unit_value), reported_at,
                   d.category) for i, x in enumerate(c.lines)]
    letters = [(*key, x.version, x.language, x.template, x.policy_hash, x.content_hash,
                _utc(x.created_at), x.created_by, any(p.status == "printed" for p in x.prints))
               for x in incident.letters]
    return IncidentRows(row, steps, decisions, lines, letters)
