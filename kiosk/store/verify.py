"""`kiosk store verify`: read every file and say what is wrong, one line per problem.

Checks that every file parses, ids and references are unique, the indexes agree with
the incidents, every staff member an incident names exists, and the audit chain holds.
Run under the store lock so it sees one consistent moment.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError
from kiosk.core.models import Draft, Incident, Staff, from_dict
from kiosk.store import audit, indexes
from kiosk.store.files import parse
from kiosk.store.layout import (
    ACTIVE_INDEX,
    AUDIT_HEAD,
    BULK_MARKER,
    DRAFTS_FILE,
    INCIDENTS_DIR,
    INDEX_DIR,
    STAFF_FILE,
    norm_ref,
    partition_of,
)

MAX_PER_KIND = 20  # a broken index would otherwise print a line per incident


class _Problems(list[str]):
    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def add(self, kind: str, message: str) -> None:
        self.counts[kind] += 1
        if self.counts[kind] <= MAX_PER_KIND:
            self.append(message)

    def finish(self) -> list[str]:
        for kind, n in self.counts.items():
            if n > MAX_PER_KIND:
                self.append(f"… and {n - MAX_PER_KIND} more problems of the kind: {kind}")
        return list(self)


def _load(root: Path, rel: str, problems: _Problems) -> dict[str, dict[str, Any]]:
    """A TinyDB file as {table: {doc id: doc}}; a problem (and {}) if it is not one."""
    path = root / rel
    if not path.exists():
        return {}
    try:
        data = parse(path.read_bytes(), rel)
    except StoreError as exc:
        problems.add("corrupt file", str(exc))
        return {}
    if not isinstance(data, dict) or not all(
            isinstance(t, dict) and all(isinstance(d, dict) for d in t.values())
            for t in data.values()):
        problems.add("corrupt file", f"corrupt store file {rel}: not a TinyDB database")
        return {}
    return data


@dataclass(frozen=True)
class VerifyReport:
    problems: list[str]  # one line each; long runs of one kind are summed up
    incidents: int
    audit_entries: int
    staff: int
    total_problems: int = 0


def verify_store(root: Path) -> VerifyReport:
    problems = _Problems()
    if (root / BULK_MARKER).exists():
        problems.add("bulk", "a bulk load was interrupted: the store is incomplete; "
                             "restore the backup or load again into an empty folder")
    staff = _check_records(root, STAFF_FILE, "staff", Staff, problems)
    _check_records(root, DRAFTS_FILE, "drafts", Draft, problems)
    docs = _check_incidents(root, problems)
    _check_staff_refs(docs, set(staff), problems)
    _check_keys(root, docs, problems)
    _check_active(root, docs, problems)
    entries = _check_audit(root, problems)
    return VerifyReport(problems.finish(), len(docs), entries, len(staff),
                        sum(problems.counts.values()))


def _check_records(root: Path, rel: str, name: str, cls: type, problems: _Problems
                   ) -> dict[str, Any]:
    rows = _load(root, rel, problems).get(name, {})
    for doc_id, doc in rows.items():
        try:
            record: Any = from_dict(cls, doc)
        except (TypeError, ValueError, KeyError) as exc:
            problems.add(f"bad {name}", f"{rel}: {name} {doc_id} cannot be read: {exc}")
            continue
        if record.id != doc_id:
            problems.add(f"bad {name}", f"{rel}: {name} {doc_id} is filed under the wrong id")
    return rows


def _check_incidents(root: Path, problems: _Problems) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    refs: dict[str, str] = {}
    folder = root / INCIDENTS_DIR
    parts = sorted(folder.glob("*/*.json")) if folder.is_dir() else []
    for path in parts:
        rel = path.relative_to(root).as_posix()
        for doc_id, doc in _load(root, rel, problems).get("incidents", {}).items():
            where = f"{rel}: incident {doc_id}"
            try:
                incident = from_dict(Incident, doc)
                part = partition_of(incident.reported_at)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                problems.add("bad incident", f"{where} cannot be read: {exc}")
                continue
            if incident.id != doc_id:
                problems.add("bad incident", f"{where} is filed under the wrong id")
            if part != rel:
                problems.add("bad incident", f"{where} belongs in {part}")
            if doc_id in docs:
                problems.add("duplicate id", f"{where}: id used twice")
            ref = norm_ref(incident.ref)
            if ref in refs and refs[ref] != doc_id:
                problems.add("duplicate ref",
                             f"{where}: reference {incident.ref} also used by {refs[ref]}")
            refs[ref] = doc_id
            docs[doc_id] = doc
    return docs


def _check_staff_refs(docs: dict[str, dict[str, Any]], staff: set[str],
                      problems: _Problems) -> None:
    for doc_id, doc in docs.items():
        for missing in sorted(indexes.staff_refs(doc) - staff):
            problems.add("unknown staff", f"incident {doc_id} names unknown staff {missing}")


def _check_keys(root: Path, docs: dict[str, dict[str, Any]], problems: _Problems) -> None:
    expected: dict[tuple[str, str], dict[str, str]] = {}
    for doc_id, doc in docs.items():
        for kk, value in indexes.key_entries(doc).items():
            expected.setdefault(kk, {})[doc_id] = value
    actual: dict[tuple[str, str], dict[str, str]] = {}
    folder = root / INDEX_DIR
    for path in sorted(folder.glob("k*.json")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        for kind, rows in _load(root, rel, problems).items():
            for key, doc in rows.items():
                actual[(kind, key)] = doc
    for kk in sorted(expected.keys() | actual.keys()):
        want, have = expected.get(kk, {}), actual.get(kk, {})
        if want == have:
            continue
        kind, key = kk
        for incident_id in sorted(want.keys() | have.keys()):
            if incident_id not in have:
                problems.add("index", f"index {kind} '{key}' lacks incident {incident_id}")
            elif incident_id not in want:
                problems.add("index", f"index {kind} '{key}' names incident {incident_id}, "
                                      f"which is not there")
            elif want[incident_id] != have[incident_id]:
                problems.add("index", f"index {kind} '{key}' is out of date for incident "
                                      f"{incident_id}")


def _check_active(root: Path, docs: dict[str, dict[str, Any]], problems: _Problems) -> None:
    data = _load(root, ACTIVE_INDEX, problems)
    have = data.get("active", {})
    want = {i: e for i, d in docs.items() if (e := indexes.active_entry(d)) is not None}
    for incident_id in sorted(want.keys() | have.keys()):
        if want.get(incident_id) != have.get(incident_id):
            problems.add("active index", f"active index is wrong for incident {incident_id}")
    since_text = data.get("meta", {}).get("shifts", {}).get("complete_since")
    since = indexes.moment(since_text) if since_text else None
    want_lines: dict[str, dict[str, list[list[str]]]] = {}
    for incident_id, doc in docs.items():
        for staff_id, at, total in indexes.shift_lines(doc):
            if since is None or indexes.moment(at) >= since:
                want_lines.setdefault(staff_id, {}).setdefault(incident_id, []).append(
                    [at, total])
    for staff_id, rows in data.get("shifts", {}).items():
        have_rows = {i: [ln for ln in lines if since is None or indexes.moment(ln[0]) >= since]
                     for i, lines in rows.items()}
        have_rows = {i: lines for i, lines in have_rows.items() if lines}
        if have_rows != want_lines.pop(staff_id, {}):
            problems.add("shift index", f"shift totals index is wrong for staff {staff_id}")
    for staff_id in want_lines:
        problems.add("shift index", f"shift totals index lacks staff {staff_id}")


def _check_audit(root: Path, problems: _Problems) -> int:
    segments = [(rel, _load(root, rel, problems)) for rel in audit.segment_files(root)]
    head_file = _load(root, AUDIT_HEAD, problems)
    head = head_file.get(audit.HEAD_TABLE, {}).get("chain")
    for problem in audit.check_chain(segments, head):
        problems.add("audit", problem)
    return sum(len(data.get("audit", {})) for _, data in segments)

