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
from dataclasses import field
from datetime import UTC, datetime
from decimal import Decimal

from kiosk.core.collection import collection_paused
from kiosk.core.digest import DecisionDigest, IncidentDigest, from_incident
from kiosk.core.display import amount, day_time, hotel_time, locale_now, money, named, value_word
from kiosk.core.engine import Line, Verdict, decide
from kiosk.core.i18n import _, current_language, ngettext
from kiosk.core.models import Incident
from kiosk.core.plain import Record, Value
from kiosk.core.policy_set import Policy
from kiosk.core.reasons import say

VERDICT_ORDER = ("allowed", "needs_approval", "forbidden")


class Replayed(Value):
    incident_id: str
    ref: str
    decided_at: datetime
    role: str
    before: str  # the recorded verdict
    after: str  # the proposal's verdict
    recorded_total: Decimal
    new_total: Decimal  # at the proposal's prices; 0 when it would be forbidden
    reason: str  # the proposal's first reason when the verdict changed


class ReplayResult(Record):
    version: str
    policy_hash: str
    currency: str
    policy: Policy  # the proposal: its labels and locale word the replay for staff
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


class _Proposal(Value):
    """One distinct set of lines (with its recorded prices), worked out once."""

    qty: tuple[tuple[str, int], ...]
    total: Decimal  # at the proposal's prices
    missing: tuple[str, ...]  # items the proposal's catalogue no longer has


