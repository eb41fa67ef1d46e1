"""The audit trail: append-only, each entry holding the hash of the one before it, so
that editing, deleting or reordering an earlier entry breaks the chain.

Every entry also names the records its step wrote, each with the content hash of what
was written (``records``: {"incident 01J…": sha256, "staff ag1": …}; None for a record
removed), so verify can hold every stored record against the chain. With a key
configured (a file outside the store, readable by its owner only) entry hashes are
HMACs: nobody without the key can rewrite the chain and hash it again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError
from kiosk.core.i18n import N_, _, lookup
from kiosk.core.models import to_dict
from kiosk.store.files import Transaction
from kiosk.store.layout import AUDIT_DIR, AUDIT_HEAD, audit_segment
from kiosk.store.tables import AUDIT, canonical, quick_canonical, table

GENESIS = "0" * 64
HEAD_TABLE = "audit_head"
KEYED = "hmac-sha256"


# How the trail names each kind of record (``incident 01J…``, ``staff agent1``), as
# staff read it: the kind in their words, the id as stored.
_RECORD_KINDS = {"incident": N_("incident {id}"), "staff": N_("staff {id}"),
                 "draft": N_("draft {id}"), "queue": N_("queue {id}"),
                 "record": N_("record {id}")}


def record_words(name: str) -> str:
    """A record's name in the audit trail (``incident 01J…``), in the staff's words."""
    kind, _sep, key = name.partition(" ")
    said = _RECORD_KINDS.get(kind)
    return lookup(said).format(id=key) if said and key else name


def _seal(body: bytes, key: bytes | None) -> str:
    if key is not None:
        return hmac.new(key, body, hashlib.sha256).hexdigest()
    return hashlib.sha256(body).hexdigest()


def entry_hash(entry: dict[str, Any], key: bytes | None = None,
               expect: str | None = None) -> str:
    """The entry's hash (an HMAC with ``key``); with ``expect`` (the hash it carries)
    tried the fast way first: equal hashes mean the same canonical bytes."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    if expect is not None and (quick := quick_canonical(body)) is not None:
        digest = _seal(quick, key)
        if digest == expect:
            return digest
    return _seal(canonical(body), key)


def read_head(txn: Transaction) -> dict[str, Any]:
    return table(txn, AUDIT_HEAD, HEAD_TABLE).get_doc("chain") or {"seq": 0, "hash": GENESIS}


def new_entry(seq: int, prev: str, at: str, terminal: str, actor: str, action: str,
              subject: str, detail: dict[str, Any], records: dict[str, str | None],
              key: bytes | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "seq": seq, "at": at, "terminal": terminal, "actor": actor, "action": action,
        "subject": subject, "detail": detail, "records": records, "prev": prev,
    }
    if key is not None:
        entry["mac"] = KEYED
    entry["hash"] = entry_hash(entry, key)
    return entry


