"""The store the desk terminals share: TinyDB files under one process lock.

Every public method is one locked step: take the lock, finish any step a crash left
half-done, read what is needed, write every changed file in one transaction (with its
audit entry), release. Nothing read under one lock is trusted under the next one.
"""

from __future__ import annotations

import copy
import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import filelock
from ulid import ULID

from kiosk.core.clock import Clock, system_clock
from kiosk.core.errors import StoreError
from kiosk.core.models import Draft, Incident, Staff, Status, from_dict, to_dict
from kiosk.store import audit, indexes
from kiosk.store.api import LimitCheck
from kiosk.store.files import WAL_FILE, FileCache, Transaction, recover
from kiosk.store.layout import (
    ACTIVE_INDEX,
    BULK_MARKER,
    DRAFTS_FILE,
    INCIDENTS_DIR,
    LETTERS_DIR,
    LOCK_FILE,
    QUEUES_FILE,
    RECORDS_DIR,
    SNAPSHOTS_DIR,
    STAFF_FILE,
    as_utc,
    audit_segment,
    id_partition,
    norm_name,
    norm_ref,
    norm_room,
    partition_of,
)
from kiosk.store.tables import table
from kiosk.store.verify import VerifyReport, verify_store

CACHE_DIR = "cache"  # derived data kept by the reports; never part of a snapshot
LOCK_TIMEOUT = 15.0  # seconds; a step holds the lock for milliseconds
REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
REF_LENGTH = 6
RECORD_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
R = TypeVar("R")


class _LockedTotals:
    """Stay and shift totals read inside one transaction (see ``LimitCheck``)."""

    def __init__(self, store: TinyStore, txn: Transaction):
        self._store, self._txn = store, txn

    def stay_total(self, stay_key: str, exclude_incident: str | None = None) -> Decimal:
        return self._store._stay_total(self._txn, stay_key, exclude_incident)

    def shift_total(self, staff_id: str, since: datetime) -> Decimal:
        return self._store._shift_total(self._txn, staff_id, since)


