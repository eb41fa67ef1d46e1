"""Ship a property's record to head office: everything after the position the server
acknowledged, in batches, each batch one transaction that also moves the position.

Killed at any instant, a batch either committed (position moved with it) or did not
(nothing of it is there): the next run starts from the server's position again. Two
terminals syncing at once queue on the property's row, and each batch re-reads the
position under that lock, so nothing is sent twice. Before anything is sent the server
checks the trail follows on from what it holds: a trail that forks (the entry it
acknowledged is different now), rewinds (that entry is gone) or skips (a number is
missing, or an entry does not follow the one before it) is refused, the property is
flagged at head office, and it stays refused until head office has looked into it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from kiosk.chain import summary
from kiosk.chain.link import connect
from kiosk.chain.rows import (
    DECISION_COLUMNS,
    INCIDENT_COLUMNS,
    LETTER_COLUMNS,
    LINE_COLUMNS,
    STEP_COLUMNS,
    IncidentRows,
    incident_rows,
)
from kiosk.core.errors import ChainError
from kiosk.core.i18n import _
from kiosk.core.models import Incident
from kiosk.core.plain import Value
from kiosk.core.policy_parts import Severity
from kiosk.core.policy_set import Policy
from kiosk.store.api import StoreApi

BATCH = 2000  # audit entries per transaction
SCAN_ABOVE = 200  # more incidents than this to send: read them all in one pass
READ_AT_ONCE = 50  # fewer: read so many under one hold of the store's lock
PRIVATE_KEYS = frozenset({"contact", "phone", "email", "pin", "pin_hash"})


class SyncResult(Value):
    sent: int  # audit entries this run added at head office
    incidents: int  # incident records sent
    acked: int  # the position head office now holds
    head: int  # the last entry of the local trail


class Refused(ChainError):
    """Head office refused the property's trail (fork, rewind or gap)."""


def _private(detail: Any, share_contacts: bool) -> Any:
    if share_contacts or not isinstance(detail, dict):
        return detail
    return {k: ("(kept at the property)" if k in PRIVATE_KEYS else v)
            for k, v in detail.items()}


def _entry_row(property_id: str, e: dict[str, Any], share: bool) -> tuple[Any, ...]:
    return (property_id, e["seq"], str(e.get("at", "")), str(e.get("terminal", "")),
            str(e.get("actor", "")), str(e.get("action", "")), str(e.get("subject", "")),
            Jsonb(_private(e.get("detail") or {}, share)), str(e.get("prev", "")),
            str(e.get("hash", "")))


def trail_problem(acked_seq: int, acked_hash: str, entries: list[dict[str, Any]]
                  ) -> tuple[str, str] | None:
    """(kind, detail) when ``entries`` (the local trail from ``acked_seq`` on) does
    not follow on from what head office acknowledged; None when it does."""
    if acked_seq:
        if not entries or entries[0].get("seq") != acked_seq:
            head = entries[-1]["seq"] if entries else "none after it"
            return ("rewind", f"head office holds entry {acked_seq}; the property's trail "
                              f"no longer has it (local entries: {head})")
        if entries[0].get("hash") != acked_hash:
            return ("fork", f"entry {acked_seq} differs from the one head office "
                            f"acknowledged")
        prev, expected = acked_hash, acked_seq + 1
        rest = entries[1:]
    else:
        prev, expected, rest = "", 1, entries
    for e in rest:
        if e.get("seq") != expected:
            return ("gap", f"entry {expected} expected, found {e.get('seq')}")
        if prev and e.get("prev") != prev:
            return ("fork", f"entry {expected} does not follow the entry before it")
        prev, expected = e.get("hash", ""), expected + 1
    return None


def _flag(conn: psycopg.Connection[Any], property_id: str, kind: str, detail: str) -> None:
    with conn.transaction():
        conn.execute("UPDATE property SET refused_at = now(), refused_why = %s "
                     "WHERE property_id = %s", (f"{kind}: {detail}", property_id))
        conn.execute("INSERT INTO chain_flag (property_id, kind, detail) VALUES (%s, %s, %s)",
                      (property_id, kind, detail))


# What the day summaries were counted by: the property's time zone (its days) and its
# SLA minutes (which resolved incidents breached them).
_COUNTED_BY = """
SELECT timezone, (SELECT array_agg(ARRAY[category, severity, acknowledge::text,
                                         resolve::text] ORDER BY category, severity)
                  FROM property_sla WHERE property_id = p.property_id)
FROM property p WHERE property_id = %s"""


