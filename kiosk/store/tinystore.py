"""The store the desk terminals share: TinyDB files plus a write-ahead log, under one
process lock.

Every public method is one locked step (but ``new_incident_id``, a proposal checked
again by the step that saves it): take the lock, read what the log gained since
this object last looked, read what is needed, commit every change as one log record
(with its audit entry), release. Nothing read under one lock is trusted under the next.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.core.clock import Clock, system_clock
from kiosk.core.collection import collection_paused
from kiosk.core.errors import StoreError
from kiosk.core.i18n import _
from kiosk.core.models import Draft, Incident, Staff, Status, from_dict, to_dict
from kiosk.store import audit, files, indexes, seen
from kiosk.store.api import LimitCheck, VerifyReport
from kiosk.store.files import WAL_FILE, FileCache, Log, Transaction, clean_leftovers
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
    day_file_year,
    id_partition,
    new_incident_id,
    norm_name,
    norm_ref,
    norm_room,
    partition_of,
    room_in_year,
)
from kiosk.store.lock import LockTimeout, StoreLock
from kiosk.store.seal import load_key
from kiosk.store.tables import AUDIT, DRAFTS, INCIDENTS, STAFF, is_day_file, load, table
from kiosk.store.verify import verify_store

if TYPE_CHECKING:  # named in the signatures only (see kiosk.store.api)
    from kiosk.core.digest import IncidentDigest


CACHE_DIR = "cache"  # derived data kept by the reports; never part of a snapshot
LOCK_TIMEOUT = 15.0  # seconds; a step holds the lock for milliseconds
REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
REF_LENGTH = 6
RECORD_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
R = TypeVar("R")
T = TypeVar("T")


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
                 lock_timeout: float = LOCK_TIMEOUT, key_file: Path | None = None):
        self.root = root
        self.clock = clock
        self.terminal = terminal
        self._key = load_key(key_file, root)
        self._cache = FileCache(root)
        self._log = Log(root)
        self._started = False
        self._thread_lock = threading.RLock()
        self._lock_timeout = lock_timeout
        self._file_lock = StoreLock(root / LOCK_FILE, timeout=lock_timeout)

    @property
    def letters_dir(self) -> Path:
        return self.root / LETTERS_DIR

    # --- the locked step -----------------------------------------------------------
    @contextmanager
    def _step(self) -> Iterator[Transaction]:
        with self._thread_lock:
            try:
                self._file_lock.acquire()
            except LockTimeout:
                raise StoreError(busy(self.root / LOCK_FILE, self._lock_timeout)) from None
            except OSError as exc:
                raise StoreError(_("cannot lock the store {root}: {why}").format(
                    root=self.root, why=exc.strerror or exc)) from None
            try:
                try:
                    if not self._started:
                        clean_leftovers(self.root)
                        self._started = True
                    self._log.refresh()
                    txn = Transaction(self.root, self._cache, self._log)
                    yield txn
                    if txn.commit():
                        self._after_commit(txn)
                except OSError as exc:
                    raise StoreError(_os_message(self.root, exc)) from None
            finally:
                self._file_lock.release()

    def _after_commit(self, txn: Transaction) -> None:
        """The save is durable now: nothing here may turn it into a failure."""
        head = audit.read_head(txn)
        seen.remember(self.root, head["seq"], head["hash"])
        if self._log.size() > files.WAL_LIMIT:
            with contextlib.suppress(OSError, StoreError):
                self._log.checkpoint(self._cache)  # a full disk: the log keeps it all

    def settle(self) -> None:
        """Bring the files up to date with the log (a checkpoint). Afterwards the files
        alone hold every save that returned, for readers that go to them directly."""
        with self._step():
            self._log.checkpoint(self._cache)

    def _now(self) -> datetime:
        return as_utc(self.clock())

    def _audit(self, txn: Transaction, actor: str, action: str, subject: str,
               detail: dict[str, Any] | None) -> None:
        audit.append(txn, self._now().isoformat(), self.terminal, actor, action, subject,
                     detail, self._key)

    # --- staff ---------------------------------------------------------------------
    def add_staff(self, staff: Staff, actor: str) -> None:
        with self._step() as txn:
            staff_table = table(txn, STAFF_FILE, STAFF)
            if staff_table.get_doc(staff.id) is not None:
                raise StoreError(_("staff id {id} is already in use").format(id=staff.id))
            staff_table.add(staff.id, to_dict(staff))
            self._audit(txn, actor, "staff.add", staff.id,
                        {"name": staff.name, "role": staff.role})

    def get_staff(self, staff_id: str) -> Staff:
        with self._step() as txn:
            doc = table(txn, STAFF_FILE, STAFF).get_doc(staff_id)
            if doc is None:
                raise StoreError(_("no staff member with id {staff_id}").format(staff_id=staff_id))
            return _record(Staff, doc, STAFF_FILE)

    def list_staff(self) -> list[Staff]:
        with self._step() as txn:
            rows = table(txn, STAFF_FILE, STAFF).raw()
            staff = [_record(Staff, d, STAFF_FILE) for d in rows.values()]
        return sorted(staff, key=lambda s: s.id)

    def update_staff(self, staff_id: str, mutate: Callable[[Staff], None], actor: str,
                     action: str, detail: dict[str, Any] | None = None) -> Staff:
        with self._step() as txn:
            staff_table = table(txn, STAFF_FILE, STAFF)
            doc = staff_table.get_doc(staff_id)
            if doc is None:
                raise StoreError(_("no staff member with id {staff_id}").format(staff_id=staff_id))
            staff = _record(Staff, doc, STAFF_FILE)
            mutate(staff)
            if staff.id != staff_id:
                raise StoreError(_("a staff member's id cannot change"))
            staff_table.put(staff_id, to_dict(staff))
            self._audit(txn, actor, action, staff_id, detail)
        return staff

    # --- incidents -----------------------------------------------------------------
    def new_incident_id(self) -> tuple[str, str]:
        """A new id and a reference no incident holds, as far as this terminal last saw.
        Read without the store lock: the reference is only a proposal, which
        ``add_incident`` checks again under the lock (and replaces when another terminal
        took it meanwhile), and store files are only ever replaced whole."""
        incident_id = new_incident_id(self._now())
        with self._thread_lock:
            try:
                return incident_id, self._free_ref(Transaction(self.root, self._cache,
                                                               self._log))
            except OSError as exc:
                raise StoreError(_os_message(self.root, exc)) from None

    def _free_ref(self, txn: Transaction) -> str:
        while True:
            ref = "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))
            if not indexes.lookup(txn, "ref", ref):
                return ref

    def _check_staff(self, txn: Transaction, doc: dict[str, Any]) -> None:
        staff = table(txn, STAFF_FILE, STAFF).raw()
        unknown = sorted(indexes.staff_refs(doc) - staff.keys())
        if unknown:
            raise StoreError(_("incident {id} names unknown staff: {unknown}").format(
                id=doc['id'], unknown=', '.join(unknown)))

    def add_incident(self, incident: Incident, actor: str,
                     detail: dict[str, Any] | None = None,
                     check: LimitCheck | None = None) -> None:
        with self._step() as txn:
            if check is not None:
                check(incident, _LockedTotals(self, txn))
            if self._exists(txn, incident.id):
                raise StoreError(_("incident {id} already exists").format(id=incident.id))
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
        table(txn, partition_of(doc["reported_at"]), INCIDENTS).add(doc["id"], doc)
        indexes.update_keys(txn, doc["id"], {}, indexes.key_entries(doc))
        indexes.update_active(txn, doc["id"], None, doc, self._now())

    def update_incident(self, incident_id: str, mutate: Callable[[Incident], None],
                        actor: str, action: str,
                        detail: dict[str, Any] | None = None,
                        check: LimitCheck | None = None) -> Incident:
        with self._step() as txn:
            old = self._load_doc(txn, incident_id)
            incident = _record(Incident, old, _day_of(old))
            mutate(incident)
            if check is not None:
                check(incident, _LockedTotals(self, txn))
            if incident.id != old["id"] or incident.ref != old["ref"]:
                raise StoreError(_("an incident's id and reference cannot change"))
            incident.updated_at = self._now()
            new = to_dict(incident)
            self._check_staff(txn, new)
            old_part, new_part = partition_of(old["reported_at"]), partition_of(new["reported_at"])
            if old_part != new_part:
                table(txn, old_part, INCIDENTS).remove(incident.id)
            table(txn, new_part, INCIDENTS).put(incident.id, new)
            indexes.update_keys(txn, incident.id, indexes.key_entries(old),
                                indexes.key_entries(new))
            indexes.update_active(txn, incident.id, old, new, self._now())
            self._audit(txn, actor, action, incident.id, detail)
        return incident

    def _exists(self, txn: Transaction, incident_id: str) -> bool:
        """An incident with this id (not one whose reference reads the same)."""
        hint = id_partition(incident_id)
        if hint and table(txn, hint, INCIDENTS).get_doc(incident_id) is not None:
            return True
        moved = indexes.lookup(txn, "id", incident_id).get(incident_id)
        return moved is not None and table(txn, moved, INCIDENTS).get_doc(incident_id) is not None

    def _load_doc(self, txn: Transaction, id_or_ref: str) -> dict[str, Any]:
        key = id_or_ref.strip()
        found: dict[str, str] = {}
        if len(key) == 26:
            hint = id_partition(key)
            doc = table(txn, hint, INCIDENTS).get_doc(key) if hint else None
            if doc is not None:
                return doc
            found = indexes.lookup(txn, "id", key)
        if not found:
            found = indexes.lookup(txn, "ref", norm_ref(key))
        for incident_id, part in found.items():
            doc = table(txn, part, INCIDENTS).get_doc(incident_id)
            if doc is not None:
                return doc
        raise StoreError(_("no incident {id}").format(id=id_or_ref))

    def get_incident(self, id_or_ref: str) -> Incident:
        with self._step() as txn:
            return _record(Incident, doc := self._load_doc(txn, id_or_ref), _day_of(doc))

    def get_incidents(self, ids: list[str]) -> list[Incident]:
        """These incidents in one step under the lock (one lock and one look at the
        log, not one each); those no longer in the store are left out."""
        found = []
        with self._step() as txn:
            for incident_id in ids:
                try:
                    doc = self._load_doc(txn, incident_id)
                except StoreError:
                    continue
                found.append(_record(Incident, doc, _day_of(doc)))
        return found

    def _load_many(self, txn: Transaction, where: dict[str, str]) -> list[Incident]:
        """Incidents by id → day file, each read from its own line of the file."""
        found = []
        for incident_id, part in where.items():
            doc = table(txn, part, INCIDENTS).get_doc(incident_id)
            if doc is not None:
                found.append(_record(Incident, doc, part))
        return found

    def open_incidents(self) -> list[Incident]:
        with self._step() as txn:
            active = indexes.active_rows(txn)
            where = {i: e["p"] for i, e in active.items() if e["status"] == Status.OPEN}
            found = self._load_many(txn, where)
        return sorted(found, key=lambda i: i.reported_at)

    def follow_ups_due(self, now: datetime) -> list[Incident]:
        now = as_utc(now)
        with self._step() as txn:
            active = indexes.active_rows(txn)
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
        def wanted(incident: Incident) -> bool:
            return status is None or incident.status == status

        with self._step() as txn:
            where: dict[str, str] | None = None
            if guest is not None:
                where = indexes.lookup(txn, "guest", norm_name(guest))
            if room is not None:
                found = []
                # A room's entries are kept by year: the newest years first, until
                # enough are found (every year of them counts as newer than the next).
                for year in self._years(txn):
                    by_room = indexes.lookup(txn, "room", room_in_year(norm_room(room), year))
                    if where is not None:
                        by_room = {i: p for i, p in by_room.items() if i in where}
                    found += [i for i in self._load_many(txn, by_room) if wanted(i)]
                    if limit is not None and len(found) >= limit:
                        break
            else:
                if where is None:  # an active status: the active index has them all
                    active = indexes.active_rows(txn)
                    where = {i: e["p"] for i, e in active.items() if e["status"] == status}
                found = [i for i in self._load_many(txn, where) if wanted(i)]
        found.sort(key=lambda i: i.reported_at, reverse=True)
        return found[:limit] if limit is not None else found

    def _years(self, txn: Transaction) -> list[str]:
        """The years any day file is for, on disk or so far only in the log, newest
        first."""
        folder = self.root / INCIDENTS_DIR
        years = {p.name for p in folder.iterdir() if p.name.isdigit()} \
            if folder.is_dir() else set()
        years |= {day_file_year(rel) for rel in txn.log.pending if is_day_file(rel)}
        return sorted(years, reverse=True)

    def _scan_newest(self, status: Status | None, limit: int | None) -> list[Incident]:
        found: list[Incident] = []
        for part in reversed(self._partitions()):
            batch = [i for i in self._read_partition(part)
                     if status is None or i.status == status]
            found += sorted(batch, key=lambda i: i.reported_at, reverse=True)
            if limit is not None and len(found) >= limit:
                return found[:limit]
        return found

    def _partitions(self, txn: Transaction | None = None) -> list[str]:
        """Day files, in date order: on disk, or so far only in the log (read in the
        step ``txn`` when one is under way)."""
        folder = self.root / INCIDENTS_DIR
        parts = {f"{INCIDENTS_DIR}/{p.parent.name}/{p.name}"
                 for p in folder.glob("[0-9]*/[0-9]*.json")} if folder.is_dir() else set()
        if txn is None:
            with self._step():
                parts |= {rel for rel in self._log.pending if is_day_file(rel)}
        else:
            parts |= {rel for rel in txn.log.pending if is_day_file(rel)}
        return sorted(parts)

    def _read_partition(self, part: str) -> list[Incident]:
        """One day file, read under the lock but without keeping it in the cache."""
        with self._step() as txn:
            rows = txn.rows(part, INCIDENTS, keep=False)
            return [_record(Incident, doc, part) for doc in rows.values()]

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
        return sum((Decimal(d["total"]) for part in self._partitions(txn)
                    for doc in table(txn, part, INCIDENTS).raw(keep=False).values()
                    for d in doc.get("compensation") or []
                    if d["decided_by"] == staff_id
                    and as_utc(datetime.fromisoformat(d["decided_at"])) >= since),
                   Decimal(0))

    # --- drafts --------------------------------------------------------------------
    def save_draft(self, draft: Draft) -> None:
        with self._step() as txn:
            table(txn, DRAFTS_FILE, DRAFTS).put(draft.id, to_dict(draft))
            self._audit(txn, draft.staff_id, "draft.save", draft.id, None)

    def drafts_for(self, staff_id: str) -> list[Draft]:
        with self._step() as txn:
            docs = [d for d in table(txn, DRAFTS_FILE, DRAFTS).raw().values()
                    if d.get("staff_id") == staff_id]
            drafts = [_record(Draft, copy.deepcopy(d), DRAFTS_FILE) for d in docs]
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)

    def delete_draft(self, draft_id: str) -> None:
        with self._step() as txn:
            drafts = table(txn, DRAFTS_FILE, DRAFTS)
            doc = drafts.get_doc(draft_id)
            if doc is None:
                return
            drafts.remove(draft_id)
            self._audit(txn, doc.get("staff_id", ""), "draft.delete", draft_id, None)

    # --- small queues --------------------------------------------------------------
    def queue_put(self, queue: str, key: str, doc: dict[str, Any]) -> None:
        with self._step() as txn:
            table(txn, QUEUES_FILE, queue).put(key, to_dict(doc))
            self._audit(txn, "system", "queue.put", f"{queue}/{key}", None)

    def queue_items(self, queue: str) -> dict[str, dict[str, Any]]:
        with self._step() as txn:
            return copy.deepcopy(dict(table(txn, QUEUES_FILE, queue).raw()))

    def queue_remove(self, queue: str, key: str) -> None:
        with self._step() as txn:
            items = table(txn, QUEUES_FILE, queue)
            if items.get_doc(key) is None:
                return
            items.remove(key)
            self._audit(txn, "system", "queue.remove", f"{queue}/{key}", None)

    # --- desk records ---------------------------------------------------------------
    @staticmethod
    def _records_file(kind: str) -> str:
        if not RECORD_KIND.fullmatch(kind):
            raise StoreError(_("not a kind of record: {kind}").format(kind=repr(kind)))
        return f"{RECORDS_DIR}/{kind}.json"

    def records(self, kind: str) -> dict[str, dict[str, Any]]:
        rel = self._records_file(kind)
        with self._step() as txn:
            return copy.deepcopy(dict(table(txn, rel, kind).raw()))

    def change_records(self, kind: str, change: Callable[[dict[str, dict[str, Any]]], R],
                       actor: str, action: str, subject: str,
                       detail: dict[str, Any] | None = None) -> R:
        rel = self._records_file(kind)
        with self._step() as txn:
            collection = table(txn, rel, kind)
            before = collection.raw()
            docs = copy.deepcopy(dict(before))
            result = change(docs)
            after = to_dict(docs)
            # Only what changed goes to the log, each document a record of its own.
            for key in before.keys() - after.keys():
                collection.remove(key)
            for key, doc in after.items():
                if before.get(key) != doc:
                    collection.put(key, doc)
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
        with self._step() as txn:
            for rel in audit.segment_files(self.root, set(self._log.pending)):
                if rel < first:
                    continue
                rows = txn.rows(rel, AUDIT, keep=False)
                entries += [copy.deepcopy(e) for e in rows.values()
                            if isinstance(e.get("seq"), int) and e["seq"] > after]
        return sorted(entries, key=lambda e: e["seq"])

    def history(self, since: datetime | None = None,
                until: datetime | None = None) -> Iterator[IncidentDigest]:
        """Digests of incidents reported in [since, until), oldest first, for reports:
        from the digest cache beside the day files, and the log for what it holds."""
        from kiosk.store.digests import iter_digests

        with self._step() as txn:
            fresh = {rel: dict(txn.rows(rel, INCIDENTS, keep=False))
                     for rel in self._log.pending if is_day_file(rel)}
        return iter_digests(self.root, since, until, fresh)

    def report_days(self, summarize: Callable[[list[IncidentDigest]], Any], stamp: str,
                    since: datetime | None = None, until: datetime | None = None,
                    combine: Callable[[list[Any]], Any] | None = None
                    ) -> Iterator[tuple[Any, list[IncidentDigest]]]:
        from kiosk.store.digests import iter_days

        with self._step() as txn:
            fresh = {rel: dict(txn.rows(rel, INCIDENTS, keep=False))
                     for rel in self._log.pending if is_day_file(rel)}
        return iter_days(self.root, summarize, stamp, since, until, fresh, combine)

    # --- maintenance ---------------------------------------------------------------
    def verify(self) -> list[str]:
        return self.check().problems

    def check(self) -> VerifyReport:
        """``verify`` with counts and warnings, for `kiosk store verify`."""
        # Plain data only (no cycles), so the collector need not walk it as it grows.
        with self._snapshot() as (frozen, overlay), collection_paused():
            report = verify_store(frozen, overlay, self._key, self.root)
        if not report.problems and report.head is not None:
            seen.remember(self.root, *report.head)
        return report

    @contextmanager
    def _snapshot(self, settle: bool = False) -> Iterator[tuple[Path, dict[str, Any]]]:
        """The store as it stands at one moment, for long reads (verify, backup) that
        must not keep the desk waiting: hard links taken under the lock, and the log's
        operations. Store files are only ever replaced, never changed, so a link keeps
        its version."""
        from kiosk.store.backup import link_tree

        with self._step():
            if settle:
                self._log.checkpoint(self._cache)  # the files alone then hold everything
            overlay = self._log.frozen()
            try:
                frozen = link_tree(self.root, skip={LOCK_FILE, WAL_FILE, SNAPSHOTS_DIR,
                                                    CACHE_DIR})
            except OSError:
                frozen = None  # no hard links here (or no room for them): read under the lock
                yield self.root, overlay
        if frozen is None:
            return
        try:
            yield frozen, overlay
        finally:
            shutil.rmtree(frozen, ignore_errors=True)

    def bulk_load(self, incidents: Iterable[Incident], actor: str = "import") -> int:
        """Load many incidents, ordered by report time, into a store that has none yet
        (imports and benchmarks); far faster than one ``add_incident`` each."""
        from kiosk.store.bulk import bulk_load

        with self._step() as txn:
            self._log.checkpoint(self._cache)  # files written directly: nothing pending
            count = bulk_load(self.root, txn, incidents, actor, self.terminal, self._now(),
                              self._key)
            head = audit.read_head(Transaction(self.root, self._cache, self._log))
        seen.remember(self.root, head["seq"], head["hash"])
        return count

    def backup(self, dest: Path) -> None:
        from kiosk.store.backup import copy_store

        with self._snapshot(settle=True) as (frozen, _ops):
            try:
                tables = load((frozen / ACTIVE_INDEX).read_bytes(), ACTIVE_INDEX)
            except FileNotFoundError:
                tables = {}
            head = tables.get(audit.HEAD_TABLE, {}).get("chain")
            if (frozen / BULK_MARKER).exists():
                raise StoreError(_("a bulk load is in progress or was interrupted; run `kiosk "
                                   "store verify`"))
            copy_store(frozen, dest, skip={LOCK_FILE, WAL_FILE, SNAPSHOTS_DIR, CACHE_DIR},
                       store=self.root, completed_at=self._now().isoformat(), head=head)


def _record(cls: type[T], doc: Any, rel: str) -> T:
    """A stored document as a record; one clear line naming the file if it is not one."""
    try:
        return from_dict(cls, doc)
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
        what = cls.__name__.lower()
        raise StoreError(_("corrupt store file {rel}: {what} {id} cannot be read "
                           "({why})").format(rel=rel, what=what, id=repr(doc.get("id", "?")),
                                             why=exc)) from None


def _day_of(doc: dict[str, Any]) -> str:
    try:
        return partition_of(doc["reported_at"])
    except (KeyError, TypeError, ValueError):
        return f"{INCIDENTS_DIR}/"


def busy(lock_file: Path, seconds: float) -> str:
    return _("the store is busy: no lock within {seconds} s ({file})").format(
        seconds=f"{seconds:g}", file=lock_file)


def _os_message(root: Path, exc: OSError) -> str:
    """The real cause, in words (a full disk, a folder without permission)."""
    cause = exc.strerror or str(exc)
    where = exc.filename or root
    if exc.errno == errno.ENOSPC:
        return f"the store was not changed: no space left on the disk of {root}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to use the store {root} ({cause}: {where})"
    return f"cannot use the store {root}: {cause} ({where})"
