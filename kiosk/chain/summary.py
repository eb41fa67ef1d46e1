"""The chain report's summaries (see migrations 0007 and 0009): per property and day, and
again per property and month, the counts and sums the report adds up, kept in step with
the incident rows in the same transaction, so a re-sent incident (a re-sync, a duplicate
push, a batch killed before it committed) is taken out before it is counted again.

``before`` takes the incidents about to be replaced out of the summaries, ``after``
counts them as they now are and brings their guests' repeat links up to date;
``rebuild`` counts a whole property again (after its SLA minutes or time zone change,
and once when the day summaries were added); ``fill_months`` adds the day rows up into
months (once, when the month summaries were added).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

# The incidents being counted, each with its day at the property and whether it was
# resolved past its SLA minutes (resolving acknowledges too, as the report counts it).
_SOURCE = """
CREATE TEMP TABLE summary_src ON COMMIT DROP AS
SELECT i.property_id, i.incident_id, (i.reported_at AT TIME ZONE p.timezone)::date AS day,
       date_trunc('month', i.reported_at AT TIME ZONE p.timezone)::date AS month,
       floor(i.reported / 86400)::bigint AS utc_day, i.category, i.severity, i.location,
       i.department, i.tier, i.outcome, i.score, i.ack_min, i.resolve_min, i.apology_min,
       i.resolve_min IS NOT NULL AND NOT i.reopened AS kept,
       i.resolve_min IS NOT NULL AND (
           coalesce(i.ack_min, i.resolve_min) > coalesce(a.acknowledge, d.acknowledge)
           OR i.resolve_min > coalesce(a.resolve, d.resolve)) AS breached
FROM incident i
JOIN property p ON p.property_id = i.property_id
LEFT JOIN property_sla a ON a.property_id = i.property_id
     AND a.category = i.category AND a.severity = i.severity
LEFT JOIN property_sla d ON d.property_id = i.property_id
     AND d.category = '' AND d.severity = i.severity
WHERE i.property_id = %(pid)s
  AND (%(ids)s::text[] IS NULL OR i.incident_id = ANY(%(ids)s::text[]))
