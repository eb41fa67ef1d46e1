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
- time to apology: minutes from ``reported_at`` to the first confirmed step the
  checklist marks ``apology = true``; the apology-given rate is incidents with one ÷
  all incidents.
- first-contact resolution: resolved incidents never reopened and with no second
  recovery linked to them ÷ resolved incidents.
- top-box satisfaction: follow-up scores of 9 or 10 ÷ follow-ups with a 0-10 score, in
  all and per outcome.
- remedy fit: compensation lines whose item is among the category's suggested items ÷
  all compensation lines; cost per recovered guest: compensation ÷ satisfied follow-ups.
- spend outlier: an agent whose compensation per incident they gave to is at least the
  policy's ``spend_outlier_times`` times the property's (all compensation ÷ incidents
  with any).
- return after recovery: each guest followed up as satisfied or not satisfied, counted
  once by their last such follow-up, and whether a later stay (arriving on or after
  that stay's departure) is in the stays history the guest-list imports keep; the
  guest is matched by loyalty id, else by name.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any, NamedTuple

from kiosk.core.digest import IncidentDigest, from_incident, from_plain, to_plain
from kiosk.core.models import REPEAT_WINDOW, Incident, Outcome
from kiosk.core.plain import Record, Value
from kiosk.core.policy_parts import Severity
from kiosk.core.policy_set import Policy

TOP_ROOT_CAUSES = 10
TOP_BOX = 9  # a 9 or a 10 of 0-10, as guest surveys count their "top box"


class Stay(NamedTuple):
    """One stay from an imported in-house list (the stays history)."""

    guest_key: str
    loyalty_id: str
    arrival: str  # ISO date


class Durations(Value):
    count: int
    median_min: float | None
    p90_min: float | None


class Breach(Value):
    incidents: int
    breached: int

    @property
    def rate(self) -> float | None:
        return self.breached / self.incidents if self.incidents else None


class ItemUse(Value):
    qty: int
    value: Decimal


class RootCause(Value):
    category: str
    department: str
    location: str
    count: int


class PolicyUse(Value):
    policy_hash: str
    version: str  # the version in force when it matches, else ""
    decisions: int
    value: Decimal


class Escalated(Value):
    ref: str
    category: str
    phase: str  # acknowledge | resolve
    level: int
    notify_role: str | None
    overdue_min: int


class Share(Value):
    """``part`` of ``whole``, and the rate (None when there is no whole)."""

    whole: int
    part: int

    @property
    def rate(self) -> float | None:
        return self.part / self.whole if self.whole else None


class SpendOutlier(Value):
    agent_id: str
    incidents: int
    average: Decimal  # compensation per incident they gave to
    times: Decimal  # that average ÷ the property's


class ReturnAfter(Value):
    """Guests by their last follow-up, and how many stayed again."""

    recovered: Share  # followed up as satisfied: whole; stayed again: part
    not_recovered: Share  # followed up as not satisfied


class Report(Record):
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
    apology: Durations = Durations(0, None, None)
    apology_given: Share = Share(0, 0)  # of all incidents
    first_contact: Share = Share(0, 0)  # of resolved incidents
    scores: list[int] = field(default_factory=lambda: [0] * 11)  # how many gave 0 … 10
    top_box: Share = Share(0, 0)  # of follow-ups with a score
    top_box_by_outcome: dict[str, Share] = field(default_factory=dict)
    remedy_fit: Share = Share(0, 0)  # of compensation lines
    spend_per_incident: Decimal | None = None  # the property's
    spend_outlier_times: Decimal = Decimal(3)
    spend_outliers: list[SpendOutlier] = field(default_factory=list)
    return_after: ReturnAfter | None = None  # None: no guest list imported yet

    @property
    def cost_per_recovered(self) -> Decimal | None:
        """Compensation given ÷ guests who said they were satisfied at the follow-up."""
        return (self.compensation_total / self.satisfied).quantize(Decimal("0.01")) \
            if self.satisfied else None

    @property
    def recovery_rate(self) -> float | None:
        return self.satisfied / self.follow_ups if self.follow_ups else None

    @property
    def unreachable_rate(self) -> float | None:
        return self.unreachable / self.follow_ups if self.follow_ups else None

    def staff_label(self, staff_id: str) -> str:
        name = self.staff_names.get(staff_id)
        return f"{name} ({staff_id})" if name else staff_id


def _rank(count: int, share: float) -> int:
    return max(1, math.ceil(share * count))


def nearest_rank(values: list[float], share: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    return values[_rank(len(values), share) - 1]


def durations(minutes: list[float]) -> Durations:
    if not minutes:
        return Durations(0, None, None)
    minutes.sort()
    return Durations(len(minutes), statistics.median(minutes), nearest_rank(minutes, 0.9))


def counted_durations(counted: Iterable[tuple[float, int]]) -> Durations:
    """``durations`` of values given as (value, how many times it occurs), without
    writing each one out: the same median and nearest rank."""
    pairs = sorted((value, n) for value, n in counted if n > 0)
    count = sum(n for _, n in pairs)
    if not count:
        return Durations(0, None, None)

    def at(index: int) -> float:  # the value at ``index`` of all of them in order
        for value, n in pairs:
            if index < n:
                return value
            index -= n
        raise IndexError(index)

    half = count // 2
    median = at(half) if count % 2 else (at(half - 1) + at(half)) / 2
    return Durations(count, median, at(_rank(count, 0.9) - 1))


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


_SLAS: dict[str, _Sla] = {}


def _sla_of(policy: Policy) -> _Sla:
    """The policy's ``_Sla``, made once: a first report makes some 3,650 day partials
    under one policy (its hash names all it holds)."""
    sla = _SLAS.get(policy.policy_hash)
    if sla is None:
        if len(_SLAS) > 8:  # a kiosk that ran many policies: only the latest matter
            _SLAS.clear()
        sla = _SLAS[policy.policy_hash] = _Sla(policy)
    return sla


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


# --- one section of the report each; build_report feeds every digest to each --------
class _Volume:
    """How many incidents, by category and severity, and week by week."""

    def __init__(self) -> None:
        self.count = 0
        self.cat_sev: Counter[tuple[str, str]] = Counter()
        self.days: Counter[int] = Counter()

    def add(self, d: IncidentDigest) -> None:
        self.count += 1
        self.cat_sev[(d.category, d.severity)] += 1
        self.days[int(d.reported // 86400)] += 1

    def plain(self) -> tuple[Any, ...]:
        return self.count, dict(self.cat_sev), dict(self.days)

    def merge(self, part: tuple[Any, ...]) -> None:
        count, cat_sev, days = part
        self.count += count
        self.cat_sev.update(cat_sev)
        self.days.update(days)

    def finish(self, report: Report) -> None:
        by_category: Counter[str] = Counter()
        by_severity: Counter[str] = Counter()
        for (cat, sev), n in self.cat_sev.items():
            by_category[cat] += n
            by_severity[sev] += n
            report.by_category_severity.setdefault(cat, {})[sev] = n
        weeks: Counter[int] = Counter()
        for day, n in self.days.items():
            weeks[_EPOCH_ORDINAL + day - (day + 3) % 7] += n  # 1 January 1970 was a Thursday
        report.incidents = self.count
        report.by_category = dict(by_category.most_common())
        report.by_severity = dict(by_severity.most_common())
        report.weekly = weekly_trend(Counter({date.fromordinal(k): v for k, v in weeks.items()}))


class _Timing:
    """Time to acknowledge and resolve, and SLA breaches per category."""

    def __init__(self, sla: _Sla):
        self.minutes = sla.minutes
        self.ack: list[float] = []
        self.resolve: list[float] = []
        self.breached: Counter[str] = Counter()

    def add(self, d: IncidentDigest, age_min: float) -> None:
        ack, done = d.ack_min, d.resolve_min
        if ack is not None:
            self.ack.append(ack)
        if done is not None:
            self.resolve.append(done)
        allowed = self.minutes.get((d.category, d.severity)) or self.minutes.get(("", d.severity))
        if allowed is not None:
            # Resolving an incident acknowledges it too, even with no step recorded.
            late_ack = (ack if ack is not None else done if done is not None
                        else age_min) > allowed[0]
            if late_ack or (done if done is not None else age_min) > allowed[1]:
                self.breached[d.category] += 1

    def plain(self) -> tuple[Any, ...]:
        return self.ack, self.resolve, dict(self.breached)

    def merge(self, part: tuple[Any, ...]) -> None:
        ack, resolve, breached = part
        self.ack.extend(ack)
        self.resolve.extend(resolve)
        self.breached.update(breached)

    def finish(self, report: Report) -> None:
        """After ``_Volume.finish``: the breach rates use its counts per category."""
        report.acknowledge = durations(self.ack)
        report.resolve = durations(self.resolve)
        report.sla_breach = {c: Breach(n, self.breached[c])
                             for c, n in report.by_category.items()}


class _Compensation:
    """What was given: totals by category, item and agent, approvals, tiers, and the
    policy versions that decided it."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.total = Decimal(0)
        self.by_category: dict[str, Decimal] = defaultdict(Decimal)
        self.by_agent: dict[str, Decimal] = defaultdict(Decimal)
        self.item_qty: Counter[str] = Counter()
        self.item_value: dict[str, Decimal] = defaultdict(Decimal)
        self.approvers: Counter[str] = Counter()
        self.tiers: Counter[str] = Counter()
        self.hashes: Counter[str] = Counter()
        self.hash_value: dict[str, Decimal] = defaultdict(Decimal)
        self.decimals: dict[str, Decimal] = {}  # the same few amounts recur: parse each once
        self.tier_of: dict[Decimal, str] = {}
        self.incidents = 0
        self.agent_incidents: Counter[str] = Counter()
        self.suggested = {c.id: frozenset(c.suggested) for c in policy.categories.values()}
        self.lines = 0
        self.fit = 0

    def _decimal(self, text: str) -> Decimal:
        value = self.decimals.get(text)
        if value is None:
            value = self.decimals[text] = Decimal(text)
        return value

    def add(self, d: IncidentDigest) -> None:
        given = Decimal(0)
        suggested = self.suggested.get(d.category, frozenset())
        self.incidents += 1
        self.agent_incidents.update({x[1] for x in d.decisions})
        for _at, by, _role, _verdict, policy_hash, text, approver, lines in d.decisions:
            value = self._decimal(text)
            given += value
            self.by_agent[by] += value
            self.hashes[policy_hash] += 1
            self.hash_value[policy_hash] += value
            if approver is not None:
                self.approvers[approver] += 1
            self.lines += len(lines)
            for item, qty, unit in lines:
                self.fit += item in suggested
                self.item_qty[item] += qty
                self.item_value[item] += self._decimal(unit) * qty
        self.total += given
        self.by_category[d.category] += given
        tier = d.tier or self.tier_of.get(given)
        if not tier:
            tier = self.tier_of[given] = self.policy.tier_for(given).id
        self.tiers[tier] += 1

    def plain(self) -> tuple[Any, ...]:
        return (str(self.total), _texts(self.by_category), _texts(self.by_agent),
                dict(self.item_qty), _texts(self.item_value), dict(self.approvers),
                dict(self.tiers), dict(self.hashes), _texts(self.hash_value), self.incidents,
                dict(self.agent_incidents), self.lines, self.fit)

    def merge(self, part: tuple[Any, ...]) -> None:
        (total, by_category, by_agent, item_qty, item_value, approvers, tiers, hashes,
         hash_value, incidents, agent_incidents, lines, fit) = part
        self.total += Decimal(total)
        for into, texts in ((self.by_category, by_category), (self.by_agent, by_agent),
                            (self.item_value, item_value), (self.hash_value, hash_value)):
            for key, text in texts.items():
                into[key] += Decimal(text)
        self.item_qty.update(item_qty)
        self.approvers.update(approvers)
        self.tiers.update(tiers)
        self.hashes.update(hashes)
        self.incidents += incidents
        self.agent_incidents.update(agent_incidents)
        self.lines += lines
        self.fit += fit

    def finish(self, report: Report) -> None:
        policy = self.policy
        report.compensation_total = self.total
        report.compensation_by_category = dict(sorted(self.by_category.items(),
                                                      key=lambda kv: -kv[1]))
        report.compensation_by_item = {
            k: ItemUse(self.item_qty[k], self.item_value[k])
            for k in sorted(self.item_value, key=lambda k: -self.item_value[k])
        }
        report.compensation_by_agent = dict(sorted(self.by_agent.items(), key=lambda kv: -kv[1]))
        report.approvals = sum(self.approvers.values())
        report.approvals_by_approver = dict(self.approvers.most_common())
        order = [t.id for t in policy.tiers]
        report.tiers = dict(sorted(self.tiers.items(), key=lambda kv: (
            order.index(kv[0]) if kv[0] in order else len(order), kv[0])))
        report.policy_versions = [
            PolicyUse(h, policy.version if h == policy.policy_hash else "", n,
                      self.hash_value[h])
            for h, n in self.hashes.most_common()
        ]
        report.remedy_fit = Share(self.lines, self.fit)
        report.spend_outlier_times = times = policy.property.spend_outlier_times
        if self.incidents and self.total > 0:
            cent = Decimal("0.01")
            overall = self.total / self.incidents
            report.spend_per_incident = overall.quantize(cent)
            for agent, n in self.agent_incidents.items():
                average = self.by_agent[agent] / n
                if average >= times * overall:
                    report.spend_outliers.append(SpendOutlier(
                        agent, n, average.quantize(cent), (average / overall).quantize(cent)))
            report.spend_outliers.sort(key=lambda o: (-o.times, o.agent_id))


class _Guests:
    """Follow-up outcomes, repeat guests and the root causes they reported."""

    def __init__(self, policy: Policy, stays: Iterable[Stay] | None):
        self.policy = policy
        self.stays = stays
        self.scores = [0] * 11
        self.top: Counter[str] = Counter()
        self.scored: Counter[str] = Counter()
        # guest → (reported, satisfied?, departure, loyalty id) of the last follow-up
        self.last: dict[str, tuple[float, bool, str, str]] = {}
        self.outcomes: Counter[str] = Counter()
        self.visits: dict[str, list[tuple[float, str]]] = defaultdict(list)
        self.names: dict[str, str] = {}
        self.causes: Counter[tuple[str, str]] = Counter()

    def add(self, d: IncidentDigest) -> None:
        outcome = d.outcome
        if outcome is not None:
            self.outcomes[outcome] += 1
            if outcome != _UNREACHABLE:
                seen = self.last.get(d.guest_key)
                if seen is None or seen[0] <= d.reported:
                    self.last[d.guest_key] = (d.reported, outcome == _SATISFIED, d.departure,
                                              d.loyalty_id)
        score = d.score
        if score is not None and 0 <= score <= 10:
            self.scores[score] += 1
            key = outcome or ""
            self.scored[key] += 1
            self.top[key] += score >= TOP_BOX
        self.names.setdefault(d.guest_key, d.guest_name)
        self.visits[d.guest_key].append((d.reported, d.stay_key))
        self.causes[(d.category, d.location)] += 1

    def plain(self) -> tuple[Any, ...]:
        return (self.scores, dict(self.top), dict(self.scored), self.last,
                dict(self.outcomes), dict(self.visits), self.names, dict(self.causes))

    def merge(self, part: tuple[Any, ...]) -> None:
        """A later stretch's figures (days are merged oldest first, as ``add`` sees
        incidents)."""
        scores, top, scored, last, outcomes, visits, names, causes = part
        self.scores = [a + b for a, b in zip(self.scores, scores, strict=True)]
        self.top.update(top)
        self.scored.update(scored)
        mine = self.last
        for key, seen in last.items():
            before = mine.get(key)
            if before is None or before[0] <= seen[0]:
                mine[key] = seen
        self.outcomes.update(outcomes)
        for key, stays in visits.items():
            self.visits[key].extend(stays)
        for key, name in names.items():
            self.names.setdefault(key, name)
        self.causes.update(causes)

    def finish(self, report: Report) -> None:
        report.follow_ups = sum(self.outcomes.values())
        report.satisfied = self.outcomes[Outcome.SATISFIED.value]
        report.not_satisfied = self.outcomes[Outcome.NOT_SATISFIED.value]
        report.unreachable = self.outcomes[Outcome.UNREACHABLE.value]
        repeats = sorted(self.names[k] for k, v in self.visits.items() if is_repeat(v))
        report.repeat_guests = len(repeats)
        report.repeat_guest_names = repeats
        report.scores = self.scores
        report.top_box = Share(sum(self.scored.values()), sum(self.top.values()))
        report.top_box_by_outcome = {o.value: Share(self.scored[o.value], self.top[o.value])
                                     for o in Outcome if self.scored[o.value]}
        if self.stays is not None:
            report.return_after = self._returns(self.stays)
        report.root_causes = [
            RootCause(cat, _department(self.policy, cat), location, n)
            for (cat, location), n in sorted(self.causes.items(),
                                             key=lambda kv: (-kv[1], kv[0]))[:TOP_ROOT_CAUSES]
        ]


    def _returns(self, stays: Iterable[Stay]) -> ReturnAfter:
        """Who stayed again after their last follow-up: the latest arrival on record per
        name and per loyalty id is all it takes."""
        by_name: dict[str, str] = {}
        by_loyalty: dict[str, str] = {}
        for key, loyalty, arrival in stays:
            if arrival > by_name.get(key, ""):
                by_name[key] = arrival
            if loyalty and arrival > by_loyalty.get(loyalty, ""):
                by_loyalty[loyalty] = arrival
        counts = {True: [0, 0], False: [0, 0]}
        for key, (_at, satisfied, departure, loyalty) in self.last.items():
            latest = max(by_name.get(key, ""), by_loyalty.get(loyalty, "") if loyalty else "")
            counts[satisfied][0] += 1
            counts[satisfied][1] += latest >= departure
        return ReturnAfter(Share(*counts[True]), Share(*counts[False]))


_SATISFIED, _UNREACHABLE = Outcome.SATISFIED.value, Outcome.UNREACHABLE.value


class _Recovery:
    """How soon the apology came, and whether the first contact put it right."""

    def __init__(self) -> None:
        self.apology: list[float] = []
        self.incidents = 0
        self.resolved: dict[str, bool] = {}  # id → resolved without a reopen
        self.second: set[str] = set()  # ids that have a second recovery

    def add(self, d: IncidentDigest) -> None:
        self.incidents += 1
        if d.apology_min is not None:
            self.apology.append(d.apology_min)
        if d.resolve_min is not None:
            self.resolved[d.id] = not (d.reopened or d.has_second)
        if d.recovery_of:
            self.second.add(d.recovery_of)

    def plain(self) -> tuple[Any, ...]:
        return self.apology, self.incidents, self.resolved, sorted(self.second)

    def merge(self, part: tuple[Any, ...]) -> None:
        apology, incidents, resolved, second = part
        self.apology.extend(apology)
        self.incidents += incidents
        self.resolved.update(resolved)
        self.second.update(second)

    def finish(self, report: Report) -> None:
        report.apology_given = Share(self.incidents, len(self.apology))
        report.apology = durations(self.apology)
        first = sum(1 for i, kept in self.resolved.items() if kept and i not in self.second)
        report.first_contact = Share(len(self.resolved), first)


def build_report(incidents: Iterable[Incident | IncidentDigest], policy: Policy,
                 now: datetime, since: datetime | None = None, until: datetime | None = None,
                 staff_names: dict[str, str] | None = None,
                 stays: Iterable[Stay] | None = None) -> Report:
    """Every figure of the report from one pass over the incidents (or their digests);
    ``stays`` is the stays history (None when no guest list was ever imported)."""
    return build_report_by_day([(None, digests(incidents))], policy, now, since, until,
                               staff_names, stays)


PARTIAL_VERSION = 1  # raise when what a day's partial report holds changes


def partial_stamp(policy: Policy) -> str:
    """What a day's partial report depends on besides its incidents: this code's
    version and the policy (its SLA minutes, tiers and suggested items)."""
    return f"partial-{PARTIAL_VERSION}/{policy.policy_hash}"


def day_partial(day: list[IncidentDigest], policy: Policy) -> tuple[Any, ...]:
    """One day's figures, as plain data to keep and merge later (``build_report_by_day``).
    Only an incident not yet resolved depends on "now" (its breach, its escalation): it
    is kept whole, for the report to judge when it runs."""
    sections = _Sections(policy, None)
    later = []
    for d in day:
        if d.resolve_min is None:
            later.append(to_plain(d))
        else:
            sections.timing.add(d, 0.0)  # resolved: the age is never read
        sections.add_untimed(d)
    return (*sections.plain(), later)


def combine_partials(parts: list[tuple[Any, ...]], policy: Policy) -> tuple[Any, ...]:
    """Consecutive days' partials, oldest first, as one partial of them all: merging it
    gives the same figures as merging them one by one."""
    sections = _Sections(policy, None)
    later: list[Any] = []
    for part in parts:
        sections.merge(part[:5])
        later.extend(part[5])
    return (*sections.plain(), later)


class _Sections:
    """The report's sections, fed incident by incident or merged day by day."""

    def __init__(self, policy: Policy, stays: Iterable[Stay] | None):
        self.sla = _sla_of(policy)
        self.volume, self.timing = _Volume(), _Timing(self.sla)
        self.compensation, self.guests = _Compensation(policy), _Guests(policy, stays)
        self.recovery = _Recovery()

    def add_untimed(self, d: IncidentDigest) -> None:
        """Every section but the timing, which alone depends on "now"."""
        self.volume.add(d)
        if d.decisions:
            self.compensation.add(d)
        self.guests.add(d)
        self.recovery.add(d)

    def plain(self) -> tuple[Any, ...]:
        return (self.volume.plain(), self.timing.plain(), self.compensation.plain(),
                self.guests.plain(), self.recovery.plain())

    def merge(self, part: tuple[Any, ...]) -> None:
        volume, timing, compensation, guests, recovery = part
        self.volume.merge(volume)
        self.timing.merge(timing)
        self.compensation.merge(compensation)
        self.guests.merge(guests)
        self.recovery.merge(recovery)

    def finish(self, report: Report) -> None:
        for section in (self.volume, self.timing, self.compensation, self.guests,
                        self.recovery):  # timing reads volume
            section.finish(report)


def build_report_by_day(days: Iterable[tuple[Any, Iterable[IncidentDigest]]],
                        policy: Policy, now: datetime, since: datetime | None = None,
                        until: datetime | None = None,
                        staff_names: dict[str, str] | None = None,
                        stays: Iterable[Stay] | None = None) -> Report:
    """The report from days oldest first, each a ``day_partial`` made under this policy
    (with no digests) or ``(None, the day's digests)``: the same figures as one pass.
    A partial that is not one raises ``TypeError``, ``ValueError``, ``KeyError`` or
    ``IndexError``."""
    report = Report(since=since, until=until, now=now, currency=policy.currency,
                    staff_names=dict(staff_names or {}))
    sections = _Sections(policy, stays)
    timing, sla = sections.timing, sections.sla
    now_ts = now.timestamp()
    for partial, day in days:
        whole = partial is None
        if not whole:
            sections.merge(partial[:5])
            day = map(from_plain, partial[5])  # what is left of them: their timing
        for d in day:
            if whole:
                sections.add_untimed(d)
            age_min = (now_ts - d.reported) / 60
            timing.add(d, age_min)
            if d.unresolved:
                escalated = sla.escalated(d, age_min)
                if escalated is not None:
                    report.escalations.append(escalated)
    sections.finish(report)
    report.escalations.sort(key=_urgency)
    return report


def _texts(amounts: dict[str, Decimal]) -> dict[str, str]:
    return {key: str(value) for key, value in amounts.items()}


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