def _register(conn: psycopg.Connection[Any], property_id: str, policy: Policy,
              store: StoreApi) -> tuple[int, str]:
    """Name the property, its staff (never PIN hashes), the policy in force and its SLA
    minutes; return the acknowledged position (``Refused`` when flagged)."""
    prop = policy.property
    group = policy.chain.group if policy.chain else None
    staff = store.list_staff()
    with conn.transaction():
        counted_by = conn.execute(_COUNTED_BY, (property_id,)).fetchone()
        conn.execute(
            "INSERT INTO property (property_id, name, currency, timezone, group_name, "
            "policy_hash, spend_outlier_times) VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (property_id) DO UPDATE "
            "SET name = EXCLUDED.name, currency = EXCLUDED.currency, "
            "timezone = EXCLUDED.timezone, group_name = EXCLUDED.group_name, "
            "policy_hash = EXCLUDED.policy_hash, "
            "spend_outlier_times = EXCLUDED.spend_outlier_times",
            (property_id, prop.name, prop.currency, prop.timezone, group, policy.policy_hash,
             prop.spend_outlier_times))
        row = conn.execute("SELECT acked_seq, acked_hash, refused_why FROM property "
                           "WHERE property_id = %s FOR UPDATE", (property_id,)).fetchone()
        assert row is not None
        if row[2]:
            raise Refused(_("head office refuses property {property} until its audit "
                            "trail is looked into ({why})").format(property=property_id,
                                                                   why=row[2]))
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO staff (property_id, staff_id, name, role, active) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (property_id, staff_id) DO UPDATE "
                "SET name = EXCLUDED.name, role = EXCLUDED.role, active = EXCLUDED.active",
                [(property_id, s.id, s.name, s.role, s.active) for s in staff])
            cur.execute(
                "INSERT INTO policy_version (property_id, policy_hash, version, effective) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (property_id, policy.policy_hash, policy.version, policy.effective))
            cur.execute("DELETE FROM property_sla WHERE property_id = %s", (property_id,))
            cur.executemany(
                "INSERT INTO property_sla VALUES (%s, %s, %s, %s, %s)",
                [(property_id, category, severity.value, sla.acknowledge, sla.resolve)
                 for category in [*policy.categories, ""] for severity in Severity
                 for sla in [policy.sla(category, severity)]])
            cur.execute("DELETE FROM property_suggested WHERE property_id = %s",
                        (property_id,))
            cur.executemany(
                "INSERT INTO property_suggested VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                [(property_id, c.id, item) for c in policy.categories.values()
                 for item in c.suggested])
            if counted_by is not None and cur.execute(
                    _COUNTED_BY, (property_id,)).fetchone() != counted_by:
                summary.rebuild(cur, property_id)
    return int(row[0]), str(row[1])


