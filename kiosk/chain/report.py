"""Head office's report, computed in SQL: for each property the same figures as its own
``kiosk report`` (same definitions, see kiosk.reports.compute), for the chain the totals,
and the comparisons a head office looks for: cost per recovered guest, recovery rate,
SLA breach rate, and agents whose average compensation is far above their property's.

Each property's days are its own: ``since``/``until`` are dates at that property, from
the start of ``since`` to the end of ``until`` in its time zone. The escalation list is
the desk's live view and stays at the property.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, LiteralString

import psycopg
from psycopg import sql

from kiosk.chain.link import connect
from kiosk.core.errors import ChainError
from kiosk.core.i18n import _
from kiosk.core.models import Outcome
from kiosk.core.plain import Record, Value
from kiosk.reports.compute import (
    TOP_BOX,
    TOP_ROOT_CAUSES,
    Breach,
    ItemUse,
    PolicyUse,
    Report,
    ReturnAfter,
    RootCause,
    Share,
    SpendOutlier,
    counted_durations,
)

FAR_ABOVE = Decimal(2)  # an agent's average at least twice the property's
MIN_DECISIONS = 5  # …over enough decisions to mean something


class AgentAbove(Value):
    property_id: str
    agent_id: str
    name: str
    decisions: int
    average: Decimal
    property_average: Decimal

    @property
    def ratio(self) -> Decimal:
        return (self.average / self.property_average).quantize(Decimal("0.01"))


class PropertyFigures(Record):
    property_id: str
    name: str
    report: Report
    last_sync_at: datetime | None
    refused: str | None

    @property
    def breached(self) -> int:
        return sum(b.breached for b in self.report.sla_breach.values())

    @property
    def sla_breach_rate(self) -> float | None:
        n = self.report.incidents
        return self.breached / n if n else None

    @property
    def cost_per_recovered(self) -> Decimal | None:
        return self.report.cost_per_recovered


class ChainReport(Record):
    since: date | None
    until: date | None
    now: datetime
    properties: list[PropertyFigures] = field(default_factory=list)
    agents_far_above: list[AgentAbove] = field(default_factory=list)

    @property
    def incidents(self) -> int:
        return sum(p.report.incidents for p in self.properties)

    @property
    def follow_ups(self) -> int:
        return sum(p.report.follow_ups for p in self.properties)

    @property
    def satisfied(self) -> int:
        return sum(p.report.satisfied for p in self.properties)

    @property
    def breached(self) -> int:
        return sum(p.breached for p in self.properties)

    @property
    def recovery_rate(self) -> float | None:
        return self.satisfied / self.follow_ups if self.follow_ups else None

    @property
    def sla_breach_rate(self) -> float | None:
        return self.breached / self.incidents if self.incidents else None

    def compensation_by_currency(self) -> dict[str, tuple[Decimal, int]]:
        """Currency → (compensation, satisfied guests): money is never added across
        currencies."""
        out: dict[str, tuple[Decimal, int]] = {}
        for p in self.properties:
            total, satisfied = out.get(p.report.currency, (Decimal(0), 0))
            out[p.report.currency] = (total + p.report.compensation_total,
                                      satisfied + p.report.satisfied)
        return out


# Each property's period: its own days (the summaries' days), the whole months among
# them [mlo, mhi) (read from the month summaries; the days before mlo and from mhi on
# are read by day), and the same span as moments in its time zone, for what is read
# from the incidents themselves.
_BOUNDS = """
CREATE TEMP TABLE b ON COMMIT DROP AS
SELECT property_id, first_day, last_day, mlo, greatest(mhi, mlo) AS mhi, lo, hi
FROM (SELECT property_id,
             coalesce(%(since)s::date, '-infinity') AS first_day,
             coalesce(%(until)s::date, 'infinity') AS last_day,
             coalesce((date_trunc('month', (%(since)s::date - 1)::timestamp)
                       + interval '1 month')::date, '-infinity') AS mlo,
             coalesce(date_trunc('month', (%(until)s::date + 1)::timestamp)::date,
                      'infinity') AS mhi,
             coalesce((%(since)s::date)::timestamp AT TIME ZONE timezone, '-infinity') AS lo,
             coalesce((%(until)s::date + 1)::timestamp AT TIME ZONE timezone, 'infinity')
                 AS hi
      FROM property
      WHERE %(properties)s::text[] IS NULL OR property_id = ANY(%(properties)s::text[])) p
