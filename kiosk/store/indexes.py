"""Small index files, updated in the same locked step as the incident they describe,
so everyday questions never read ten years of incidents.

Key indexes (``index/kNNN.json``, sharded by hash) map a key to
``{incident id: value}``:
    id    incident id     → day file, only for an incident not in the day its ULID
                            says (reported just after midnight, imported, moved)
    ref   desk reference  → day file
    guest normalised name → day file        room   room|year        → day file
    stay  stay key        → compensation total given in that incident
The active index (``index/active.json``) lists incidents not yet closed, and keeps each
staff member's recent compensation for shift totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from kiosk.core import guest_keys
from kiosk.core.errors import StoreError
from kiosk.core.i18n import _
from kiosk.store.files import Transaction
from kiosk.store.layout import (
    ACTIVE_INDEX,
    as_utc,
    id_partition,
    key_shard,
    norm_name,
    norm_ref,
    partition_of,
    room_year_key,
)
from kiosk.store.tables import table

KINDS = ("id", "ref", "guest", "room", "stay")
SHIFT_WINDOW = timedelta(days=14)  # compensation per staff kept this long in the index
PRUNE_EVERY = timedelta(hours=1)  # no need to sweep the window on every save


def moment(text: str) -> datetime:
    return as_utc(datetime.fromisoformat(text))

KeyEntries = dict[tuple[str, str], str]


def stay_key(doc: dict[str, Any]) -> str:
    guest = doc["guest"]
    return guest_keys.stay_key(guest["name"], guest["room"], guest["arrival"])


def comp_total(doc: dict[str, Any]) -> Decimal:
    return sum((Decimal(d["total"]) for d in doc.get("compensation") or []), Decimal(0))


def key_entries(doc: dict[str, Any], part: str | None = None) -> KeyEntries:
    """``part``: the incident's day file, when the caller has it already."""
    part = part or partition_of(doc["reported_at"])
    entries: KeyEntries = {}
    if id_partition(doc["id"]) != part:
        # Only incidents not in the day their id points to need an id entry.
        entries[("id", doc["id"])] = part
    return entries | {
        ("ref", norm_ref(doc["ref"])): part,
        ("guest", norm_name(doc["guest"]["name"])): part,
        ("room", room_year_key(doc["guest"]["room"], part)): part,
        ("stay", stay_key(doc)): str(comp_total(doc)),
    }


def lookup(txn: Transaction, kind: str, key: str) -> dict[str, str]:
    rel = key_shard(kind, key)
    found = dict(table(txn, rel, kind).get_doc(key) or {})
    if not all(isinstance(v, str) for v in found.values()):
        raise StoreError(_("corrupt store file {rel}: {kind} {key} is not a list of incidents; "
                           "run `kiosk store verify`").format(
            rel=rel, kind=kind, key=repr(key)))
    return found


_ACTIVE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "p": str, "status": str, "due": (str, type(None)), "done": bool}


def active_rows(txn: Transaction) -> Mapping[str, dict[str, Any]]:
    """The active index, each entry checked for the fields the board reads."""
    rows = table(txn, ACTIVE_INDEX, "active").raw()
    for incident_id, entry in rows.items():
        if not all(isinstance(entry.get(f), t) for f, t in _ACTIVE_FIELDS.items()):
            raise StoreError(_("corrupt store file {file}: the entry for incident {incident_id} "
                               "is damaged; run `kiosk store verify`").format(
                file=ACTIVE_INDEX, incident_id=incident_id))
    return rows


def update_keys(txn: Transaction, incident_id: str, old: KeyEntries, new: KeyEntries) -> None:
    """Move one incident's key entries from ``old`` to ``new``."""
    for kk, value in old.items():
        if new.get(kk) != value:
            _set(txn, kk, incident_id, None)
    for kk, value in new.items():
        if old.get(kk) != value:
            _set(txn, kk, incident_id, value)


def _set(txn: Transaction, kk: tuple[str, str], incident_id: str, value: str | None) -> None:
    kind, key = kk
    tbl = table(txn, key_shard(kind, key), kind)
    doc = dict(tbl.get_doc(key) or {})
    if value is None:
        doc.pop(incident_id, None)
    else:
        doc[incident_id] = value
    if doc:
        tbl.put(key, doc)
    else:
        tbl.remove(key)