def _copy(cur: psycopg.Cursor[Any], table: str, columns: tuple[str, ...],
          rows: Iterable[tuple[Any, ...]]) -> None:
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _touched(entries: Iterable[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for e in entries:
        if str(e.get("action", "")).startswith("incident.") and e.get("subject"):
            seen.setdefault(str(e["subject"]), None)
    return list(seen)


def _snapshots(store: StoreApi, ids: list[str], property_id: str, policy: Policy,
               share: bool) -> dict[str, IncidentRows]:
    """Each incident's record as it stands now (never older than the entries read)."""
    wanted = set(ids)
    if len(wanted) > SCAN_ABOVE:
        found: Iterable[Incident] = (i for i in store.iter_incidents() if i.id in wanted)
    else:  # a few reads at a time under the store's lock; one removed since is left out
        found = (i for start in range(0, len(ids), READ_AT_ONCE)
                 for i in store.get_incidents(ids[start:start + READ_AT_ONCE]))
    return {i.id: incident_rows(property_id, i, policy, share) for i in found}


def _send_batch(conn: psycopg.Connection[Any], property_id: str, batch: list[dict[str, Any]],
                snapshots: dict[str, IncidentRows], share: bool, head: int) -> tuple[int, int]:
    """One transaction: the entries above the position, their incidents, the new
    position. Returns (entries added, incidents sent)."""
    with conn.transaction(), conn.cursor() as cur:
        row = cur.execute("SELECT acked_seq, acked_hash, refused_why FROM property "
                          "WHERE property_id = %s FOR UPDATE", (property_id,)).fetchone()
        assert row is not None
        if row[2]:
            raise Refused(_("head office refuses property {property} ({why})").format(
                property=property_id, why=row[2]))
        acked = int(row[0])
        fresh = [e for e in batch if e["seq"] > acked]  # another terminal may have sent some
        if not fresh:
            return 0, 0
        if fresh[0]["seq"] != acked + 1 or (acked and fresh[0].get("prev") != row[1]):
            raise ChainError(_("head office's position moved under this sync; run it again"))
        _copy(cur, "audit_entry", ("property_id", "seq", "at", "terminal", "actor", "action",
                                   "subject", "detail", "prev", "hash"),
              (_entry_row(property_id, e, share) for e in fresh))
        ids = [i for i in _touched(fresh) if i in snapshots]
        if ids:
            guests = summary.before(cur, property_id, ids)
            cur.execute("DELETE FROM incident WHERE property_id = %s AND incident_id = ANY(%s)",
                        (property_id, ids))
            rows = [snapshots.pop(i) for i in ids]
            _copy(cur, "incident", INCIDENT_COLUMNS, (r.incident for r in rows))
            _copy(cur, "incident_step", STEP_COLUMNS, (s for r in rows for s in r.steps))
            _copy(cur, "decision", DECISION_COLUMNS, (s for r in rows for s in r.decisions))
            _copy(cur, "decision_line", LINE_COLUMNS, (s for r in rows for s in r.lines))
            _copy(cur, "letter", LETTER_COLUMNS, (s for r in rows for s in r.letters))
            summary.after(cur, property_id, ids, guests)
        last = fresh[-1]
        cur.execute("UPDATE property SET acked_seq = %s, acked_hash = %s, local_head = %s, "
                    "last_sync_at = now() WHERE property_id = %s",
                    (last["seq"], last["hash"], head, property_id))
    return len(fresh), len(ids)


Stay = tuple[str, str, str]  # name key, loyalty id, arrival (ISO)


def _send_stays(conn: psycopg.Connection[Any], property_id: str, stays: Iterable[Stay]
                ) -> None:
    """Make head office's copy of the stays history this one, in one transaction (so a
    sync killed half way leaves the old copy whole); nothing is sent when head office
    already holds this history. An empty history (or one the policy keeps home) leaves
    none there."""
    wanted = sorted(set(stays))
    digest = hashlib.sha256(json.dumps(wanted, ensure_ascii=False).encode()).hexdigest()
    with conn.transaction(), conn.cursor() as cur:
        row = cur.execute("SELECT stays_digest FROM property WHERE property_id = %s "
                          "FOR UPDATE", (property_id,)).fetchone()
        if row is None or row[0] == digest:
            return
        cur.execute("CREATE TEMP TABLE sent_stay (guest_key text, loyalty_id text, "
                    "arrival text) ON COMMIT DROP")
        _copy(cur, "sent_stay", ("guest_key", "loyalty_id", "arrival"), wanted)
        cur.execute("DELETE FROM stay s WHERE s.property_id = %s AND NOT EXISTS ("
                    "SELECT 1 FROM sent_stay n WHERE (n.guest_key, n.loyalty_id, n.arrival)"
                    " = (s.guest_key, s.loyalty_id, s.arrival))", (property_id,))
        cur.execute("INSERT INTO stay SELECT %s, guest_key, loyalty_id, arrival "
                    "FROM sent_stay ON CONFLICT DO NOTHING", (property_id,))
        cur.execute("UPDATE property SET stays_digest = %s WHERE property_id = %s",
                    (digest, property_id))


def sync(store: StoreApi, policy: Policy, dsn: str, property_id: str, *,
         batch: int = BATCH, progress: Callable[[int, int], None] | None = None,
         stays: Iterable[Stay] | None = None) -> SyncResult:
    """Ship what head office lacks, and the stays history when given (``None`` leaves
    head office's copy as it is). ``ChainError`` when the line is down (nothing is
    lost: the next run starts from the server's position), ``Refused`` when the trail
    does not follow on from what head office holds."""
    share = bool(policy.chain and policy.chain.share_contacts)
    try:
        with connect(dsn, autocommit=True) as conn:
            acked_seq, acked_hash = _register(conn, property_id, policy, store)
            entries = store.audit_entries(after=max(acked_seq - 1, 0))
            problem = trail_problem(acked_seq, acked_hash, entries)
            if problem is not None:
                _flag(conn, property_id, *problem)
                raise Refused(_("head office refused property {property}: {why}").format(
                    property=property_id, why=f"{problem[0]}: {problem[1]}"))
            pending = entries[1:] if acked_seq else entries
            head = entries[-1]["seq"] if entries else acked_seq
            snapshots = _snapshots(store, _touched(pending), property_id, policy, share)
            sent = incidents = 0
            for start in range(0, len(pending), batch):
                added, shipped = _send_batch(conn, property_id, pending[start:start + batch],
                                             snapshots, share, head)
                sent, incidents = sent + added, incidents + shipped
                if progress is not None:
                    progress(sent, len(pending))
            if not pending:
                conn.execute("UPDATE property SET last_sync_at = now(), local_head = %s "
                             "WHERE property_id = %s", (head, property_id))
            if stays is not None:
                _send_stays(conn, property_id,
                            stays if policy.chain is None or policy.chain.share_stays else ())
            return SyncResult(sent, incidents, max(head, acked_seq), head)
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ChainError(_("the line to head office broke during the sync: {why}; nothing is "
                           "lost, the next sync carries on").format(why=first)) from None
