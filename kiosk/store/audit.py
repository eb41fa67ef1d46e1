"""The audit trail: append-only, each entry holding the hash of the one before it, so
that editing, deleting or reordering an earlier entry breaks the chain."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError
from kiosk.core.models import to_dict
from kiosk.store.files import Transaction
from kiosk.store.layout import AUDIT_DIR, AUDIT_HEAD, audit_segment
from kiosk.store.tables import table

GENESIS = "0" * 64
HEAD_TABLE = "audit_head"


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_head(txn: Transaction) -> dict[str, Any]:
    return table(txn, AUDIT_HEAD, HEAD_TABLE).get_doc("chain") or {"seq": 0, "hash": GENESIS}


def append(txn: Transaction, at: str, terminal: str, actor: str, action: str,
           subject: str, detail: dict[str, Any] | None) -> dict[str, Any]:
    head = read_head(txn)
    try:
        # Through JSON and back, so what is hashed is exactly what is stored.
        plain = json.loads(json.dumps(to_dict(detail or {}), ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise StoreError(f"audit detail cannot be stored: {exc}") from None
    entry: dict[str, Any] = {
        "seq": head["seq"] + 1, "at": at, "terminal": terminal, "actor": actor,
        "action": action, "subject": subject, "detail": plain, "prev": head["hash"],
    }
    entry["hash"] = entry_hash(entry)
    table(txn, audit_segment(entry["seq"]), "audit").add(str(entry["seq"]), entry)
    table(txn, AUDIT_HEAD, HEAD_TABLE).put("chain", {"seq": entry["seq"], "hash": entry["hash"]})
    return entry


def segment_files(root: Path) -> list[str]:
    folder = root / AUDIT_DIR
    if not folder.is_dir():
        return []
    return sorted(f"{AUDIT_DIR}/{p.name}" for p in folder.glob("[0-9]*.json"))


def iter_segment(data: Any) -> Iterator[tuple[str, Any]]:
    """(document id, entry) pairs in file order."""
    rows = data.get("audit", {}) if isinstance(data, dict) else {}
    yield from rows.items() if isinstance(rows, dict) else ()


def check_chain(segments: list[tuple[str, Any]], head: dict[str, Any] | None) -> list[str]:
    """Problems with the chain; ``segments`` are (file, parsed data) in name order."""
    problems: list[str] = []
    expected_seq, prev = 1, GENESIS
    for rel, data in segments:
        for doc_id, entry in iter_segment(data):
            where = f"audit entry {doc_id} in {rel}"
            if not isinstance(entry, dict) or not isinstance(entry.get("seq"), int):
                problems.append(f"{where}: not an audit entry")
                return problems
            seq = entry["seq"]
            if doc_id != str(seq) or audit_segment(seq) != rel:
                problems.append(f"{where}: filed under the wrong number (it says {seq})")
            if seq != expected_seq:
                what = "missing" if seq > expected_seq else "out of order"
                problems.append(f"{where}: entry {expected_seq} expected, "
                                f"found {seq} (entries {what})")
                return problems
            if entry.get("prev") != prev:
                problems.append(f"{where}: does not follow the entry before it "
                                f"(chain broken: deleted, reordered or edited)")
                return problems
            if entry.get("hash") != entry_hash(entry):
                problems.append(f"{where}: contents changed since it was written")
                return problems
            prev, expected_seq = entry["hash"], seq + 1
    last = expected_seq - 1
    if head is None:
        if last:
            problems.append(f"the head of the audit chain ({AUDIT_HEAD}) is missing")
    elif head.get("seq") != last or head.get("hash") != (prev if last else GENESIS):
        problems.append(f"audit trail ends at entry {last}, but its head ({AUDIT_HEAD}) "
                        f"records entry {head.get('seq')} (entries deleted or added)")
    return problems
