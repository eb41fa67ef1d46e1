"""The supervisors' report: figures over a stretch of incidents, in one pass.

A pure function of the incidents, the policy in force and "now" (for incidents still
open), so it is tested without a store. Definitions a supervisor may ask about:

- time to acknowledge / resolve: minutes from ``reported_at``; median is the middle
  value (mean of the two middle ones for an even count); p90 is the nearest-rank 90th
  percentile (the value at rank ceil(0.9 × n) in ascending order).
- SLA breach: acknowledged or resolved later than the policy allows for the incident's
  category and severity, or still waiting past that time at "now".
- recovery rate: satisfied ÷ follow-ups with an outcome (satisfied, not satisfied or
  unreachable); the unreachable rate has the same denominator.
- repeat guest: a guest (same name, case and spacing ignored) with two or more
  incidents in the period that share a stay or lie within 365 days of each other.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from kiosk.core.models import Incident, Outcome
from kiosk.core.policy_set import Policy
from kiosk.core.sla import sla_state

REPEAT_WINDOW = timedelta(days=365)
TOP_ROOT_CAUSES = 10


@dataclass(frozen=True)
class Durations:
    count: int
    median_min: float | None
    p90_min: float | None


@dataclass(frozen=True)
class Breach:
    incidents: int
    breached: int

    @property
    def rate(self) -> float | None:
        return self.breached / self.incidents if self.incidents else None


@dataclass(frozen=True)
class ItemUse:
    qty: int
    value: Decimal


@dataclass(frozen=True)
class RootCause:
    category: str
    department: str
    location: str
    count: int


@dataclass(frozen=True)
class PolicyUse:
    policy_hash: str
    version: str  # the version in force when it matches, else ""
    decisions: int
    value: Decimal


@dataclass(frozen=True)
class Escalated:
    ref: str
    category: str
    phase: str  # acknowledge | resolve
    level: int
    notify_role: str | None
    overdue_min: int


@dataclass
class Report:
    since: datetime | None
    until: datetime | None
    now: datetime
    currency: str
    incidents: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category_severity: dict[str, dict[str, int]] = field(default_factory=dict)
    weekly: list[tuple[date, int]] = field(default_factory=list)  # Monday → count
    acknowledge: Durations = Durations(0, None, None)
    resolve: Durations = Durations(0, None, None)
    sla_breach: dict[str, Breach] = field(default_factory=dict)
    compensation_total: Decimal = Decimal(0)
    compensation_by_category: dict[str, Decimal] = field(default_factory=dict)
    compensation_by_item: dict[str, ItemUse] = field(default_factory=dict)
    compensation_by_agent: dict[str, Decimal] = field(default_factory=dict)
    approvals: int = 0
    approvals_by_approver: dict[str, int] = field(default_factory=dict)
    tiers: dict[str, int] = field(default_factory=dict)
    follow_ups: int = 0
    satisfied: int = 0
    not_satisfied: int = 0
    unreachable: int = 0
    repeat_guests: int = 0
    repeat_guest_names: list[str] = field(default_factory=list)
    root_causes: list[RootCause] = field(default_factory=list)
    policy_versions: list[PolicyUse] = field(default_factory=list)
    escalations: list[Escalated] = field(default_factory=list)
    staff_names: dict[str, str] = field(default_factory=dict)

    @property
    def recovery_rate(self) -> float | None:
        return self.satisfied / self.follow_ups if self.follow_ups else None

    @property
    def unreachable_rate(self) -> float | None:
        return self.unreachable / self.follow_ups if self.follow_ups else None

    def staff_label(self, staff_id: str) -> str:
        name = self.staff_names.get(staff_id)
        return f"{name} ({staff_id})" if name else staff_id


def nearest_rank(values: list[float], share: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(share * len(values)))
    return values[rank - 1]


def durations(minutes: list[float]) -> Durations:
    if not minutes:
        return Durations(0, None, None)
    minutes.sort()
    return Durations(len(minutes), statistics.median(minutes), nearest_rank(minutes, 0.9))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_trend(weeks: Counter[date]) -> list[tuple[date, int]]:
    """Every week from the first to the last, empty weeks included (a gap is news)."""
    if not weeks:
        return []
    out: list[tuple[date, int]] = []
    week, last = min(weeks), max(weeks)
    while week <= last:
        out.append((week, weeks.get(week, 0)))
        week += timedelta(days=7)
    return out


def guest_key(incident: Incident) -> str:
    return " ".join(incident.guest.name.casefold().split())


def is_repeat(visits: list[tuple[datetime, str]]) -> bool:
    """Two incidents in one stay, or two within the repeat window."""
    if len(visits) < 2:
        return False
    stays = [stay for _, stay in visits]
    if len(set(stays)) < len(stays):
        return True
    times = sorted(at for at, _ in visits)
    return any(b - a <= REPEAT_WINDOW for a, b in pairwise(times))


def _minutes(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else (end - start).total_seconds() / 60


def _breached(policy: Policy, incident: Incident, now: datetime) -> bool:
    try:
        sla = policy.sla(incident.category, incident.severity)
    except ValueError:  # a severity the policy no longer knows: nothing to measure
        return False
    # Resolving an incident acknowledges it too, even if no step was recorded first.
    ack = _minutes(incident.reported_at,
                   incident.acknowledged_at or incident.resolved_at or now)
    done = _minutes(incident.reported_at, incident.resolved_at or now)
    late_ack = ack is not None and ack > sla.acknowledge
    late_resolve = done is not None and done > sla.resolve
    return late_ack or late_resolve


def _escalated(policy: Policy, incident: Incident, now: datetime) -> Escalated | None:
    try:
        state = sla_state(policy, incident, now)
    except ValueError:
        return None
    if not state.breached or state.left is None:
        return None
    return Escalated(incident.ref, incident.category, state.phase, state.level,
                     state.notify_role, int(-state.left.total_seconds() // 60))


def build_report(incidents: Iterable[Incident], policy: Policy, now: datetime,
                 since: datetime | None = None, until: datetime | None = None,
                 staff_names: dict[str, str] | None = None) -> Report:
    """Every figure of the report from one pass over ``incidents``."""
    report = Report(since=since, until=until, now=now, currency=policy.currency,
                    staff_names=dict(staff_names or {}))
    by_category: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    cat_sev: dict[str, Counter[str]] = defaultdict(Counter)
    weeks: Counter[date] = Counter()
    ack_min: list[float] = []
    resolve_min: list[float] = []
    breach_n: Counter[str] = Counter()
    breach_hit: Counter[str] = Counter()
    comp_cat: dict[str, Decimal] = defaultdict(Decimal)
    comp_agent: dict[str, Decimal] = defaultdict(Decimal)
    item_qty: Counter[str] = Counter()
    item_value: dict[str, Decimal] = defaultdict(Decimal)
    approvers: Counter[str] = Counter()
    tiers: Counter[str] = Counter()
    outcomes: Counter[Outcome] = Counter()
    visits: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
    names: dict[str, str] = {}
    causes: Counter[tuple[str, str]] = Counter()
    hashes: Counter[str] = Counter()
    hash_value: dict[str, Decimal] = defaultdict(Decimal)
    total = Decimal(0)
    count = 0

    for incident in incidents:
        count += 1
        category = incident.category
        by_category[category] += 1
        by_severity[incident.severity] += 1
        cat_sev[category][incident.severity] += 1
        weeks[monday(incident.reported_at.date())] += 1
        minutes = _minutes(incident.reported_at, incident.acknowledged_at)
        if minutes is not None:
            ack_min.append(minutes)
        minutes = _minutes(incident.reported_at, incident.resolved_at)
        if minutes is not None:
            resolve_min.append(minutes)
        breach_n[category] += 1
        if _breached(policy, incident, now):
            breach_hit[category] += 1
        given = Decimal(0)
        for decision in incident.compensation:
            given += decision.total
            comp_agent[decision.decided_by] += decision.total
            hashes[decision.policy_hash] += 1
            hash_value[decision.policy_hash] += decision.total
            if decision.approval is not None:
                approvers[decision.approval.approver_id] += 1
            for line in decision.lines:
                item_qty[line.item_id] += line.qty
                item_value[line.item_id] += line.value
        if incident.compensation:
            total += given
            comp_cat[category] += given
            tiers[incident.tier or policy.tier_for(given).id] += 1
        follow_up = incident.follow_up
        if follow_up is not None and follow_up.outcome is not None:
            outcomes[follow_up.outcome] += 1
        key = guest_key(incident)
        names.setdefault(key, incident.guest.name)
        visits[key].append((incident.reported_at, incident.guest.stay_key))
        causes[(category, incident.location.strip())] += 1
        if incident.resolved_at is None:
            escalated = _escalated(policy, incident, now)
            if escalated is not None:
                report.escalations.append(escalated)

    report.incidents = count
    report.by_category = dict(by_category.most_common())
    report.by_severity = dict(by_severity.most_common())
    report.by_category_severity = {c: dict(s) for c, s in cat_sev.items()}
    report.weekly = weekly_trend(weeks)
    report.acknowledge = durations(ack_min)
    report.resolve = durations(resolve_min)
    report.sla_breach = {c: Breach(breach_n[c], breach_hit[c]) for c in report.by_category}
    report.compensation_total = total
    report.compensation_by_category = dict(sorted(comp_cat.items(), key=lambda kv: -kv[1]))
    report.compensation_by_item = {
        k: ItemUse(item_qty[k], item_value[k])
        for k in sorted(item_value, key=lambda k: -item_value[k])
    }
    report.compensation_by_agent = dict(sorted(comp_agent.items(), key=lambda kv: -kv[1]))
    report.approvals = sum(approvers.values())
    report.approvals_by_approver = dict(approvers.most_common())
    tier_order = [t.id for t in policy.tiers]
    report.tiers = dict(sorted(tiers.items(), key=lambda kv: (
        tier_order.index(kv[0]) if kv[0] in tier_order else len(tier_order), kv[0])))
    report.follow_ups = sum(outcomes.values())
    report.satisfied = outcomes[Outcome.SATISFIED]
    report.not_satisfied = outcomes[Outcome.NOT_SATISFIED]
    report.unreachable = outcomes[Outcome.UNREACHABLE]
    repeats = sorted(names[k] for k, v in visits.items() if is_repeat(v))
    report.repeat_guests = len(repeats)
    report.repeat_guest_names = repeats
    report.root_causes = [
        RootCause(cat, _department(policy, cat), location, n)
        for (cat, location), n in sorted(causes.items(), key=lambda kv: (-kv[1], kv[0]))
        [:TOP_ROOT_CAUSES]
    ]
    report.policy_versions = [
        PolicyUse(h, policy.version if h == policy.policy_hash else "", n, hash_value[h])
        for h, n in hashes.most_common()
    ]
    report.escalations.sort(key=_urgency)
    return report


def _urgency(e: Escalated) -> tuple[int, int, str]:
    return (-e.level, -e.overdue_min, e.ref)


def escalations_now(incidents: Iterable[Incident], policy: Policy,
                    now: datetime) -> list[Escalated]:
    """Unresolved incidents past their time, highest level and most overdue first."""
    found = (_escalated(policy, i, now) for i in incidents if i.resolved_at is None)
    return sorted((e for e in found if e is not None), key=_urgency)


def _department(policy: Policy, category_id: str) -> str:
    category = policy.categories.get(category_id)
    return category.department if category is not None else "(unknown category)"