"""
_TEMP_TABLES = (_BOUNDS, "ANALYZE b")


def _rows(kind: str) -> sql.Composed:
    """The period's rows of a summary, for the property ``b``: its whole months, and the
    days of its partial months at either end; one index range each."""
    return sql.SQL(
        "(SELECT * FROM {month} d WHERE d.property_id = b.property_id "
        "AND d.month >= b.mlo AND d.month < b.mhi "
        "UNION ALL SELECT * FROM {day} d WHERE d.property_id = b.property_id "
        "AND d.day >= b.first_day AND d.day < b.mlo AND d.day <= b.last_day "
        "UNION ALL SELECT * FROM {day} d WHERE d.property_id = b.property_id "
        "AND d.day >= b.mhi AND d.day <= b.last_day) d").format(
        month=sql.Identifier(f"month_{kind}"), day=sql.Identifier(f"day_{kind}"))


def _days(kind: str) -> sql.Composed:
    """The period's rows of a summary for each property."""
    return sql.SQL("b CROSS JOIN LATERAL {}").format(_rows(kind))


def _incidents(where: LiteralString) -> sql.Composed:
    """The period's incidents that ``where`` (a constant) picks, through a partial index."""
    return sql.SQL("b CROSS JOIN LATERAL (SELECT * FROM incident i "
                   "WHERE i.property_id = b.property_id AND {} "
                   "AND i.reported_at >= b.lo AND i.reported_at < b.hi) i").format(
        sql.SQL(where))


def _q(text: LiteralString, **parts: sql.Composed) -> sql.Composed:
    return sql.SQL(text).format(**parts)


# Rows as one GROUPING over (category, severity, location, tier, outcome, score) would
# give them: a bit set for each column a row does not group by; of (category, location)
# only the most frequent root causes, ordered as the property orders them (by count,
# then by code point).
_COUNTS = _q("""
SELECT b.property_id, 15, d.category, d.severity, NULL, NULL, NULL, NULL::integer,
       sum(d.incidents)::bigint, NULL, sum(d.resolved)::bigint, sum(d.kept)::bigint,
       sum(d.breached)::bigint
FROM {p0} GROUP BY 1, 3, 4
UNION ALL
SELECT b.property_id, 23, c.category, NULL, c.location, NULL, NULL, NULL, c.n,
       c.department, NULL, NULL, NULL
FROM b CROSS JOIN LATERAL (
    SELECT d.category, d.location, sum(d.incidents)::bigint AS n,
           max(d.department) AS department
    FROM {p1} GROUP BY 1, 2
    ORDER BY 3 DESC, d.category COLLATE "C", d.location COLLATE "C" LIMIT %(top)s) c
UNION ALL
SELECT b.property_id, 56 | GROUPING(d.tier, d.outcome, d.score), NULL, NULL, NULL,
       d.tier, d.outcome, d.score, sum(d.incidents)::bigint, NULL, NULL, NULL, NULL
FROM {p2}
GROUP BY GROUPING SETS ((b.property_id, d.tier), (b.property_id, d.outcome),
                        (b.property_id, d.outcome, d.score))""",
    p0=_days("incidents"), p1=_rows("places"), p2=_days("outcomes"))
_BY_CATEGORY_SEVERITY = 0b001111
_BY_CATEGORY_LOCATION = 0b010111
_BY_TIER = 0b111011
_BY_OUTCOME = 0b111101
_BY_OUTCOME_SCORE = 0b111100
_MONEY = _q("""
SELECT b.property_id, GROUPING(d.category, d.approver_id, d.policy_hash), d.category,
       d.approver_id, d.policy_hash, sum(d.total), sum(d.decisions)::bigint
FROM {p0}
GROUP BY GROUPING SETS ((b.property_id, d.category), (b.property_id, d.approver_id),
                        (b.property_id, d.policy_hash))""",
    p0=_days("money"))