class _Engine:
    """The engine's verdict, fast. Only the per-stay and per-shift checks depend on what
    was given before; everything else depends on (category, lines) alone. So the engine
    decides each distinct (category, lines) once per role at zero totals, and each
    decision then needs only those two comparisons per role. The full ``decide`` (for
    its reason) runs only when a verdict changes."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.ranks = {r.id: n for n, r in enumerate(policy.roles)}
        self.caps = [(r.per_guest_stay_cap, r.per_shift_cap) for r in policy.roles]
        self.fits: dict[tuple[str, tuple[tuple[str, int], ...]], list[bool] | None] = {}
        self.proposals: dict[tuple[tuple[str, int, str], ...], _Proposal] = {}
        self.amounts: dict[str, Decimal] = {}  # the same few totals recur: parse once
        self.plans: dict[tuple[str, str, tuple[tuple[str, int, str], ...]],
                         tuple[_Proposal, tuple[tuple[Decimal, Decimal, str], ...]]] = {}

    def amount(self, text: str) -> Decimal:
        found = self.amounts.get(text)
        if found is None:
            found = self.amounts[text] = Decimal(text)
        return found

    def proposal(self, lines: tuple[tuple[str, int, str], ...]) -> _Proposal:
        found = self.proposals.get(lines)
        if found is None:
            qty: dict[str, int] = {}
            for item, n, _unit in lines:
                qty[item] = qty.get(item, 0) + n
            items = self.policy.items
            total = sum((items[i].unit_value * n for i, n in qty.items() if i in items),
                        Decimal(0))
            found = self.proposals[lines] = _Proposal(
                tuple(sorted(qty.items())), total, tuple(i for i in qty if i not in items))
        return found

    def _fits(self, category: str, qty: tuple[tuple[str, int], ...]) -> list[bool] | None:
        """Per role (lowest first): may it give this on its own at zero totals? None when
        no role ever may (unknown item or category, an item not allowed for it)."""
        key = (category, qty)
        if key not in self.fits:
            lines = [Line(i, n) for i, n in qty]
            verdicts = [decide(self.policy, r.id, category, lines).verdict
                        for r in self.policy.roles]
            fits = [v == Verdict.ALLOWED for v in verdicts]
            self.fits[key] = fits if any(fits) else None
        return self.fits[key]

    def plan(self, role: str, category: str, lines: tuple[tuple[str, int, str], ...]
             ) -> tuple[_Proposal, tuple[tuple[Decimal, Decimal, str], ...]]:
        """The proposal of these lines, and the roles that could give it in turn: from
        the deciding role up, each one's (stay cap, shift cap, verdict) where it may give
        it on its own at zero totals. The first whose caps the totals fit decides;
        none left means forbidden."""
        key = (role, category, lines)
        found = self.plans.get(key)
        if found is None:
            p = self.proposal(lines)
            rank = self.ranks.get(role)
            fits = None if rank is None else self._fits(category, p.qty)
            ladder = () if rank is None or fits is None else tuple(
                (*self.caps[n], Verdict.ALLOWED.value if n == rank
                 else Verdict.NEEDS_APPROVAL.value)
                for n in range(rank, len(fits)) if fits[n])
            found = self.plans[key] = (p, ladder)
        return found

    def reason(self, role: str, category: str, p: _Proposal, stay: Decimal,
               shift: Decimal) -> str:
        if role not in self.ranks:
            return _("The role {role} is not in the proposed policy.").format(role=role)
        d = decide(self.policy, role, category, [Line(i, n) for i, n in p.qty], stay, shift)
        return say(d.reasons[0], self.policy) if d.reasons else ""


def replay(policy: Policy, incidents: Iterable[Incident | IncidentDigest]) -> ReplayResult:
    with collection_paused():  # tuples by the hundred thousand, none in a cycle
        return _replay(policy, incidents)


def _replay(policy: Policy, incidents: Iterable[Incident | IncidentDigest]) -> ReplayResult:
    result = ReplayResult(policy.version, policy.policy_hash, policy.currency, policy)
    taken: list[tuple[float, IncidentDigest, DecisionDigest]] = []
    for record in incidents:
        digest = record if isinstance(record, IncidentDigest) else from_incident(record)
        result.incidents += 1
        for decision in digest.decisions:
            taken.append((decision[0], digest, decision))
    taken.sort(key=lambda t: t[0])
    engine = _Engine(policy)
    stay_given: dict[str, Decimal] = defaultdict(Decimal)
    shift_window: dict[str, deque[tuple[float, Decimal]]] = defaultdict(deque)
    shift_given: dict[str, Decimal] = defaultdict(Decimal)
    shift = policy.property.shift_hours * 3600

    forbidden = Verdict.FORBIDDEN.value
    zero = Decimal(0)
    # (recorded total, value under the proposal, forbidden?) → decisions; summed at the
    # end, since a hotel's decisions repeat the same few amounts over and over.
    tally: Counter[tuple[str, Decimal, bool]] = Counter()
    transitions = result.transitions
    for at, incident, (_at, by, role, verdict, _hash, text, _approver, lines) in taken:
        proposal, ladder = engine.plan(role, incident.category, lines)
        window = shift_window[by]
        while window and window[0][0] <= at - shift:
            shift_given[by] -= window.popleft()[1]
        stay_key = incident.stay_key
        stay_before, shift_before = stay_given[stay_key], shift_given[by]
        after, given = forbidden, zero
        if ladder:
            stay_after, shift_after = stay_before + proposal.total, shift_before + proposal.total
            for stay_cap, shift_cap, outcome in ladder:
                if stay_after <= stay_cap and shift_after <= shift_cap:
                    after, given = outcome, proposal.total
                    break
        if given:
            stay_given[stay_key] = stay_after
            window.append((at, given))
            shift_given[by] = shift_after
        transitions[(verdict, after)] += 1
        tally[(text, given, after == forbidden)] += 1
        for item in proposal.missing:
            result.missing_items[item] += 1
        if after != verdict:
            reason = engine.reason(role, incident.category, proposal, stay_before,
                                   shift_before)
            result.changed.append(Replayed(
                incident.id, incident.ref, datetime.fromtimestamp(at, UTC), role, verdict,
                after, engine.amount(text), given, reason))
    for (text, given, was_forbidden), n in tally.items():
        recorded = engine.amount(text)
        result.decisions += n
        result.recorded_cost += recorded * n
        result.new_cost += given * n
        if was_forbidden:
            result.no_longer_given += recorded * n
        else:
            result.price_change += (given - recorded) * n
    result.price_changes = _price_changes(policy, engine)
    return result


def _price_changes(policy: Policy, engine: _Engine) -> dict[str, tuple[Decimal, Decimal]]:
    """Items recorded at a price other than the proposal's: (recorded, proposed)."""
    recorded: dict[str, set[Decimal]] = defaultdict(set)
    for lines in engine.proposals:
        for item, _n, unit in lines:
            recorded[item].add(Decimal(unit))
    out = {}
    for item, prices in sorted(recorded.items()):
        if item in policy.items:
            new_price = policy.items[item].unit_value
            differing = sorted(p for p in prices if p != new_price)
            if differing:
                out[item] = (differing[-1], new_price)
    return out