class TinyStore:
    """One store folder (see layout.py). Safe to share between threads and processes."""

    def __init__(self, root: Path, clock: Clock = system_clock, terminal: str = "desk",
                 lock_timeout: float = LOCK_TIMEOUT):
        self.root = root
        self.clock = clock
        self.terminal = terminal
        self._cache = FileCache(root)
        self._thread_lock = threading.RLock()
        self._lock_timeout = lock_timeout
        self._file_lock = filelock.FileLock(root / LOCK_FILE, timeout=lock_timeout,
                                            poll_interval=0.002, preserve_lock_file=True)

    @property
    def letters_dir(self) -> Path:
        return self.root / LETTERS_DIR

    # --- the locked step -----------------------------------------------------------
    @contextmanager
    def _step(self) -> Iterator[Transaction]:
        with self._thread_lock:
            try:
                self._file_lock.acquire()
            except filelock.Timeout:
                raise StoreError(
                    f"the store is busy: no lock within {self._lock_timeout:g} s "
                    f"({self.root / LOCK_FILE})") from None
            except OSError as exc:
                raise StoreError(f"cannot lock the store {self.root}: "
                                 f"{exc.strerror or exc}") from None
            try:
                txn = Transaction(self.root, self._cache)
                try:
                    recover(self.root)
                    yield txn
                    txn.commit()
                except BaseException:
                    txn.abort()
                    raise
            except OSError as exc:
                raise StoreError(f"cannot write the store {self.root}: "
                                 f"{exc.strerror or exc}") from None
            finally:
                self._file_lock.release()

    def settle(self) -> None:
        """Finish anything a stopped terminal left half done. Afterwards the files hold
        every save that returned, for readers that go to the day files directly."""
        with self._step():
            pass

    def _now(self) -> datetime:
        return as_utc(self.clock())

    def _audit(self, txn: Transaction, actor: str, action: str, subject: str,
               detail: dict[str, Any] | None) -> None:
        audit.append(txn, self._now().isoformat(), self.terminal, actor, action, subject,
                     detail)

    # --- staff ---------------------------------------------------------------------
    def add_staff(self, staff: Staff, actor: str) -> None:
        with self._step() as txn:
            staff_table = table(txn, STAFF_FILE, "staff")
            if staff_table.get_doc(staff.id) is not None:
                raise StoreError(f"staff id {staff.id} is already in use")
            staff_table.add(staff.id, to_dict(staff))
            self._audit(txn, actor, "staff.add", staff.id,
                        {"name": staff.name, "role": staff.role})

    def get_staff(self, staff_id: str) -> Staff:
        with self._step() as txn:
            doc = table(txn, STAFF_FILE, "staff").get_doc(staff_id)
            if doc is None:
                raise StoreError(f"no staff member with id {staff_id}")
            return from_dict(Staff, doc)

    def list_staff(self) -> list[Staff]:
        with self._step() as txn:
            staff = [from_dict(Staff, d) for d in table(txn, STAFF_FILE, "staff").raw().values()]
        return sorted(staff, key=lambda s: s.id)

    def update_staff(self, staff_id: str, mutate: Callable[[Staff], None], actor: str,
                     action: str, detail: dict[str, Any] | None = None) -> Staff:
        with self._step() as txn:
            staff_table = table(txn, STAFF_FILE, "staff")
            doc = staff_table.get_doc(staff_id)
            if doc is None:
                raise StoreError(f"no staff member with id {staff_id}")
            staff = from_dict(Staff, doc)
            mutate(staff)
            if staff.id != staff_id:
                raise StoreError("a staff member's id cannot change")
            staff_table.put(staff_id, to_dict(staff))
            self._audit(txn, actor, action, staff_id, detail)
        return staff

    # --- incidents -----------------------------------------------------------------
    def new_incident_id(self) -> tuple[str, str]:
        incident_id = str(ULID.from_datetime(self._now()))
        with self._step() as txn:
            return incident_id, self._free_ref(txn)

    def _free_ref(self, txn: Transaction) -> str:
        while True:
            ref = "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))
            if not indexes.lookup(txn, "ref", ref):
                return ref

    def _check_staff(self, txn: Transaction, doc: dict[str, Any]) -> None:
        staff = table(txn, STAFF_FILE, "staff").raw()
        unknown = sorted(indexes.staff_refs(doc) - staff.keys())
        if unknown:
            raise StoreError(f"incident {doc['id']} names unknown staff: {', '.join(unknown)}")

    def add_incident(self, incident: Incident, actor: str,
                     detail: dict[str, Any] | None = None,
                     check: LimitCheck | None = None) -> None:
        with self._step() as txn:
            if check is not None:
                check(incident, _LockedTotals(self, txn))
            if self._exists(txn, incident.id):
                raise StoreError(f"incident {incident.id} already exists")
            if indexes.lookup(txn, "ref", norm_ref(incident.ref)):
                # Another terminal took this reference a moment ago: give a fresh one.
                incident.ref = self._free_ref(txn)
            if incident.updated_at is None:
                incident.updated_at = incident.reported_at
            doc = to_dict(incident)
            self._check_staff(txn, doc)
            self._insert(txn, doc)
            self._audit(txn, actor, "incident.add", incident.id,
                        {"ref": incident.ref, **(detail or {})})

    def _insert(self, txn: Transaction, doc: dict[str, Any]) -> None:
        table(txn, partition_of(doc["reported_at"]), "incidents").add(doc["id"], doc)
        indexes.update_keys(txn, doc["id"], {}, indexes.key_entries(doc))
        indexes.update_active(txn, doc["id"], None, doc, self._now())

    def update_incident(self, incident_id: str, mutate: Callable[[Incident], None],
                        actor: str, action: str,
                        detail: dict[str, Any] | None = None,
                        check: LimitCheck | None = None) -> Incident:
        with self._step() as txn:
            old = self._load_doc(txn, incident_id)
            incident = from_dict(Incident, old)
            mutate(incident)
            if check is not None:
                check(incident, _LockedTotals(self, txn))
            if incident.id != old["id"] or incident.ref != old["ref"]:
                raise StoreError("an incident's id and reference cannot change")
            incident.updated_at = self._now()
            new = to_dict(incident)
            self._check_staff(txn, new)
            old_part, new_part = partition_of(old["reported_at"]), partition_of(new["reported_at"])
            if old_part != new_part:
                old_table = table(txn, old_part, "incidents")
                old_table.remove(doc_ids=[incident.id])  # type: ignore[list-item]  # our ids are str
            table(txn, new_part, "incidents").put(incident.id, new)
            indexes.update_keys(txn, incident.id, indexes.key_entries(old),
                                indexes.key_entries(new))
            indexes.update_active(txn, incident.id, old, new, self._now())
            self._audit(txn, actor, action, incident.id, detail)
        return incident

    def _exists(self, txn: Transaction, incident_id: str) -> bool:
        try:
            self._load_doc(txn, incident_id)
        except StoreError:
            return False
        return True

    def _load_doc(self, txn: Transaction, id_or_ref: str) -> dict[str, Any]:
        key = id_or_ref.strip()
        found: dict[str, str] = {}
        if len(key) == 26:
            hint = id_partition(key)
            doc = table(txn, hint, "incidents").get_doc(key) if hint else None
            if doc is not None:
                return doc
            found = indexes.lookup(txn, "id", key)
        if not found:
            found = indexes.lookup(txn, "ref", norm_ref(key))
        for incident_id, part in found.items():
            doc = table(txn, part, "incidents").get_doc(incident_id)
            if doc is not None:
                return doc
        raise StoreError(f"no incident {id_or_ref}")

    def get_incident(self, id_or_ref: str) -> Incident:
        with self._step() as txn:
            return from_dict(Incident, self._load_doc(txn, id_or_ref))

    def _load_many(self, txn: Transaction, where: dict[str, str]) -> list[Incident]:
        """Incidents by id → day file, reading each day file once."""
        by_part: dict[str, list[str]] = {}
        for incident_id, part in where.items():
            by_part.setdefault(part, []).append(incident_id)
        found = []
        for part, ids in by_part.items():
            rows = table(txn, part, "incidents").raw()
            found += [from_dict(Incident, rows[i]) for i in ids if i in rows]
        return found

    def open_incidents(self) -> list[Incident]:
        with self._step() as txn:
            active = table(txn, ACTIVE_INDEX, "active").raw()
            where = {i: e["p"] for i, e in active.items() if e["status"] == Status.OPEN}
            found = self._load_many(txn, where)
        return sorted(found, key=lambda i: i.reported_at)

    def follow_ups_due(self, now: datetime) -> list[Incident]:
        now = as_utc(now)
        with self._step() as txn:
            active = table(txn, ACTIVE_INDEX, "active").raw()
            where = {i: e["p"] for i, e in active.items()
                     if e["due"] and not e["done"]
                     and as_utc(datetime.fromisoformat(e["due"])) <= now}
            found = self._load_many(txn, where)
        return sorted(found, key=lambda i: as_utc(i.follow_up.due) if i.follow_up else now)

    def guest_incidents(self, name: str) -> list[Incident]:
        with self._step() as txn:
            found = self._load_many(txn, indexes.lookup(txn, "guest", norm_name(name)))
        return sorted(found, key=lambda i: i.reported_at, reverse=True)

    def find_incidents(self, status: Status | None = None, guest: str | None = None,
                       room: str | None = None, limit: int | None = None) -> list[Incident]:
        """Newest first. Guest names match exactly, ignoring case and spacing."""
        if guest is None and room is None and status in (None, Status.CLOSED):
            return self._scan_newest(status, limit)
        with self._step() as txn:
            where: dict[str, str] | None = None
            if guest is not None:
                where = indexes.lookup(txn, "guest", norm_name(guest))
            if room is not None:
                by_room = indexes.lookup(txn, "room", norm_room(room))
                where = by_room if where is None else {
                    i: p for i, p in where.items() if i in by_room}
            if where is None:  # an active status: the active index has them all
                active = table(txn, ACTIVE_INDEX, "active").raw()
                where = {i: e["p"] for i, e in active.items() if e["status"] == status}
            found = self._load_many(txn, where)
        found = [i for i in found if status is None or i.status == status]
        found.sort(key=lambda i: i.reported_at, reverse=True)
        return found[:limit] if limit is not None else found

    def _scan_newest(self, status: Status | None, limit: int | None) -> list[Incident]:
        found: list[Incident] = []
        for part in reversed(self._partitions()):
            batch = [i for i in self._read_partition(part)
                     if status is None or i.status == status]
            found += sorted(batch, key=lambda i: i.reported_at, reverse=True)
            if limit is not None and len(found) >= limit:
                return found[:limit]
        return found

    def _partitions(self) -> list[str]:
        folder = self.root / INCIDENTS_DIR
        if not folder.is_dir():
            return []
        return sorted(f"{INCIDENTS_DIR}/{p.parent.name}/{p.name}"
                      for p in folder.glob("[0-9]*/[0-9]*.json"))

    def _read_partition(self, part: str) -> list[Incident]:
        """One day file, read under the lock but without keeping it in the cache."""
        with self._step():
            data = self._cache.load(part, keep=False) or {}
            rows = data.get("incidents", {})
            return [from_dict(Incident, doc) for doc in rows.values()]

    def iter_incidents(self, since: datetime | None = None,
                       until: datetime | None = None) -> Iterator[Incident]:
        """Incidents reported in [since, until), oldest first, one day file at a time
        (the lock is never held between files, so the desk is not kept waiting)."""
        low = partition_of(since) if since is not None else ""
        high = partition_of(until) if until is not None else "~"
        for part in self._partitions():
            if not low <= part <= high:
                continue
            batch = self._read_partition(part)
            batch.sort(key=lambda i: i.reported_at)
            for incident in batch:
                if since is not None and as_utc(incident.reported_at) < as_utc(since):
                    continue
                if until is not None and as_utc(incident.reported_at) >= as_utc(until):
                    continue
                yield incident

    def stay_total(self, stay_key: str, exclude_incident: str | None = None) -> Decimal:
        with self._step() as txn:
            return self._stay_total(txn, stay_key, exclude_incident)

    def _stay_total(self, txn: Transaction, stay_key: str,
                    exclude_incident: str | None) -> Decimal:
        totals = indexes.lookup(txn, "stay", stay_key)
        return sum((Decimal(v) for i, v in totals.items() if i != exclude_incident),
                   Decimal(0))

    def shift_total(self, staff_id: str, since: datetime) -> Decimal:
        with self._step() as txn:
            return self._shift_total(txn, staff_id, since)

    def _shift_total(self, txn: Transaction, staff_id: str, since: datetime) -> Decimal:
        complete = indexes.shifts_complete_since(txn)
        if complete is None or as_utc(since) >= complete:
            return indexes.shift_total_from_index(txn, staff_id, since)
        # Older than the index keeps: add it up from the incidents themselves.
        since = as_utc(since)
        return sum((Decimal(d["total"]) for part in self._partitions()
                    for doc in table(txn, part, "incidents").raw().values()
                    for d in doc.get("compensation") or []
                    if d["decided_by"] == staff_id
                    and as_utc(datetime.fromisoformat(d["decided_at"])) >= since),
                   Decimal(0))

    # --- drafts --------------------------------------------------------------------
    def save_draft(self, draft: Draft) -> None:
        with self._step() as txn:
            table(txn, DRAFTS_FILE, "drafts").put(draft.id, to_dict(draft))
            self._audit(txn, draft.staff_id, "draft.save", draft.id, None)

    def drafts_for(self, staff_id: str) -> list[Draft]:
        with self._step() as txn:
            docs = [d for d in table(txn, DRAFTS_FILE, "drafts").raw().values()
                    if d.get("staff_id") == staff_id]
            drafts = [from_dict(Draft, copy.deepcopy(d)) for d in docs]
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)

    def delete_draft(self, draft_id: str) -> None:
        with self._step() as txn:
            drafts = table(txn, DRAFTS_FILE, "drafts")
            doc = drafts.get_doc(draft_id)
            if doc is None:
                return
            drafts.remove(doc_ids=[draft_id])  # type: ignore[list-item]  # our ids are str
            self._audit(txn, doc.get("staff_id", ""), "draft.delete", draft_id, None)

    # --- small queues --------------------------------------------------------------
    def queue_put(self, queue: str, key: str, doc: dict[str, Any]) -> None:
        with self._step() as txn:
            table(txn, QUEUES_FILE, queue).put(key, to_dict(doc))
            self._audit(txn, "system", "queue.put", f"{queue}/{key}", None)

    def queue_items(self, queue: str) -> dict[str, dict[str, Any]]:
        with self._step() as txn:
            return copy.deepcopy(table(txn, QUEUES_FILE, queue).raw())

    def queue_remove(self, queue: str, key: str) -> None:
        with self._step() as txn:
            items = table(txn, QUEUES_FILE, queue)
            if items.get_doc(key) is None:
                return
            items.remove(doc_ids=[key])  # type: ignore[list-item]  # our ids are str
            self._audit(txn, "system", "queue.remove", f"{queue}/{key}", None)

    # --- desk records ---------------------------------------------------------------
    @staticmethod
    def _records_file(kind: str) -> str:
        if not RECORD_KIND.fullmatch(kind):
            raise StoreError(f"not a kind of record: {kind!r}")
        return f"{RECORDS_DIR}/{kind}.json"

    def records(self, kind: str) -> dict[str, dict[str, Any]]:
        rel = self._records_file(kind)
        with self._step() as txn:
            return copy.deepcopy(table(txn, rel, kind).raw())

    def change_records(self, kind: str, change: Callable[[dict[str, dict[str, Any]]], R],
                       actor: str, action: str, subject: str,
                       detail: dict[str, Any] | None = None) -> R:
        rel = self._records_file(kind)
        with self._step() as txn:
            docs = copy.deepcopy(table(txn, rel, kind).raw())
            result = change(docs)
            txn.write(rel, {kind: to_dict(docs)})
            self._audit(txn, actor, action, subject, detail)
        return result

    # --- audit ---------------------------------------------------------------------
    def audit(self, actor: str, action: str, subject: str,
              detail: dict[str, Any] | None = None) -> None:
        with self._step() as txn:
            self._audit(txn, actor, action, subject, detail)

    def audit_entries(self, after: int = 0) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        first = audit_segment(after + 1)  # segments before it hold only older entries
        with self._step():
            for rel in audit.segment_files(self.root):
                if rel < first:
                    continue
                data = self._cache.load(rel, keep=False) or {}
                entries += [copy.deepcopy(e) for _, e in audit.iter_segment(data)
                            if isinstance(e, dict) and e.get("seq", 0) > after]
        return sorted(entries, key=lambda e: e["seq"])

    # --- maintenance ---------------------------------------------------------------
    def verify(self) -> list[str]:
        return self.check().problems

    def check(self) -> VerifyReport:
        """``verify`` with counts, for `kiosk store verify`."""
        with self._snapshot() as frozen:
            return verify_store(frozen)

    @contextmanager
    def _snapshot(self) -> Iterator[Path]:
        """The store as it stands at one moment, for long reads (verify, backup) that
        must not keep the desk waiting: hard links taken under the lock. Store files
        are only ever replaced, never changed, so a link keeps its version."""
        from kiosk.store.backup import link_tree

        with self._step():
            try:
                frozen = link_tree(self.root, skip={LOCK_FILE, WAL_FILE, SNAPSHOTS_DIR,
                                                    CACHE_DIR})
            except OSError:
                frozen = None  # no hard links on this file system: read under the lock
                yield self.root
        if frozen is None:
            return
        try:
            yield frozen
        finally:
            shutil.rmtree(frozen, ignore_errors=True)

    def bulk_load(self, incidents: Iterable[Incident], actor: str = "import") -> int:
        """Load many incidents, ordered by report time, into a store that has none yet
        (imports and benchmarks); far faster than one ``add_incident`` each."""
        from kiosk.store.bulk import bulk_load

        with self._step() as txn:
            return bulk_load(self.root, txn, incidents, actor, self.terminal, self._now())

    def backup(self, dest: Path) -> None:
        from kiosk.store.backup import copy_store

        with self._snapshot() as frozen:
            if (frozen / BULK_MARKER).exists():
                raise StoreError("a bulk load is in progress or was interrupted; "
                                 "run `kiosk store verify`")
            # Settled under the lock, the files hold everything: the log is not needed.
            copy_store(frozen, dest, skip={LOCK_FILE, WAL_FILE, SNAPSHOTS_DIR},
                       store=self.root)