_BY_CATEGORY = 0b011
_BY_APPROVER = 0b101
_BY_POLICY = 0b110
# Each agent's compensation, decisions and the incidents they gave to.
_AGENTS = _q("""
SELECT b.property_id, d.agent, sum(d.total), sum(d.decisions)::bigint,
       sum(d.incidents)::bigint
FROM {p0} GROUP BY 1, 2""",
    p0=_days("agents"))
# A line fits when its item is among those its incident's category suggests.
_ITEMS = _q("""
SELECT b.property_id, GROUPING(d.item_id), d.item_id, sum(d.qty)::bigint, sum(d.value),
       sum(d.lines)::bigint, (sum(d.lines) FILTER (WHERE g.item_id IS NOT NULL))::bigint
FROM {p0}
LEFT JOIN property_suggested g ON g.property_id = d.property_id
     AND g.category = d.category AND g.item_id = d.item_id
GROUP BY GROUPING SETS ((b.property_id), (b.property_id, d.item_id))""",
    p0=_days("items"))

_QUERIES: dict[str, str | sql.Composed] = {
    "properties": """
        SELECT property_id, name, currency, last_sync_at, refused_why, spend_outlier_times,
               policy_hash
        FROM property
        WHERE %(properties)s::text[] IS NULL OR property_id = ANY(%(properties)s::text[])
        ORDER BY property_id""",
    "staff": """SELECT property_id, staff_id, name FROM staff
                WHERE property_id IN (SELECT property_id FROM b)""",
    "counts": _COUNTS,
    "money": _MONEY,
    "agents": _AGENTS,
    "items": _ITEMS,
    # 1 January 1970 was a Thursday: the Monday on or before a day, as the property does.
    "weekly": _q("""
        WITH w AS (
            SELECT property_id, date '1970-01-01' + (day - (day + 3) %% 7)::int AS week,
                   sum(n) AS n
            FROM (SELECT b.property_id, d.utc_day AS day, d.incidents AS n
                  FROM {p0}) d
            GROUP BY 1, 2),
        span AS (SELECT property_id, min(week) AS lo, max(week) AS hi FROM w GROUP BY 1)
        SELECT s.property_id, g::date, coalesce(w.n, 0)::bigint
        FROM span s
        CROSS JOIN LATERAL generate_series(s.lo, s.hi, interval '7 days') g
        LEFT JOIN w ON w.property_id = s.property_id AND w.week = g::date
        ORDER BY 1, 2""",
        p0=_days("utc")),
    # How many incidents took each number of minutes, smallest first.
    "minutes": _q("""
        SELECT b.property_id, d.measure, d.minutes, sum(d.incidents)::bigint
        FROM {p0} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""",
        p0=_days("minutes")),
    # First contact: resolved, never reopened (counted by day, with the counts), and no
    # second recovery of it in the period (those are few).
    "second": _q("""
        SELECT b.property_id, count(DISTINCT s.incident_id)
        FROM {p0}
        JOIN incident s ON s.property_id = b.property_id AND s.incident_id = i.recovery_of
             AND s.reported_at >= b.lo AND s.reported_at < b.hi
             AND s.resolve_min IS NOT NULL AND NOT s.reopened
        GROUP BY 1""",
        p0=_incidents("i.recovery_of <> ''")),
    # SLA breaches of incidents still waiting, up to now (the resolved ones are counted
    # by day, with the counts).
    "breach": _q("""
        SELECT b.property_id, i.category,
               count(*) FILTER (WHERE
                   coalesce(i.ack_min, (%(now)s - i.reported) / 60)
                       > coalesce(a.acknowledge, d.acknowledge)
                   OR (%(now)s - i.reported) / 60 > coalesce(a.resolve, d.resolve))
        FROM {p0}
        LEFT JOIN property_sla a ON a.property_id = i.property_id
             AND a.category = i.category AND a.severity = i.severity
        LEFT JOIN property_sla d ON d.property_id = i.property_id
             AND d.category = '' AND d.severity = i.severity
        GROUP BY 1, 2""",
        p0=_incidents("i.resolve_min IS NULL")),
    # Two incidents in one stay, or two within 365 days of each other: some incident
    # of the period whose previous one (in the stay, or at all) is in the period too.
    # Each such guest by the name of their first incident in the period.
    "repeats": _q("""
        WITH again AS (
            SELECT DISTINCT b.property_id, i.guest_key, b.lo, b.hi
            FROM {p0}
            WHERE to_timestamp(i.prev_stay_at) >= b.lo
               OR (to_timestamp(i.prev_at) >= b.lo AND i.reported - i.prev_at <= 365 * 86400))
        SELECT a.property_id, f.guest_name
        FROM again a CROSS JOIN LATERAL (
            SELECT guest_name FROM incident i
            WHERE i.property_id = a.property_id AND i.guest_key = a.guest_key
              AND i.reported_at >= a.lo AND i.reported_at < a.hi
            ORDER BY i.reported, i.incident_id COLLATE "C" LIMIT 1) f""",
        p0=_incidents("(i.prev_stay_at IS NOT NULL OR i.reported - i.prev_at <= 365 * 86400)")),
    "versions": """SELECT property_id, policy_hash, version FROM policy_version
                   WHERE property_id IN (SELECT property_id FROM b)""",
    # Each guest by their last follow-up that reached them, and whether the stays
    # history has an arrival on or after that stay's departure (by name, or by loyalty
    # id); only for properties whose history is here, as the property's report.
    "returns": """
        WITH shared AS (
            SELECT * FROM b
            WHERE EXISTS (SELECT 1 FROM stay s WHERE s.property_id = b.property_id)),
        last AS (
            SELECT DISTINCT ON (h.property_id, i.guest_key COLLATE "C") h.property_id,
                   i.guest_key COLLATE "C" AS guest_key, i.loyalty_id,
                   i.outcome = 'satisfied' AS satisfied, i.departure COLLATE "C" AS departure
            FROM shared h JOIN incident i ON i.property_id = h.property_id
                 AND i.reported_at >= h.lo AND i.reported_at < h.hi
            WHERE i.outcome <> 'unreachable'
            ORDER BY h.property_id, i.guest_key COLLATE "C", i.reported DESC,
                     i.incident_id COLLATE "C" DESC)
        SELECT h.property_id, l.satisfied, count(l.guest_key),
               count(*) FILTER (WHERE greatest(
                   (SELECT max(arrival) FROM stay s WHERE s.property_id = l.property_id
                    AND s.guest_key = l.guest_key),
                   (SELECT max(arrival) FROM stay s WHERE s.property_id = l.property_id
                    AND s.loyalty_id = l.loyalty_id AND l.loyalty_id <> '')
               ) COLLATE "C" >= l.departure)
        FROM shared h LEFT JOIN last l USING (property_id)
        GROUP BY 1, 2""",
}


