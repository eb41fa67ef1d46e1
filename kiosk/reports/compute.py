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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from kiosk.core.digest import IncidentDigest, from_incident
from kiosk.core.models import REPEAT_WINDOW, Incident, Outcome
from kiosk.core.policy_files import Severity
from kiosk.core.policy_set import Policy

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


def is_repeat(visits: list[tuple[float, str]]) -> bool:
    """Two incidents in one stay, or two within the repeat window."""
    if len(visits) < 2:
        return False
    stays = [stay for _, stay in visits]
    if len(set(stays)) < len(stays):
        return True
    window = REPEAT_WINDOW.total_seconds()
    times = sorted(at for at, _ in visits)
    return any(b - a <= window for a, b in pairwise(times))


def digests(incidents: Iterable[Incident | IncidentDigest]) -> Iterator[IncidentDigest]:
    for item in incidents:
        yield item if isinstance(item, IncidentDigest) else from_incident(item)


class _Sla:
    """SLA minutes per (category, severity) and the escalation ladder, looked up once."""

    def __init__(self, policy: Policy):
        self.minutes: dict[tuple[str, str], tuple[int, int]] = {}
        for category in [*policy.categories, ""]:
            for severity in Severity:
                sla = policy.sla(category, severity)
                self.minutes[(category, severity.value)] = (sla.acknowledge, sla.resolve)
        self.ladder = sorted(policy.escalation, key=lambda r: r.level)

    def allowed(self, category: str, severity: str) -> tuple[int, int] | None:
        return self.minutes.get((category, severity)) or self.minutes.get(("", severity))

    def escalated(self, d: IncidentDigest, age_min: float) -> Escalated | None:
        """As ``kiosk.core.sla.sla_state`` does for the board, from a digest."""
        allowed = self.allowed(d.category, d.severity)
        if allowed is None or not d.unresolved:
            return None
        phase, minutes = ("acknowledge", allowed[0]) if d.ack_min is None else \
            ("resolve", allowed[1])
        overdue = age_min - minutes
        if overdue <= 0:
            return None
        level, notify = 0, None
        for rule in self.ladder:
            if rule.breach == phase and overdue >= rule.after_minutes:
                level, notify = rule.level, rule.notify_role
        return Escalated(d.ref, d.category, phase, level, notify, int(overdue))


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def build_report(incidents: Iterable[Incident | IncidentDigest], policy: Policy,
                 now: datetime, since: datetime | None = None, until: datetime | None = None,
                 staff_names: dict[str, str] | None = None) -> Report:
    """Every figure of the report from one pass over the incidents (or their digests)."""
    report = Report(since=since, until=until, now=now, currency=policy.currency,
                    staff_names=dict(staff_names or {}))
    sla = _Sla(policy)
    now_ts = now.timestamp()
    cat_sev: Counter[tuple[str, str]] = Counter()
    days: Counter[int] = Counter()
    ack_min: list[float] = []
    resolve_min: list[float] = []
    breach_hit: Counter[str] = Counter()
    comp_cat: dict[str, Decimal] = defaultdict(Decimal)
    comp_agent: dict[str, Decimal] = defaultdict(Decimal)
    item_qty: Counter[str] = Counter()
    item_value: dict[str, Decimal] = defaultdict(Decimal)
    approvers: Counter[str] = Counter()
    tiers: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    visits: dict[str, list[tuple[float, str]]] = defaultdict(list)
    names: dict[str, str] = {}
    causes: Counter[tuple[str, str]] = Counter()
    hashes: Counter[str] = Counter()
    hash_value: dict[str, Decimal] = defaultdict(Decimal)
    decimals: dict[str, Decimal] = {}  # the same few amounts recur: parse each once
    total = Decimal(0)
    count = 0

    minutes = sla.minutes
    tier_of: dict[Decimal, str] = {}
    for d in digests(incidents):
        count += 1
        category = d.category
        cat_sev[(category, d.severity)] += 1
        days[int(d.reported // 86400)] += 1
        ack, done = d.ack_min, d.resolve_min
        if ack is not None:
            ack_min.append(ack)
        if done is not None:
            resolve_min.append(done)
        age_min = (now_ts - d.reported) / 60
        allowed = minutes.get((category, d.severity)) or minutes.get(("", d.severity))
        if allowed is not None:
            # Resolving an incident acknowledges it too, even with no step recorded.
            late_ack = (ack if ack is not None else done if done is not None
                        else age_min) > allowed[0]
            if late_ack or (done if done is not None else age_min) > allowed[1]:
                breach_hit[category] += 1
        if d.decisions:
            given = Decimal(0)
            for _at, by, _role, _verdict, policy_hash, text, approver, lines in d.decisions:
                value = decimals.get(text)
                if value is None:
                    value = decimals[text] = Decimal(text)
                given += value
                comp_agent[by] += value
                hashes[policy_hash] += 1
                hash_value[policy_hash] += value
                if approver is not None:
                    approvers[approver] += 1
                for item, qty, unit in lines:
                    price = decimals.get(unit)
                    if price is None:
                        price = decimals[unit] = Decimal(unit)
                    item_qty[item] += qty
                    item_value[item] += price * qty
            total += given
            comp_cat[category] += given
            tier = d.tier or tier_of.get(given)
            if not tier:
                tier = tier_of[given] = policy.tier_for(given).id
            tiers[tier] += 1
        if d.outcome is not None:
            outcomes[d.outcome] += 1
        names.setdefault(d.guest_key, d.guest_name)
        visits[d.guest_key].append((d.reported, d.stay_key))
        causes[(category, d.location)] += 1
        if d.unresolved:
            escalated = sla.escalated(d, age_min)
            if escalated is not None:
                report.escalations.append(escalated)

    by_category: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    for (cat, sev), n in cat_sev.items():
        by_category[cat] += n
        by_severity[sev] += n
    weeks: Counter[int] = Counter()
    for day, n in days.items():
        weeks[_EPOCH_ORDINAL + day - (day + 3) % 7] += n  # 1 January 1970 was a Thursday
    report.incidents = count
    report.by_category = dict(by_category.most_common())
    report.by_severity = dict(by_severity.most_common())
    for (cat, sev), n in cat_sev.items():
        report.by_category_severity.setdefault(cat, {})[sev] = n
    report.weekly = weekly_trend(Counter({date.fromordinal(k): v for k, v in weeks.items()}))
    report.acknowledge = durations(ack_min)
    report.resolve = durations(resolve_min)
    report.sla_breach = {c: Breach(n, breach_hit[c]) for c, n in report.by_category.items()}
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
    report.satisfied = outcomes[Outcome.SATISFIED.value]
    report.not_satisfied = outcomes[Outcome.NOT_SATISFIED.value]
    report.unreachable = outcomes[Outcome.UNREACHABLE.value]
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


def escalations_now(incidents: Iterable[Incident | IncidentDigest], policy: Policy,
                    now: datetime) -> list[Escalated]:
    """Unresolved incidents past their time, highest level and most overdue first."""
    sla, now_ts = _Sla(policy), now.timestamp()
    found = (sla.escalated(d, (now_ts - d.reported) / 60) for d in digests(incidents))
    return sorted((e for e in found if e is not None), key=_urgency)


def _department(policy: Policy, category_id: str) -> str:
    category = policy.categories.get(category_id)
    return category.department if category is not None else "(unknown category)"
