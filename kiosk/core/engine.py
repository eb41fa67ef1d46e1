"""The empowerment engine: may this person give this guest this much, for this failure?

A pure function of the policy, the actor's role, the category, the proposed lines and
what was already given (this guest this stay, this agent this shift). It never reads
the clock or the store; callers pass the totals in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kiosk.core.display import money
from kiosk.core.policy_files import ItemKind, Role
from kiosk.core.policy_set import Policy


class Verdict(StrEnum):
    ALLOWED = "allowed"
    NEEDS_APPROVAL = "needs_approval"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class Line:
    item_id: str
    qty: int = 1


@dataclass(frozen=True)
class Headroom:
    cap: str  # per_incident | per_guest_stay | per_shift | discount_pct
    limit: Decimal
    used: Decimal  # including this proposal
    left: Decimal  # limit - used; negative when over


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    approver_role: str | None
    reasons: tuple[str, ...]
    headroom: tuple[Headroom, ...]
    total: Decimal
    currency: str
    tier: str
    policy_hash: str
    role: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "approver_role": self.approver_role,
            "reasons": list(self.reasons),
            "headroom": [
                {"cap": h.cap, "limit": str(h.limit), "used": str(h.used), "left": str(h.left)}
                for h in self.headroom
            ],
            "total": str(self.total),
            "currency": self.currency,
            "tier": self.tier,
            "policy_hash": self.policy_hash,
            "role": self.role,
        }


def merge_lines(lines: Iterable[Line]) -> dict[str, int]:
    """Quantities per item; the order of lines never matters."""
    merged: dict[str, int] = {}
    for line in lines:
        merged[line.item_id] = merged.get(line.item_id, 0) + line.qty
    return merged


def a_role(policy: Policy, role: Role) -> str:
    """'a front-desk agent', 'an events manager': the role as the desk says it."""
    label = policy.label(role.label, "en").lower()
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def _bites(policy: Policy, role: Role, qty: dict[str, int], total: Decimal,
           discount: Decimal, stay_total: Decimal, shift_total: Decimal) -> list[str]:
    """Reasons this role may not give the proposal on its own; empty when it may."""
    cur = policy.currency
    who = a_role(policy, role)
    out: list[str] = []
    for item_id in sorted(qty):
        allowed = role.items.get(item_id, 0)
        item_label = item_id.replace("_", " ")
        if allowed == 0:
            out.append(f"{who.capitalize()} may not give {item_label}.")
        elif qty[item_id] > allowed:
            out.append(f"{qty[item_id]} × {item_label} is more than the {allowed} {who} "
                       "may give.")
    if total > role.per_incident_cap:
        out.append(f"The total {money(total, cur)} is over the per-incident limit of "
                   f"{money(role.per_incident_cap, cur)}.")
    if stay_total + total > role.per_guest_stay_cap:
        out.append(f"With the {money(stay_total, cur)} already given this stay, the guest "
                   f"would receive {money(stay_total + total, cur)}, over the per-stay "
                   f"limit of {money(role.per_guest_stay_cap, cur)}.")
    if shift_total + total > role.per_shift_cap:
        out.append(f"With the {money(shift_total, cur)} already given this shift, that "
                   f"makes {money(shift_total + total, cur)}, over the per-shift limit of "
                   f"{money(role.per_shift_cap, cur)}.")
    if discount > role.max_discount_pct:
        out.append(f"A {discount}% discount is over the {role.max_discount_pct}% {who} "
                   "may give.")
    return out


def decide(
    policy: Policy,
    role_id: str,
    category_id: str,
    lines: Iterable[Line],
    guest_stay_total: Decimal = Decimal(0),
    shift_total: Decimal = Decimal(0),
) -> Decision:
    """Decide a proposal. Unknown roles raise ``KeyError``; everything else is a verdict."""
    role = policy.role(role_id)
    rank = policy.role_rank(role_id)
    lines = list(lines)
    qty = merge_lines(lines)
    cur = policy.currency
    forbidden: list[str] = []

    category = policy.categories.get(category_id)
    if category is None:
        forbidden.append(f"'{category_id}' is not a category in the policy.")
    # Checked per line, not per merged item: a negative line must not cancel another.
    for item_id in sorted({line.item_id for line in lines if line.qty < 1}):
        forbidden.append(f"The quantity of {item_id} must be at least 1.")
    for item_id in sorted(qty):
        if item_id not in policy.items:
            forbidden.append(f"'{item_id}' is not in the compensation catalogue.")
        elif category is not None and item_id in category.not_allowed:
            forbidden.append(
                f"{item_id.replace('_', ' ').capitalize()} may not be given for "
                f"{policy.label(category.label, 'en').lower()} complaints.")
    known = {k: v for k, v in qty.items() if k in policy.items}
    total = sum((policy.items[k].unit_value * v for k, v in known.items()), Decimal(0))
    percents = {k: policy.items[k].percent for k in known
                if policy.items[k].kind == ItemKind.DISCOUNT}
    discount = sum((p * known[k] for k, p in percents.items() if p), Decimal(0))
    headroom = (
        Headroom("per_incident", role.per_incident_cap, total, role.per_incident_cap - total),
        Headroom("per_guest_stay", role.per_guest_stay_cap, guest_stay_total + total,
                 role.per_guest_stay_cap - guest_stay_total - total),
        Headroom("per_shift", role.per_shift_cap, shift_total + total,
                 role.per_shift_cap - shift_total - total),
        Headroom("discount_pct", role.max_discount_pct, discount,
                 role.max_discount_pct - discount),
    )
    tier = policy.tier_for(total).id

    def result(verdict: Verdict, approver: str | None, reasons: list[str]) -> Decision:
        return Decision(verdict, approver, tuple(reasons), headroom, total, cur, tier,
                        policy.policy_hash, role_id)

    if forbidden:
        return result(Verdict.FORBIDDEN, None, forbidden)
    own = _bites(policy, role, known, total, discount, guest_stay_total, shift_total)
    if not own:
        return result(Verdict.ALLOWED, None,
                      [f"Within your limits: {money(total, cur)} of "
                       f"{money(role.per_incident_cap, cur)} for this incident."])
    # The approver is judged on the same totals: what this guest received this stay and
    # what the proposing agent gave this shift (the approver's own shift is not known).
    for higher in policy.roles[rank + 1:]:
        if higher.approves and not _bites(policy, higher, known, total, discount,
                                          guest_stay_total, shift_total):
            return result(Verdict.NEEDS_APPROVAL, higher.id,
                          [*own, f"{a_role(policy, higher).capitalize()} (or above) can "
                                 "approve this."])
    return result(Verdict.FORBIDDEN, None,
                  [*own, "No role in the policy may give this; reduce the compensation."])
