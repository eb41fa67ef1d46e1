"""Postings for the property-management system: every folio credit and discount given
at the desk, with the transaction code the catalogue sets for its item.

A posting's id is fixed by where it comes from (incident, decision, line), so deriving
the list again never makes a second posting for the same credit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from kiosk.core.models import Incident
from kiosk.core.plain import Value
from kiosk.core.policy_rules import POSTED_KINDS
from kiosk.core.policy_set import Policy


class Posting(Value):
    id: str
    incident_id: str
    ref: str
    room: str
    guest: str
    arrival: str
    departure: str
    item: str
    kind: str  # folio_credit | discount
    transaction_code: str  # "" when the catalogue gives none: the posting is held
    quantity: int
    amount: Decimal  # credited to the guest's folio, positive
    currency: str
    percent: Decimal | None
    decided_at: datetime
    decided_by: str
    remark: str


def postings_of(policy: Policy, incident: Incident) -> list[Posting]:
    found = []
    for d_index, decision in enumerate(incident.compensation):
        for l_index, line in enumerate(decision.lines):
            item = policy.items.get(line.item_id)
            if item is None or item.kind not in POSTED_KINDS:
                continue
            g = incident.guest
            found.append(Posting(
                id=f"{incident.id}-{d_index + 1}-{l_index + 1}", incident_id=incident.id,
                ref=incident.ref, room=g.room, guest=g.name, arrival=g.arrival.isoformat(),
                departure=g.departure.isoformat(), item=line.item_id, kind=item.kind.value,
                transaction_code=item.transaction_code or "", quantity=line.qty,
                amount=line.value, currency=decision.currency,
                percent=None if item.percent is None else item.percent * line.qty,
                decided_at=decision.decided_at, decided_by=decision.decided_by,
                remark=line.remark))
    return found


def all_postings(policy: Policy, incidents: Iterable[Incident]) -> list[Posting]:
    postings = [p for i in incidents for p in postings_of(policy, i)]
    return sorted(postings, key=lambda p: (p.decided_at, p.id))