def transition_table(result: ReplayResult) -> list[tuple[str, str, int]]:
    """(recorded, proposed, decisions) in a fixed order, changes and non-changes."""
    def order(v: str) -> int:
        return VERDICT_ORDER.index(v) if v in VERDICT_ORDER else len(VERDICT_ORDER)

    return [(b, a, n) for (b, a), n in
            sorted(result.transitions.items(), key=lambda kv: (order(kv[0][0]),
                                                               order(kv[0][1])))]


def replay_lines(result: ReplayResult, limit: int = 50) -> list[str]:
    """The replay in words, for the terminal, in the staff's language: amounts and times
    in its CLDR formats (times in hotel time), items and roles by id and the proposal's
    label, verdicts in the words the screens use."""
    policy, language = result.policy, current_language()
    loc, cur = locale_now(policy), result.currency

    def cash(value: Decimal) -> str:
        return money(value, cur, loc)

    def item(item_id: str) -> str:
        return named(item_id, policy.item_label(item_id, language))

    incidents = ngettext("{n} incident", "{n} incidents", result.incidents).format(
        n=amount(result.incidents, loc))
    out = [ngettext("Replayed {n} compensation decision from {incidents} under policy "
                    "{version} ({hash}).",
                    "Replayed {n} compensation decisions from {incidents} under policy "
                    "{version} ({hash}).", result.decisions).format(
               n=amount(result.decisions, loc), incidents=incidents, version=result.version,
               hash=result.policy_hash[:12]),
           ngettext("{n} decision would change.", "{n} decisions would change.",
                    result.changed_count).format(n=amount(result.changed_count, loc))]
    if not result.decisions:
        return out  # nothing in the period to compare, so no table and no costs
    out += ["", _("recorded → proposed: decisions")]
    for b, a, n in transition_table(result):
        row = (_("  {recorded} → {proposed}: {n}") if a == b
               else _("  {recorded} → {proposed}: {n}  (changed)"))
        out.append(row.format(recorded=value_word(b), proposed=value_word(a),
                              n=amount(n, loc)))
    sign = "+" if result.cost_difference > 0 else ""
    out += ["", _("Recorded cost {recorded}; under the proposal {proposed} (difference "
                  "{difference}).").format(recorded=cash(result.recorded_cost),
                                            proposed=cash(result.new_cost),
                                            difference=sign + cash(result.cost_difference)),
            _("  no longer given: {forbidden}; price changes on what is still given: "
              "{price}.").format(forbidden=cash(result.no_longer_given),
                                 price=cash(result.price_change))]
    for item_id, (before, after) in result.price_changes.items():
        out.append(_("  {item} now counts as {after} (recorded at {before}).").format(
            item=item(item_id), after=cash(after), before=cash(before)))
    for item_id, n in result.missing_items.most_common():
        out.append(ngettext("  {item} is no longer in the catalogue ({n} decision).",
                            "  {item} is no longer in the catalogue ({n} decisions).",
                            n).format(item=item(item_id), n=amount(n, loc)))
    if result.changed:
        out += ["", _("Decisions that would change:")]
        for r in result.changed[:limit]:
            out.append(_("  {ref}  {when}  {role}: {recorded} → {proposed}. {reason}").format(
                ref=r.ref, when=day_time(hotel_time(policy, r.decided_at), loc),
                role=named(r.role, policy.role_label(r.role, language)),
                recorded=value_word(r.before), proposed=value_word(r.after),
                reason=r.reason))
        more = result.changed_count - limit
        if more > 0:
            out.append(ngettext("  … and {n} more (use --json).",
                                "  … and {n} more (use --json).", more).format(
                n=amount(more, loc)))
    return out