"""

# kind → (key columns, {value column: aggregate}, source, which source rows); each kind
# has a table per grain: day_incidents, month_incidents …
_FROM_INCIDENTS = "summary_src s"
_FROM_DECISIONS = ("summary_src s JOIN decision x ON x.property_id = s.property_id "
                   "AND x.incident_id = s.incident_id")
_FROM_LINES = ("summary_src s JOIN decision_line x ON x.property_id = s.property_id "
               "AND x.incident_id = s.incident_id")
_MINUTES = ("summary_src s CROSS JOIN LATERAL (VALUES ('ack', s.ack_min), "
            "('resolve', s.resolve_min), ('apology', s.apology_min)) m(measure, minutes)")
_TABLES: dict[str, tuple[tuple[str, ...], dict[str, str], str, str]] = {
    "incidents": (("category", "severity"),
                      {"incidents": "count(*)", "resolved": "count(s.resolve_min)",
                       "kept": "count(*) FILTER (WHERE s.kept)",
                       "breached": "count(*) FILTER (WHERE s.breached)"},
                      _FROM_INCIDENTS, "TRUE"),
    "utc": (("utc_day",), {"incidents": "count(*)"}, _FROM_INCIDENTS, "TRUE"),
    "places": (("category", "location", "department"), {"incidents": "count(*)"},
                   _FROM_INCIDENTS, "TRUE"),
    "outcomes": (("tier", "outcome", "score"), {"incidents": "count(*)"},
                     _FROM_INCIDENTS, "TRUE"),
    "minutes": (("m.measure", "m.minutes"), {"incidents": "count(*)"}, _MINUTES,
                    "m.minutes IS NOT NULL"),
    "money": (("x.category", "x.approver_id", "x.policy_hash"),
                  {"decisions": "count(*)", "total": "sum(x.total)"}, _FROM_DECISIONS, "TRUE"),
    "agents": (("x.decided_by",),
                   {"decisions": "count(*)", "total": "sum(x.total)",
                    "incidents": "count(DISTINCT x.incident_id)"}, _FROM_DECISIONS, "TRUE"),
    "items": (("x.category", "x.item_id"),
                  {"lines": "count(*)", "qty": "sum(x.qty)",
                   "value": "sum(x.unit_value * x.qty)"}, _FROM_LINES, "TRUE"),
}
_COLUMN = {"m.measure": "measure", "m.minutes": "minutes", "x.category": "category",
           "x.approver_id": "approver_id", "x.policy_hash": "policy_hash",
           "x.decided_by": "agent", "x.item_id": "item_id"}


GRAINS = ("day", "month")
TABLES = [f"{grain}_{kind}" for grain in GRAINS for kind in _TABLES]


def _statements(kind: str, grain: str) -> tuple[sql.Composed, sql.Composed]:
    """(add the source's counts times %(sign)s, drop the rows left at zero)."""
    keys, values, source, where = _TABLES[kind]
    table = f"{grain}_{kind}"
    columns = [sql.Identifier(c) for c in
               ("property_id", grain, *(_COLUMN.get(k, k) for k in keys), *values)]
    picked = sql.SQL(", ").join(sql.SQL(k if "." in k else f"s.{k}")
                                for k in ("property_id", grain, *keys))
    unique = sql.SQL(", ").join(columns[:-len(values)])
    upsert = sql.SQL(
        "INSERT INTO {table} AS t ({columns}) SELECT {picked}, {sums} FROM {source} "
        "WHERE {where} GROUP BY {picked} ON CONFLICT ({unique}) DO UPDATE SET {adds}"
    ).format(
        table=sql.Identifier(table), columns=sql.SQL(", ").join(columns), picked=picked,
        sums=sql.SQL(", ").join(sql.SQL("%(sign)s * " + agg)
                                for agg in values.values()),
        source=sql.SQL(source), where=sql.SQL(where), unique=unique,
        adds=sql.SQL(", ").join(sql.SQL("{v} = t.{v} + EXCLUDED.{v}").format(
            v=sql.Identifier(v)) for v in values))
    # Each table's first value counts its rows.
    cleanup = sql.SQL("DELETE FROM {table} WHERE property_id = %(pid)s AND {count} = 0 "
                      "AND {grain} IN (SELECT DISTINCT {grain} FROM summary_src)").format(
        table=sql.Identifier(table), count=sql.Identifier(next(iter(values))),
        grain=sql.Identifier(grain))
    return upsert, cleanup


def _fill_months(kind: str) -> sql.Composed:
    """A month's rows as the sums of its days' (every value adds up: an incident counts
    on its own day only)."""
    keys, values, _source, _where = _TABLES[kind]
    columns = [sql.Identifier(_COLUMN.get(k, k)) for k in keys]
    return sql.SQL(
        "INSERT INTO {month} (property_id, month, {keys}, {values}) "
        "SELECT property_id, date_trunc('month', day::timestamp)::date, {keys}, {sums} "
        "FROM {day} GROUP BY 1, 2, {keys} ORDER BY 1, 2").format(
        month=sql.Identifier(f"month_{kind}"), day=sql.Identifier(f"day_{kind}"),
        keys=sql.SQL(", ").join(columns),
        values=sql.SQL(", ").join(sql.Identifier(v) for v in values),
        sums=sql.SQL(", ").join(sql.SQL("sum({})").format(sql.Identifier(v))
                                for v in values))


_STATEMENTS = {(kind, grain): _statements(kind, grain)
               for grain in GRAINS for kind in _TABLES}

# Each incident of the given guests: when the guest's previous incident was reported,
# and the previous one in the same stay (the order the report reads them in).
_NEIGHBOURS = """
UPDATE incident i SET prev_at = w.prev_at, prev_stay_at = w.prev_stay_at
FROM (SELECT incident_id,
             lag(reported) OVER (PARTITION BY guest_key
                                 ORDER BY reported, incident_id COLLATE "C") AS prev_at,
             lag(reported) OVER (PARTITION BY guest_key, stay_key
                                 ORDER BY reported, incident_id COLLATE "C") AS prev_stay_at
      FROM incident
      WHERE property_id = %(pid)s
        AND (%(keys)s::text[] IS NULL OR guest_key = ANY(%(keys)s::text[]))) w
WHERE i.property_id = %(pid)s AND i.incident_id = w.incident_id
  AND (i.prev_at IS DISTINCT FROM w.prev_at OR i.prev_stay_at IS DISTINCT FROM w.prev_stay_at)
"""


def _count(cur: psycopg.Cursor[Any], property_id: str, ids: list[str] | None,
           sign: int, grains: tuple[str, ...] = GRAINS) -> None:
    params = {"pid": property_id, "ids": ids, "sign": sign}
    cur.execute("DROP TABLE IF EXISTS summary_src")
    cur.execute(_SOURCE, params)
    for (_kind, grain), (upsert, cleanup) in _STATEMENTS.items():
        if grain in grains:
            cur.execute(upsert, params)
            cur.execute(cleanup, params)


def before(cur: psycopg.Cursor[Any], property_id: str, ids: list[str]) -> list[str]:
    """Take these incidents, as head office holds them, out of the summaries; return
    their guests (whose repeat links ``after`` brings up to date)."""
    _count(cur, property_id, ids, -1)
    return [k for (k,) in cur.execute("SELECT DISTINCT guest_key FROM incident "
                                      "WHERE property_id = %s AND incident_id = ANY(%s)",
                                      (property_id, ids))]


def after(cur: psycopg.Cursor[Any], property_id: str, ids: list[str],
          guests: list[str]) -> None:
    """Count these incidents as they now stand; link their guests' incidents again."""
    _count(cur, property_id, ids, 1)
    guests = sorted({*guests, *(k for (k,) in cur.execute(
        "SELECT DISTINCT guest_key FROM incident WHERE property_id = %s "
        "AND incident_id = ANY(%s)", (property_id, ids)))})
    cur.execute(_NEIGHBOURS, {"pid": property_id, "keys": guests})


def rebuild(cur: psycopg.Cursor[Any], property_id: str,
            grains: tuple[str, ...] = GRAINS) -> None:
    """Count every incident of the property again, from its rows (into the summaries
    of the given grains: a migration fills only the tables that exist then)."""
    for grain in grains:
        for kind in _TABLES:
            cur.execute(sql.SQL("DELETE FROM {} WHERE property_id = %s").format(
                sql.Identifier(f"{grain}_{kind}")), (property_id,))
    _count(cur, property_id, None, 1, grains)
    cur.execute(_NEIGHBOURS, {"pid": property_id, "keys": None})


def rebuild_all(cur: psycopg.Cursor[Any], grains: tuple[str, ...] = GRAINS) -> None:
    for (property_id,) in cur.execute("SELECT property_id FROM property").fetchall():
        rebuild(cur, property_id, grains)


def fill_months(cur: psycopg.Cursor[Any]) -> None:
    """The month summaries from the day summaries, for every property."""
    for kind in _TABLES:
        cur.execute(_fill_months(kind))
