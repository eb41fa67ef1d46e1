"""Replay: what a proposed policy would have decided about past compensation.

Each recorded decision is decided again by the empowerment engine under the proposed
policy, with the recorded lines, the recorded role of the person who decided, and the
incident's category. The stay and shift totals are rebuilt as they would have been
under the proposal (an approximation, since the past cannot be re-run):

- decisions are taken in the order they were made;
- the stay total is what earlier decisions of the same stay (same guest name, room and
  arrival) would have given, valued at the proposal's catalogue prices;
- the shift total is what the same person would have given in the ``shift_hours``
  before the decision (a sliding window, not the rota's real shift boundaries);
- a decision the proposal forbids counts as not given, so it adds nothing to later
  totals; one that needs approval is assumed approved.

The cost difference compares the recorded totals with the proposal's prices of the
decisions it would still let through.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from kiosk.core.engine import Line, Verdict, decide, merge_lines, money
from kiosk.core.models import CompensationDecision, Incident
from kiosk.core.policy_set import Policy

VERDICT_ORDER = ("allowed", "needs_approval", "forbidden")


@dataclass(frozen=True)
class Replayed:
    incident_id: str
    ref: str
    decided_at: datetime
    role: str
    before: str  # the recorded verdict
    after: str  # the proposal's verdict
    recorded_total: Decimal
    new_total: Decimal  # at the proposal's prices; 0 when it would be forbidden
    reason: str  # the proposal's first reason when the verdict changed


@dataclass
class ReplayResult:
    version: str
    policy_hash: str
    currency: str
    decisions: int = 0
    incidents: int = 0
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    changed: list[Replayed] = field(default_factory=list)
    recorded_cost: Decimal = Decimal(0)
    new_cost: Decimal = Decimal(0)
    no_longer_given: Decimal = Decimal(0)  # recorded value of newly forbidden decisions
    price_change: Decimal = Decimal(0)  # value change of decisions still given
    missing_items: Counter[str] = field(default_factory=Counter)  # item → decisions
    price_changes: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def changed_count(self) -> int:
        return len(self.changed)

    @property
    def cost_difference(self) -> Decimal:
        return self.new_cost - self.recorded_cost


class _Engine:
    """``decide`` with a shortcut: the verdict only worsens as stay and shift totals
    grow, so one decision per (role, category, lines) at zero totals settles most."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.base: dict[tuple[str, str, tuple[tuple[str, int], ...]], tuple[str, str]] = {}

    def verdict(self, role: str, category: str, qty: dict[str, int], total: Decimal,
                stay: Decimal, shift: Decimal) -> tuple[str, str]:
        if not self.policy.has_role(role):
            return Verdict.FORBIDDEN.value, f"The role {role} is not in the proposed policy."
        key = (role, category, tuple(sorted(qty.items())))
        base = self.base.get(key)
        lines = [Line(i, q) for i, q in key[2]]
        if base is None:
            d = decide(self.policy, role, category, lines)
            base = self.base[key] = (d.verdict.value, d.reasons[0] if d.reasons else "")
        if base[0] == Verdict.FORBIDDEN:
            return base
        caps = self.policy.role(role)
        if (base[0] == Verdict.ALLOWED and stay + total <= caps.per_guest_stay_cap
                and shift + total <= caps.per_shift_cap):
            return base
        d = decide(self.policy, role, category, lines, stay, shift)
        return d.verdict.value, d.reasons[0] if d.reasons else ""


def _value(policy: Policy, qty: dict[str, int]) -> Decimal:
    return sum((policy.items[i].unit_value * q for i, q in qty.items() if i in policy.items),
               Decimal(0))


