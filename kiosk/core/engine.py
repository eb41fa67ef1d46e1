"""The empowerment engine: may this person give this guest this much, for this failure?

A pure function of the policy, the actor's role, the category, the proposed lines and
what was already given (this guest this stay, this agent this shift). It never reads
the clock or the store; callers pass the totals in.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any

from kiosk.core.models import Reason
from kiosk.core.plain import Value
from kiosk.core.policy_parts import ItemKind, Role
from kiosk.core.policy_set import Policy
from kiosk.core.reasons import reason


class Verdict(StrEnum):
    ALLOWED = "allowed"
    NEEDS_APPROVAL = "needs_approval"
    FORBIDDEN = "forbidden"


class Line(Value):
    """A proposed compensation line: a catalogue item and how many."""

    item_id: str
    qty: int = 1


class Headroom(Value):
    """One of a role's limits: what it allows, what is used with this proposal, what is left."""

    cap: str  # per_incident | per_guest_stay | per_shift | discount_pct
    limit: Decimal
    used: Decimal  # including this proposal
    left: Decimal  # limit - used; negative when over


class Decision(Value):
    """The engine's verdict on a proposal, with its reasons, headroom, total and tier."""

    verdict: Verdict
    approver_role: str | None
    reasons: tuple[Reason, ...]  # worded where shown: kiosk.core.reasons.say
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
            "reasons": [{"code": r.code, "values": dict(r.values)} for r in self.reasons],
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


def _bites(role: Role, qty: dict[str, int], total: Decimal, discount: Decimal,
           stay_total: Decimal, shift_total: Decimal) -> list[Reason]:
    """Reasons this role may not give the proposal on its own; empty when it may."""
    who = role.id
    out: list[Reason] = []
    for item_id in sorted(qty):
        allowed = role.items.get(item_id, 0)
        if allowed == 0:
            out.append(reason("role_may_not_give", role=who, item=item_id))
        elif qty[item_id] > allowed:
            out.append(reason("more_than_role_gives", qty=qty[item_id], item=item_id,
                              allowed=allowed, role=who))
    if total > role.per_incident_cap:
        out.append(reason("over_incident_cap", total=total, cap=role.per_incident_cap))
    if stay_total + total > role.per_guest_stay_cap:
        out.append(reason("over_stay_cap", given=stay_total, after=stay_total + total,
                          cap=role.per_guest_stay_cap))
    if shift_total + total > role.per_shift_cap:
        out.append(reason("over_shift_cap", given=shift_total, after=shift_total + total,
                          cap=role.per_shift_cap))
    if discount > role.max_discount_pct:
        out.append(reason("over_discount", discount=discount, limit=role.max_discount_pct,
                          role=who))
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
    forbidden: list[Reason] = []

    category = policy.categories.get(category_id)
    if category is None:
        forbidden.append(reason("not_a_category", category=category_id))
    # Checked per line, not per merged item: a negative line must not cancel another.
    for item_id in sorted({line.item_id for line in lines if line.qty < 1}):
        forbidden.append(reason("quantity_below_one", item=item_id))
    for item_id in sorted(qty):
        if item_id not in policy.items:
            forbidden.append(reason("not_in_catalogue", item=item_id))
        elif category is not None and item_id in category.not_allowed:
            forbidden.append(reason("not_for_category", item=item_id, category=category_id))
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

    def result(verdict: Verdict, approver: str | None, reasons: list[Reason]) -> Decision:
        return Decision(verdict, approver, tuple(reasons), headroom, total, cur, tier,
                        policy.policy_hash, role_id)

    if forbidden:
        return result(Verdict.FORBIDDEN, None, forbidden)
    own = _bites(role, known, total, discount, guest_stay_total, shift_total)
    if not own:
        return result(Verdict.ALLOWED, None,
                      [reason("within_limits", total=total, cap=role.per_incident_cap)])
    # The approver is judged on the same totals: what this guest received this stay and
    # what the proposing agent gave this shift (the approver's own shift is not known).
    for higher in policy.roles[rank + 1:]:
        if higher.approves and not _bites(higher, known, total, discount,
                                          guest_stay_total, shift_total):
            return result(Verdict.NEEDS_APPROVAL, higher.id,
                          [*own, reason("approver", role=higher.id)])
    return result(Verdict.FORBIDDEN, None, [*own, reason("no_role")])
