"""Bulk load: many incidents into an empty store in one pass (imports, benchmarks).

Day files are written as the (date-ordered) incidents stream by; the indexes and the
audit entries are built in memory and written at the end. A marker file stands while
this runs, so an interrupted load is reported by `kiosk store verify` instead of
passing for a complete store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError
from kiosk.core.i18n import _
from kiosk.core.models import Incident, to_dict
from kiosk.store import audit, indexes
from kiosk.store.files import Transaction, ensure_dir, write_atomic
from kiosk.store.layout import (
    ACTIVE_INDEX,
    BULK_MARKER,
    INCIDENTS_DIR,
    STAFF_FILE,
    as_utc,
    audit_segment,
    key_shard,
    partition_of,
)
from kiosk.store.tables import AUDIT, INCIDENTS, STAFF, content_hash, dump_file, table


class _Sink:
    """Writes whole TinyDB files straight to disk (each one atomically)."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, data: dict[str, Any]) -> None:
        path = self.root / rel
        ensure_dir(self.root, path.parent)
        write_atomic(path, dump_file(data))


def bulk_load(root: Path, txn: Transaction, incidents: Iterable[Incident], actor: str,
              terminal: str, now: datetime, seal: bytes | None = None) -> int:
    """Load ``incidents`` (ordered by report time) into the empty store at ``root``.
    The caller holds the store lock and has emptied the log (files are written
    directly here); ``txn`` is used to read the staff list and the audit head.
    Returns the number loaded."""
    if (root / INCIDENTS_DIR).is_dir() and any((root / INCIDENTS_DIR).iterdir()):
        raise StoreError(_("bulk load needs a store without incidents"))
    staff = set(table(txn, STAFF_FILE, STAFF).raw())
    sink = _Sink(root)
    marker = root / BULK_MARKER
    write_atomic(marker, b"{}")
    keys: dict[str, dict[str, dict[str, dict[str, str]]]] = {}
    active: dict[str, Any] = {}
    shifts: dict[str, dict[str, list[list[str]]]] = {}
    head = audit.read_head(txn)
    seq, prev = head["seq"], head["hash"]
    segments: dict[str, dict[str, Any]] = {}
    part, rows = "", dict[str, Any]()  # the partition being gathered and its rows
    count = 0
    cutoff = as_utc(now) - indexes.SHIFT_WINDOW
    for incident in incidents:
        doc = to_dict(incident)
        unknown = indexes.staff_refs(doc) - staff
        if unknown:
            raise StoreError(_("incident {id} names unknown staff: {unknown}").format(
                id=incident.id, unknown=', '.join(sorted(unknown))))
        here = partition_of(doc["reported_at"])
        if here != part:
            if rows:
                sink.write(part, {INCIDENTS: rows})
            if here < part:
                raise StoreError(_("bulk load needs incidents in order of report time"))
            part, rows = here, {}
        if doc["id"] in rows:
            raise StoreError(_("incident {id} appears twice").format(id=doc['id']))
        rows[doc["id"]] = doc
        for (kind, key), value in indexes.key_entries(doc).items():
            shard = keys.setdefault(key_shard(kind, key), {}).setdefault(kind, {})
            shard.setdefault(key, {})[doc["id"]] = value
        if (entry := indexes.active_entry(doc)) is not None:
            active[doc["id"]] = entry
        for staff_id, at, total in indexes.shift_lines(doc):
            if indexes.moment(at) >= cutoff:
                shifts.setdefault(staff_id, {}).setdefault(doc["id"], []).append([at, total])
        seq += 1
        entry = audit.new_entry(seq, prev, doc["reported_at"], terminal, actor,
                                "incident.import", doc["id"], {"ref": doc["ref"]},
                                {f"incident {doc['id']}": content_hash(doc)}, seal)
        prev = entry["hash"]
        segments.setdefault(audit_segment(seq), {})[str(seq)] = entry
        count += 1
    if rows:
        sink.write(part, {INCIDENTS: rows})
    for rel, tables in keys.items():
        sink.write(rel, tables)
    sink.write(ACTIVE_INDEX, {"active": active, "shifts": shifts,
                              "meta": {"shifts": {"complete_since": cutoff.isoformat()}},
                              audit.HEAD_TABLE: {"chain": {"seq": seq, "hash": prev}}})
    first = audit_segment(head["seq"] + 1) if head["seq"] else None
    for rel, entries in segments.items():
        existing = dict(txn.rows(rel, AUDIT)) if rel == first else {}
        sink.write(rel, {AUDIT: {**existing, **entries}})
    marker.unlink()
    for rel in (*keys, ACTIVE_INDEX, *segments):
        txn.cache.drop(rel)
    return count