def staff_refs(doc: dict[str, Any]) -> set[str]:
    """Every staff id an incident names."""
    refs = {doc.get("agent_id", "")}
    refs |= {s.get("staff_id", "") for s in doc.get("steps") or []}
    for decision in doc.get("compensation") or []:
        refs.add(decision.get("decided_by", ""))
        refs.add((decision.get("approval") or {}).get("approver_id", ""))
    refs |= {letter.get("created_by", "") for letter in doc.get("letters") or []}
    refs.add((doc.get("follow_up") or {}).get("by", ""))
    refs.add(doc.get("owner", ""))
    refs |= {note.get("staff_id", "") for note in doc.get("notes") or []}
    refs.discard("")
    return refs


# --- active index --------------------------------------------------------------------
def active_entry(doc: dict[str, Any], part: str | None = None) -> dict[str, Any] | None:
    if doc["status"] == "closed":
        return None
    follow = doc.get("follow_up") or {}
    return {
        "ref": doc["ref"], "p": part or partition_of(doc["reported_at"]),
        "status": doc["status"],
        "at": doc["reported_at"], "due": follow.get("due"),
        "done": bool(follow.get("done_at")),
    }


def shift_lines(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(staff id, decided at, total) for each compensation decision of an incident."""
    return [(d["decided_by"], d["decided_at"], d["total"])
            for d in doc.get("compensation") or []]


def update_active(txn: Transaction, incident_id: str, old: dict[str, Any] | None,
                  new: dict[str, Any], now: datetime) -> None:
    active = table(txn, ACTIVE_INDEX, "active")
    before = active_entry(old) if old else None
    after = active_entry(new)
    if after != before:
        if after is None:
            active.remove(incident_id)
        else:
            active.put(incident_id, after)
    old_lines = shift_lines(old) if old else []
    new_lines = shift_lines(new)
    if old_lines != new_lines:
        _update_shifts(txn, incident_id, old_lines, new_lines, now)


def shifts_complete_since(txn: Transaction) -> datetime | None:
    meta = table(txn, ACTIVE_INDEX, "meta").get_doc("shifts") or {}
    since = meta.get("complete_since")
    return moment(since) if since else None


def _update_shifts(txn: Transaction, incident_id: str, old: Iterable[tuple[str, str, str]],
                   new: Iterable[tuple[str, str, str]], now: datetime) -> None:
    shifts = table(txn, ACTIVE_INDEX, "shifts")
    staff_ids = {s for s, _, _ in old} | {s for s, _, _ in new}
    for staff_id in staff_ids:
        doc = dict(shifts.get_doc(staff_id) or {})
        lines = [[at, total] for s, at, total in new if s == staff_id]
        if lines:
            doc[incident_id] = lines
        else:
            doc.pop(incident_id, None)
        if doc:
            shifts.put(staff_id, doc)
        else:
            shifts.remove(staff_id)
    prune_shifts(txn, as_utc(now) - SHIFT_WINDOW)


def prune_shifts(txn: Transaction, cutoff: datetime) -> None:
    """Forget compensation older than the window; record from when the index is whole."""
    shifts = table(txn, ACTIVE_INDEX, "shifts")
    meta = table(txn, ACTIVE_INDEX, "meta")
    since = shifts_complete_since(txn)
    if since is not None and since >= cutoff - PRUNE_EVERY:
        return
    for staff_id, doc in list(shifts.raw().items()):
        kept = {}
        for incident_id, lines in doc.items():
            recent = [line for line in lines if moment(line[0]) >= cutoff]
            if recent:
                kept[incident_id] = recent
        if kept != doc:
            if kept:
                shifts.put(staff_id, kept)
            else:
                shifts.remove(staff_id)
    meta.put("shifts", {"complete_since": cutoff.isoformat()})


def shift_total_from_index(txn: Transaction, staff_id: str, since: datetime) -> Decimal:
    doc = table(txn, ACTIVE_INDEX, "shifts").get_doc(staff_id) or {}
    since = as_utc(since)
    return sum((Decimal(total) for lines in doc.values() for at, total in lines
                if moment(at) >= since), Decimal(0))
