"""The plain view a letter template sees: dicts of text and numbers, never store objects.

Everything a guest reads is already formatted for the letter's language (dates, money)
and every label is already in that language, so templates hold words, not logic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.core.display import hotel_zone
from kiosk.core.models import Honorific, Incident
from kiosk.core.policy_set import Policy
from kiosk.letters.locale_format import long_date, money


@dataclass(frozen=True)
class Signatory:
    """A person who signs the letter: the agent, or a manager who approved."""

    name: str
    role: str  # role id from the policy


def surname(name: str) -> str:
    """The last word of the name: "Ms Petrosyan" for "Anna Petrosyan"."""
    words = name.split()
    return words[-1] if words else name


def _person(person: Signatory, policy: Policy, language: str) -> dict[str, str]:
    try:
        role = policy.label(policy.role(person.role).label, language)
    except KeyError:
        role = person.role
    return {"name": person.name, "role": role}


def _compensation(incident: Incident, policy: Policy, language: str) -> list[dict[str, Any]]:
    lines = []
    for decision in incident.compensation:
        for line in decision.lines:
            item = policy.items.get(line.item_id)
            label = policy.label(item.label, language) if item else line.item_id
            lines.append({
                "id": line.item_id,
                "kind": str(item.kind) if item else "",
                "label": label,
                "quantity": line.qty,
                "unit_value": money(line.unit_value, decision.currency, language),
                "value": money(line.value, decision.currency, language),
                "remark": line.remark,
            })
    return lines


def letter_view(incident: Incident, policy: Policy, language: str, agent: Signatory,
                managers: list[Signatory], issued_at: datetime) -> dict[str, Any]:
    """The variables of one letter (see the README for the list)."""
    prop = policy.property
    tz = hotel_zone(policy)
    category = policy.categories.get(incident.category)
    currency = incident.compensation[0].currency if incident.compensation else prop.currency
    guest = incident.guest
    honorific = guest.honorific if isinstance(guest.honorific, Honorific) else Honorific.NONE
    return {
        "lang": language,
        "hotel": {
            "name": prop.name,
            "address": list(prop.address),
            "phone": prop.phone,
            "email": prop.email,
        },
        "letter": {"date": long_date(issued_at, language, tz), "language": language},
        "guest": {
            "name": guest.name,
            "surname": surname(guest.name),
            "honorific": honorific.value,
            "room": guest.room,
            "arrival": long_date(guest.arrival, language),
            "departure": long_date(guest.departure, language),
        },
        "incident": {
            "ref": incident.ref,
            "category": incident.category,
            "category_label": policy.label(category.label, language) if category
            else incident.category,
            "severity": incident.severity,
            "account": incident.account,
            "location": incident.location,
            "reported_on": long_date(incident.reported_at, language, tz),
        },
        "compensation": _compensation(incident, policy, language),
        "compensation_total": money(incident.compensation_total, currency, language),
        "agent": _person(agent, policy, language),
        "managers": [_person(m, policy, language) for m in managers],
    }