def append(txn: Transaction, at: str, terminal: str, actor: str, action: str,
           subject: str, detail: dict[str, Any] | None, key: bytes | None = None
           ) -> dict[str, Any]:
    head = read_head(txn)
    try:
        # Through JSON and back, so what is hashed is exactly what is stored.
        plain = json.loads(json.dumps(to_dict(detail or {}), ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise StoreError(_("audit detail cannot be stored: {why}").format(why=exc)) from None
    entry = new_entry(head["seq"] + 1, head["hash"], at, terminal, actor, action, subject,
                      plain, txn.take_records(), key)
    table(txn, audit_segment(entry["seq"]), AUDIT).add(str(entry["seq"]), entry)
    table(txn, AUDIT_HEAD, HEAD_TABLE).put("chain", {"seq": entry["seq"], "hash": entry["hash"]})
    return entry


def segment_files(root: Path, extra: set[str] | None = None) -> list[str]:
    """Audit files in order (``extra``: ones that so far exist only in the log)."""
    folder = root / AUDIT_DIR
    names = {f"{AUDIT_DIR}/{p.name}" for p in folder.glob("[0-9]*.json")} if folder.is_dir() \
        else set()
    return sorted(names | {rel for rel in extra or () if rel.startswith(f"{AUDIT_DIR}/")})


def iter_segment(data: Any) -> Iterator[tuple[str, Any]]:
    """(document id, entry) pairs in file order."""
    rows = data.get(AUDIT, {}) if isinstance(data, dict) else {}
    yield from rows.items() if isinstance(rows, dict) else ()


class Chain:
    """What walking the chain found: problems, the latest hash of every record it
    names, and whether older entries predate content hashes."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.latest: dict[str, tuple[int, str | None]] = {}
        self.unhashed_writes = False
        self.hashes: dict[int, str] = {}
        self.keyed = 0
        self.last = 0
        self.next_seq = 1  # where the walk stands
        self.prev = GENESIS
        self.broken = False


# A clean segment's part of the walk: (first seq, the hash it follows, whether entries
# before it were keyed, next seq after it, its last hash, keyed entries, unhashed
# writes, latest (seq, hash) of each record it names, each entry's hash).
SegmentFacts = tuple[int, str, bool, int, str, int, bool,
                     dict[str, tuple[int, str | None]], dict[int, str]]


def walk_segment(chain: Chain, rel: str, data: Any, key: bytes | None
                 ) -> SegmentFacts | None:
    """Walk one segment on from where ``chain`` stands; its facts when it holds."""
    if chain.broken:
        return None
    before = (chain.next_seq, chain.prev, bool(chain.keyed), chain.keyed,
              chain.unhashed_writes, len(chain.problems))
    seg_latest: dict[str, tuple[int, str | None]] = {}
    seg_hashes: dict[int, str] = {}
    unhashed = False
    problems = chain.problems
    expected_seq, prev = chain.next_seq, chain.prev
    try:
        for doc_id, entry in iter_segment(data):
            where = _("audit entry {entry} in {file}").format(entry=doc_id, file=rel)
            if not isinstance(entry, dict) or type(entry.get("seq")) is not int:
                problems.append(_("{where}: not an audit entry").format(where=where))
                chain.broken = True
                return None
            seq = entry["seq"]
            if doc_id != str(seq) or audit_segment(seq) != rel:
                problems.append(_("{where}: filed under the wrong number (it says {seq})")
                                .format(where=where, seq=seq))
            if seq != expected_seq:
                said = _("{where}: entry {expected} expected, found {seq} (entries missing)") \
                    if seq > expected_seq else \
                    _("{where}: entry {expected} expected, found {seq} (entries out of order)")
                problems.append(said.format(where=where, expected=expected_seq, seq=seq))
                chain.broken = True
                return None
            if entry.get("prev") != prev:
                problems.append(_("{where}: does not follow the entry before it (chain "
                                  "broken: deleted, reordered or edited)").format(where=where))
                chain.broken = True
                return None
            if not _sealed(entry, key, chain, where):
                chain.broken = True
                return None
            unhashed |= _take_records(entry, seg_latest, chain, where)
            prev, expected_seq = entry["hash"], seq + 1
            seg_hashes[seq] = prev
    finally:
        chain.latest.update(seg_latest)
        chain.hashes.update(seg_hashes)
        chain.unhashed_writes |= unhashed
        chain.next_seq, chain.prev = expected_seq, prev
    if len(problems) > before[5]:
        return None
    return (before[0], before[1], before[2], expected_seq, prev, chain.keyed - before[3],
            unhashed, seg_latest, seg_hashes)


def resume_segment(chain: Chain, facts: SegmentFacts) -> bool:
    """Take a segment's facts from the last clean walk, when the chain reaches it just
    as it did then (the segment's bytes being unchanged is the caller's check)."""
    first, prev, keyed_before, next_seq, last_hash, keyed, unhashed, latest, hashes = facts
    if chain.broken or (chain.next_seq, chain.prev, bool(chain.keyed)) != (
            first, prev, keyed_before):
        return False
    chain.keyed += keyed
    chain.unhashed_writes |= unhashed
    chain.latest.update(latest)
    chain.hashes.update(hashes)
    chain.next_seq, chain.prev = next_seq, last_hash
    return True


def finish_chain(chain: Chain, head: dict[str, Any] | None, key: bytes | None) -> None:
    """The checks of the chain's end, once every segment is walked."""
    if chain.broken:
        return  # said where it broke; what follows would only repeat it
    problems = chain.problems
    last = chain.last = chain.next_seq - 1
    if head is None:
        if last:
            problems.append(_("the head of the audit chain ({file}) is missing").format(
                file=AUDIT_HEAD))
    elif head.get("seq") != last or head.get("hash") != (chain.prev if last else GENESIS):
        problems.append(_("audit trail ends at entry {last}, but its head ({file}) records "
                          "entry {seq} (entries deleted or added)").format(
            last=last, file=AUDIT_HEAD, seq=head.get("seq")))
    if key is not None and last and not chain.keyed:
        problems.append(_("no audit entry is keyed, though this terminal has the store's "
                          "key (the trail was rewritten, or nothing was saved since the key "
                          "was set up)"))


def check_chain(segments: list[tuple[str, Any]], head: dict[str, Any] | None,
                key: bytes | None = None) -> Chain:
    """Walk the chain; ``segments`` are (file, parsed data) in name order."""
    chain = Chain()
    for rel, data in segments:
        walk_segment(chain, rel, data, key)
    finish_chain(chain, head, key)
    return chain


def _sealed(entry: dict[str, Any], key: bytes | None, chain: Chain, where: str) -> bool:
    keyed = entry.get("mac") == KEYED
    if keyed:
        chain.keyed += 1
        if key is None:
            return True  # cannot be checked here; verify says so once
        keyed_hash = str(entry.get("hash"))
        if not hmac.compare_digest(keyed_hash.encode(),
                                   entry_hash(entry, key, keyed_hash).encode()):
            chain.problems.append(_("{where}: contents changed since it was written (its "
                                    "keyed hash does not match)").format(where=where))
            return False
        return True
    if key is not None and chain.keyed:
        chain.problems.append(_("{where}: not keyed, though the entries before it are "
                                "(written without the key, or rewritten)").format(where=where))
        return False
    carried = entry.get("hash")
    if not isinstance(carried, str) or carried != entry_hash(entry, None, carried):
        chain.problems.append(_("{where}: contents changed since it was written").format(
            where=where))
        return False
    return True


def _take_records(entry: dict[str, Any], latest: dict[str, tuple[int, str | None]],
                  chain: Chain, where: str) -> bool:
    """Note the records an entry wrote; True when it predates content hashes."""
    records = entry.get("records")
    if records is None:
        return True  # written by the first release: no content hashes
    if not isinstance(records, dict):
        chain.problems.append(_("{where}: its records are not a table").format(where=where))
        return False
    for name, digest in records.items():
        latest[name] = (entry["seq"], digest)
    return False