def chain_report(dsn: str, now: datetime, since: date | None = None,
                 until: date | None = None, properties: list[str] | None = None
                 ) -> ChainReport:
    params: dict[str, object] = {"since": since, "until": until,
                                 "properties": properties or None,
                                 "now": now.timestamp(), "top": TOP_ROOT_CAUSES}
    try:
        with connect(dsn, autocommit=True) as conn, conn.transaction(), \
                conn.cursor() as cur:
            # Compiling a plan (JIT) costs more than running these short queries; and a
            # period's rows lie together (synced in the order they happened), so
            # reading them through the index beats a scan of every property's history,
            # which the planner's default cost of a random page read would choose.
            cur.execute("SET LOCAL work_mem = '64MB'; SET LOCAL jit = off; "
                        "SET LOCAL random_page_cost = 1.1")
            for sql in _TEMP_TABLES:
                cur.execute(sql, params)
            rows = {name: cur.execute(sql, params).fetchall()
                    for name, sql in _QUERIES.items()}
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ChainError(_("head office's report failed: {why}").format(why=first)) from None
    return _assemble(rows, now, since, until)


def _assemble(rows: dict[str, list[tuple[Any, ...]]], now: datetime, since: date | None,
              until: date | None) -> ChainReport:
    out = ChainReport(since, until, now)
    reports: dict[str, Report] = {}
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for pid, staff_id, name in rows["staff"]:
        names[pid][staff_id] = name
    in_force_hash: dict[str, str] = {}
    for pid, name, currency, synced, refused, times, policy_hash in rows["properties"]:
        in_force_hash[pid] = policy_hash
        report = Report(since=None, until=None, now=now, currency=currency,
                        staff_names=names.get(pid, {}), spend_outlier_times=times)
        reports[pid] = report
        out.properties.append(PropertyFigures(pid, name, report, synced, refused))

    def each(query: str) -> Iterator[tuple[str, Report, tuple[Any, ...]]]:
        for row in rows[query]:
            if row[0] in reports:
                yield row[0], reports[row[0]], row[1:]

    by_category: dict[str, Counter[str]] = defaultdict(Counter)
    by_severity: dict[str, Counter[str]] = defaultdict(Counter)
    scored: dict[str, Counter[str]] = defaultdict(Counter)
    top: dict[str, Counter[str]] = defaultdict(Counter)
    causes: dict[str, list[RootCause]] = defaultdict(list)
    breached: Counter[tuple[str, str]] = Counter()
    resolved: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for pid, r, (grouping, cat, sev, location, tier, outcome, score, n, department,
                 done, first, late) in each("counts"):
        if grouping == _BY_CATEGORY_SEVERITY:
            resolved[pid] += done
            kept[pid] += first
            breached[(pid, cat)] += late
            r.incidents += n
            r.by_category_severity.setdefault(cat, {})[sev] = n
            by_category[pid][cat] += n
            by_severity[pid][sev] += n
        elif grouping == _BY_CATEGORY_LOCATION:
            causes[pid].append(RootCause(cat, department, location, n))
        elif grouping == _BY_TIER and tier:
            r.tiers[tier] = n
        elif grouping == _BY_OUTCOME and outcome is not None:
            r.follow_ups += n
            if outcome == Outcome.SATISFIED.value:
                r.satisfied = n
            elif outcome == Outcome.NOT_SATISFIED.value:
                r.not_satisfied = n
            elif outcome == Outcome.UNREACHABLE.value:
                r.unreachable = n
        elif grouping == _BY_OUTCOME_SCORE and score is not None and 0 <= score <= 10:
            r.scores[score] += n
            scored[pid][outcome or ""] += n
            top[pid][outcome or ""] += n if score >= TOP_BOX else 0
    for pid, _r, (cat, n) in each("breach"):
        breached[(pid, cat)] += n
    for pid, r in reports.items():
        r.by_category = dict(by_category[pid].most_common())
        r.by_severity = dict(by_severity[pid].most_common())
        r.sla_breach = {c: Breach(n, breached.get((pid, c), 0))
                        for c, n in r.by_category.items()}
        r.root_causes = sorted(causes[pid], key=lambda c: (-c.count, c.category,
                                                           c.location))[:TOP_ROOT_CAUSES]
        r.top_box = Share(sum(scored[pid].values()), sum(top[pid].values()))
        r.top_box_by_outcome = {o.value: Share(scored[pid][o.value], top[pid][o.value])
                                for o in Outcome if scored[pid][o.value]}
    for _pid, r, (week, n) in each("weekly"):
        r.weekly.append((week, n))
    counted: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for pid, _r, (measure, minutes, n) in each("minutes"):
        counted[(pid, measure)].append((minutes, n))
    for pid, r in reports.items():
        r.acknowledge = counted_durations(counted[(pid, "ack")])
        r.resolve = counted_durations(counted[(pid, "resolve")])
        r.apology = counted_durations(counted[(pid, "apology")])
        r.apology_given = Share(r.incidents, r.apology.count)
    second = {pid: n for pid, _r, (n,) in each("second")}
    for pid, r in reports.items():
        r.first_contact = Share(resolved[pid], kept[pid] - second.get(pid, 0))
    for _pid, r, (grouping, item, qty, value, lines, fit) in each("items"):
        if grouping:
            r.remedy_fit = Share(lines, fit)
        else:
            r.compensation_by_item[item] = ItemUse(int(qty), value)
    # An incident keeps a tier exactly when it was given something: those given to.
    given = {pid: sum(r.tiers.values()) for pid, r in reports.items()}
    agents: list[tuple[str, str, Decimal, int, int]] = []
    for pid, r, (agent, total, n, incidents) in each("agents"):
        r.compensation_by_agent[agent] = total
        agents.append((pid, agent, total, n, incidents))
    policies: dict[str, list[tuple[str, int, Decimal]]] = defaultdict(list)
    for pid, r, (grouping, cat, approver, policy_hash, total, n) in each("money"):
        if grouping == _BY_CATEGORY:
            r.compensation_by_category[cat] = total
            r.compensation_total += total
        elif grouping == _BY_APPROVER and approver is not None:
            r.approvals_by_approver[approver] = n
            r.approvals += n
        elif grouping == _BY_POLICY:
            policies[pid].append((policy_hash, n, total))
    for _pid, r, (name,) in each("repeats"):
        r.repeat_guest_names.append(name)
    back: dict[str, dict[bool, Share]] = defaultdict(dict)
    for pid, _r, (satisfied, guests, returned) in each("returns"):
        found = back[pid]  # a property with a history but no guest followed up: 0 of 0
        if satisfied is not None:
            found[satisfied] = Share(guests, returned)
    for pid, found in back.items():
        reports[pid].return_after = ReturnAfter(found.get(True, Share(0, 0)),
                                                found.get(False, Share(0, 0)))
    versions = {(pid, h): v for pid, h, v in rows["versions"]}
    for pid, used in policies.items():
        in_force = in_force_hash[pid]
        for policy_hash, n, value in sorted(used, key=lambda u: (-u[1], u[0])):
            version = versions.get((pid, policy_hash), "") if policy_hash == in_force else ""
            reports[pid].policy_versions.append(PolicyUse(policy_hash, version, n, value))
    for r in reports.values():
        r.repeat_guest_names.sort()
        r.repeat_guests = len(r.repeat_guest_names)
        r.compensation_by_category = _largest_first(r.compensation_by_category)
        r.compensation_by_agent = _largest_first(r.compensation_by_agent)
        r.compensation_by_item = dict(sorted(r.compensation_by_item.items(),
                                             key=lambda kv: -kv[1].value))
    _spend_outliers(given, agents, reports)
    out.agents_far_above = _far_above(agents, reports, names)
    return out