def replay(policy: Policy, incidents: Iterable[Incident]) -> ReplayResult:
    result = ReplayResult(policy.version, policy.policy_hash, policy.currency)
    taken: list[tuple[datetime, Incident, CompensationDecision]] = []
    for incident in incidents:
        result.incidents += 1
        taken.extend((d.decided_at, incident, d) for d in incident.compensation)
    taken.sort(key=lambda t: t[0])
    engine = _Engine(policy)
    stay_given: dict[str, Decimal] = defaultdict(Decimal)
    shift_window: dict[str, deque[tuple[datetime, Decimal]]] = defaultdict(deque)
    shift_given: dict[str, Decimal] = defaultdict(Decimal)
    shift = timedelta(hours=policy.property.shift_hours)
    recorded_prices: dict[str, set[Decimal]] = defaultdict(set)

    for at, incident, decision in taken:
        qty = merge_lines(Line(x.item_id, x.qty) for x in decision.lines)
        for line in decision.lines:
            recorded_prices[line.item_id].add(line.unit_value)
        window = shift_window[decision.decided_by]
        while window and window[0][0] <= at - shift:
            shift_given[decision.decided_by] -= window.popleft()[1]
        stay_key = incident.guest.stay_key
        total = _value(policy, qty)
        after, reason = engine.verdict(decision.decided_role, incident.category, qty, total,
                                       stay_given[stay_key], shift_given[decision.decided_by])
        given = Decimal(0) if after == Verdict.FORBIDDEN else total
        if given:
            stay_given[stay_key] += given
            window.append((at, given))
            shift_given[decision.decided_by] += given
        result.decisions += 1
        result.transitions[(decision.verdict, after)] += 1
        result.recorded_cost += decision.total
        result.new_cost += given
        if after == Verdict.FORBIDDEN:
            result.no_longer_given += decision.total
        else:
            result.price_change += given - decision.total
        for item in qty:
            if item not in policy.items:
                result.missing_items[item] += 1
        if after != decision.verdict:
            result.changed.append(Replayed(incident.id, incident.ref, at,
                                           decision.decided_role, decision.verdict, after,
                                           decision.total, given, reason))
    for item, prices in sorted(recorded_prices.items()):
        if item in policy.items:
            new_price = policy.items[item].unit_value
            differing = sorted(p for p in prices if p != new_price)
            if differing:
                result.price_changes[item] = (differing[-1], new_price)
    return result


def transition_table(result: ReplayResult) -> list[tuple[str, str, int]]:
    """(recorded, proposed, decisions) in a fixed order, changes and non-changes."""
    def order(v: str) -> int:
        return VERDICT_ORDER.index(v) if v in VERDICT_ORDER else len(VERDICT_ORDER)

    return [(b, a, n) for (b, a), n in
            sorted(result.transitions.items(), key=lambda kv: (order(kv[0][0]),
                                                               order(kv[0][1])))]


def replay_lines(result: ReplayResult, limit: int = 50) -> list[str]:
    """The replay in words, for the terminal."""
    cur = result.currency
    out = [f"Replayed {result.decisions} compensation decisions from {result.incidents} "
           f"incidents under policy {result.version} ({result.policy_hash[:12]}).",
           f"{result.changed_count} decisions would change.", "",
           "recorded → proposed: decisions"]
    out += [f"  {b} → {a}: {n}" + ("" if a == b else "  (changed)")
            for b, a, n in transition_table(result)]
    out += ["", f"Recorded cost {money(result.recorded_cost, cur)}; under the proposal "
            f"{money(result.new_cost, cur)} (difference "
            f"{'+' if result.cost_difference > 0 else ''}"
            f"{money(result.cost_difference, cur)}).",
            f"  no longer given: {money(result.no_longer_given, cur)}; price changes on "
            f"what is still given: {money(result.price_change, cur)}."]
    for item, (before, after) in result.price_changes.items():
        out.append(f"  {item} now counts as {money(after, cur)} (recorded at "
                   f"{money(before, cur)}).")
    for item, n in result.missing_items.most_common():
        out.append(f"  {item} is no longer in the catalogue ({n} decisions).")
    if result.changed:
        out += ["", "Decisions that would change:"]
        for r in result.changed[:limit]:
            out.append(f"  {r.ref}  {r.decided_at:%Y-%m-%d %H:%M}  {r.role}: {r.before} → "
                       f"{r.after}. {r.reason}")
        if result.changed_count > limit:
            out.append(f"  … and {result.changed_count - limit} more (use --json).")
    return out