def _spend_outliers(given: dict[str, int], agents: list[tuple[str, str, Decimal, int, int]],
                    reports: dict[str, Report]) -> None:
    """Agents whose compensation per incident they gave to is at least the policy's
    multiple of the property's, as the property's report finds them."""
    cent = Decimal("0.01")
    for pid, r in reports.items():
        if given.get(pid) and r.compensation_total > 0:
            overall = r.compensation_total / given[pid]
            r.spend_per_incident = overall.quantize(cent)
    for pid, agent, total, _n, incidents in agents:
        at = reports.get(pid)
        if at is None or at.spend_per_incident is None:
            continue
        overall = at.compensation_total / given[pid]
        average = total / incidents
        if average >= at.spend_outlier_times * overall:
            at.spend_outliers.append(SpendOutlier(agent, incidents, average.quantize(cent),
                                                 (average / overall).quantize(cent)))
    for r in reports.values():
        r.spend_outliers.sort(key=lambda o: (-o.times, o.agent_id))


def _largest_first(mapping: dict[str, Decimal]) -> dict[str, Decimal]:
    return dict(sorted(mapping.items(), key=lambda kv: -kv[1]))


def _far_above(agents: list[tuple[str, str, Decimal, int, int]], reports: dict[str, Report],
               names: dict[str, dict[str, str]]) -> list[AgentAbove]:
    """Agents whose average decision is far above their property's average decision."""
    per_property: dict[str, tuple[Decimal, int]] = {}
    for pid, _agent, total, n, _given in agents:
        t, c = per_property.get(pid, (Decimal(0), 0))
        per_property[pid] = (t + total, c + n)
    found: list[AgentAbove] = []
    for pid, agent, total, n, _given in agents:
        if pid not in reports or n < MIN_DECISIONS:
            continue
        all_total, all_n = per_property[pid]
        average, overall = total / n, all_total / all_n
        if overall > 0 and average >= FAR_ABOVE * overall:
            found.append(AgentAbove(pid, agent, names.get(pid, {}).get(agent, ""), n,
                                    average.quantize(Decimal("0.01")),
                                    overall.quantize(Decimal("0.01"))))
    return sorted(found, key=lambda a: (-a.ratio, a.property_id, a.agent_id))
