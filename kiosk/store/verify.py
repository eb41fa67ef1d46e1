"""`kiosk store verify`: read every file and say what is wrong, one line per problem.

Checks that every file parses, ids and references are unique, the indexes agree with
the incidents, every staff member an incident names exists, the audit chain holds,
every stored record is the one the chain last recorded for it (content hashes), the
chain still holds what this terminal last saw of it, and the files are the owner's
only. Reads a snapshot (hard links) plus the log's operations, both taken under the
lock, so it sees one consistent moment without keeping the desk waiting.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError
from kiosk.core.i18n import N_, _, lookup, ngettext
from kiosk.core.models import Draft, Incident, Staff, from_dict
from kiosk.store import apart, audit, indexes, seen
from kiosk.store.api import VerifyReport
from kiosk.store.audit import record_words
from kiosk.store.layout import (
    ACTIVE_INDEX,
    AUDIT_DIR,
    AUDIT_HEAD,
    BACKUP_PARTIAL,
    BULK_MARKER,
    DRAFTS_FILE,
    INCIDENTS_DIR,
    INDEX_DIR,
    QUEUES_FILE,
    RECORDS_DIR,
    SNAPSHOTS_DIR,
    STAFF_FILE,
    key_shard,
    norm_ref,
    partition_of,
)
from kiosk.store.tables import (
    AUDIT,
    DRAFTS,
    INCIDENTS,
    STAFF,
    apply,
    content_hash,
    load,
    quick_hash,
    record_name,
)
from kiosk.store.verified import Proof

# From this many day files a verify shares them out between worker processes.
APART_FROM = 200
MAX_PER_KIND = 20  # a broken index would otherwise print a line per incident
# The kinds of problem, counted (and named when there are more than MAX_PER_KIND).
CORRUPT = N_("corrupt file")
BAD_RECORD = N_("unreadable or misfiled record")
INDEX = N_("index")
SHIFT_INDEX = N_("shift totals index")
RECORD = N_("record changed outside the kiosk")
UNREADABLE = (TypeError, ValueError, KeyError, AttributeError, ArithmeticError)
Overlay = dict[str, dict[str, dict[str, Any]]]


class _Problems(list[str]):
    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def add(self, kind: str, message: str) -> None:
        """``kind`` is marked with ``N_`` (a problem's kind, counted); ``message`` is
        already in the staff's words."""
        self.counts[kind] += 1
        if self.counts[kind] <= MAX_PER_KIND:
            self.append(message)

    def finish(self) -> list[str]:
        for kind, n in self.counts.items():
            if n > MAX_PER_KIND:
                self.append(_("… and {n} more problems of the kind: {kind}").format(
                    n=n - MAX_PER_KIND, kind=lookup(kind)))
        return list(self)


class _Files:
    """The store's files as of the snapshot, with the log's operations applied."""

    def __init__(self, root: Path, overlay: Overlay, problems: _Problems, proof: Proof):
        self.root = root
        self.overlay = overlay
        self.problems = problems
        self.proof = proof
        self._raw: dict[str, bytes] = {}

    def load(self, rel: str) -> dict[str, dict[str, Any]]:
        """A file's tables; a problem (and {}) if it is not a TinyDB database."""
        path = self.root / rel
        data: dict[str, dict[str, Any]] = {}
        try:
            raw = self._raw.pop(rel, None)
            data = load(path.read_bytes() if raw is None else raw, rel)
        except FileNotFoundError:
            pass
        except StoreError as exc:
            self.problems.add(CORRUPT, str(exc))
        except OSError as exc:
            self.problems.add(CORRUPT, _("cannot read {file}: {why}").format(
                file=rel, why=exc.strerror or exc))
        for name, ops in self.overlay.get(rel, {}).items():
            data[name] = dict(data.get(name, {}))
            apply(data[name], ops)
        return data

    def cached(self, rel: str) -> tuple[bytes | None, Any]:
        """The hash of the file's bytes, and what the last clean verify found in these
        very bytes (None when the file is new, changed, or changed by the log: then
        ``load`` it and check it whole)."""
        if rel in self.overlay:
            return None, None
        try:
            raw = (self.root / rel).read_bytes()
        except OSError:
            return None, None  # load names the problem
        digest = hashlib.sha256(raw).digest()
        facts = self.proof.facts(rel, digest)
        if facts is None:
            self._raw[rel] = raw  # read once
        return digest, facts

    def named(self, folder: str, pattern: str) -> list[str]:
        """Files in ``folder`` matching ``pattern``, on disk or so far only in the log."""
        base = self.root / folder
        on_disk = {p.relative_to(self.root).as_posix() for p in base.glob(pattern)} \
            if base.is_dir() else set()
        logged = {rel for rel in self.overlay
                  if rel.startswith(f"{folder}/") and Path(rel[len(folder) + 1:]).match(pattern)}
        return sorted(on_disk | logged)


def verify_store(root: Path, overlay: Overlay, key: bytes | None = None,
                 store: Path | None = None) -> VerifyReport:
    """Check the snapshot at ``root`` (with the log's ``overlay``) of the store that
    lives at ``store``."""
    problems = _Problems()
    warnings: list[str] = []
    store = store or root
    proof = Proof(store, key)
    files = _Files(root, overlay, problems, proof)
    if (root / BACKUP_PARTIAL).exists():
        problems.add(N_("backup"), _("this is an incomplete backup: copying stopped before "
                                     "it finished; take the backup again"))
    if (root / BULK_MARKER).exists():
        problems.add(N_("bulk load"), _("a bulk load was interrupted: the store is "
                                        "incomplete; restore the backup or load again into "
                                        "an empty folder"))
    day_files = files.named(INCIDENTS_DIR, "*/*.json")
    with _read_apart(files, day_files) as read_apart:
        chain, entries = _check_audit(files, problems, key)
        stored: dict[str, str] = {}
        staff = _check_records(files, STAFF_FILE, STAFF, Staff, problems, stored)
        _check_records(files, DRAFTS_FILE, DRAFTS, Draft, problems, stored)
        for queue, rows in files.load(QUEUES_FILE).items():
            for key_, doc in rows.items():
                stored[f"queue {queue}/{key_}"] = content_hash(doc)
        for rel in files.named(RECORDS_DIR, "*.json"):
            kind = rel[len(RECORDS_DIR) + 1:-len(".json")]
            for key_, doc in files.load(rel).get(kind, {}).items():
                stored[f"record {kind}/{key_}"] = content_hash(doc)
        shards = _Shards(files)
        docs, changed = _check_incidents(files, problems, stored, chain, day_files,
                                         read_apart())
    _check_staff_refs(docs, set(staff), problems)
    _check_keys(files, docs, problems, changed, shards)
    _check_active(files, docs, problems)
    _check_contents(stored, chain, problems, warnings)
    for problem in seen.compare(store, chain.hashes, chain.last):
        problems.add(N_("what this terminal saw"), problem)
    if key is None and chain.keyed:
        warnings.append(ngettext(
            "{n} audit entry is keyed, but this terminal has no key file "
            "(KIOSK_STORE_KEY_FILE): its hash was not checked",
            "{n} audit entries are keyed, but this terminal has no key file "
            "(KIOSK_STORE_KEY_FILE): their hashes were not checked",
            chain.keyed).format(n=chain.keyed))
    warnings += _check_modes(store)
    last = chain.hashes.get(chain.last)
    if not problems.counts:
        proof.save()
    return VerifyReport(problems.finish(), len(docs), entries, len(staff),
                        sum(problems.counts.values()), warnings,
                        (chain.last, last) if last else None)


def _check_records(files: _Files, rel: str, name: str, cls: type, problems: _Problems,
                   stored: dict[str, str]) -> dict[str, Any]:
    rows = files.load(rel).get(name, {})
    for doc_id, doc in rows.items():
        try:
            record: Any = from_dict(cls, doc)
        except UNREADABLE as exc:
            problems.add(BAD_RECORD, _("{file}: {record} cannot be read: {why}").format(
                file=rel, record=record_words(f"{name} {doc_id}"), why=exc))
            continue
        if record.id != doc_id:
            problems.add(BAD_RECORD, _("{file}: {record} is filed under the wrong id").format(
                file=rel, record=record_words(f"{name} {doc_id}")))
        stored[str(record_name(rel, name, doc_id))] = content_hash(doc)
    return rows


# What verify needs of one incident, drawn once from its document: (key it is filed
# under, its id, its reference as stored and normalised, the day file it belongs in, its
# content hash, index keys as [shard, kind, key, value], staff it names, its entry in
# the active index, its compensation lines for the shift totals).
Fact = tuple[str, str, str, str, str, str, list[list[str]], list[str],
             dict[str, Any] | None, list[list[str]]]
Latest = dict[str, tuple[int, str | None]]  # the chain's last word on each record


def _day_facts(files: _Files, rel: str, problems: _Problems, latest: Latest | None,
               stored: dict[str, str]) -> tuple[list[Fact], bool]:
    """Read one day file whole; its facts, and whether it held no problem. Without the
    chain's ``latest`` (in a worker), each content hash is the quick one, and the
    facts are trusted only once the caller finds every hash is the one recorded."""
    before = sum(problems.counts.values())
    facts: list[Fact] = []
    for doc_id, doc in files.load(rel).get(INCIDENTS, {}).items():
        recorded: str | None
        if latest is None:
            recorded = digest = quick_hash(doc)
        else:
            recorded = latest.get(f"incident {doc_id}", (0, None))[1]
            digest = content_hash(doc, recorded)
        try:
            # What the chain recorded byte for byte was written by the kiosk, whole:
            # only anything else needs reading as an incident to be trusted.
            if recorded != digest:
                from_dict(Incident, doc)
            part = partition_of(doc["reported_at"])
            keys = [[key_shard(kind, key), kind, key, value]
                    for (kind, key), value in indexes.key_entries(doc, part).items()]
            facts.append((doc_id, doc["id"], doc["ref"], norm_ref(doc["ref"]), part, digest,
                          keys, sorted(indexes.staff_refs(doc)),
                          indexes.active_entry(doc, part),
                          [list(line) for line in indexes.shift_lines(doc)]))
        except UNREADABLE as exc:
            stored[f"incident {doc_id}"] = digest
            problems.add(BAD_RECORD, _("{file}: {record} cannot be read: {why}").format(
                file=rel, record=record_words(f"incident {doc_id}"), why=exc))
    return facts, sum(problems.counts.values()) == before


def _day_file(files: _Files, rel: str, problems: _Problems, latest: Latest | None,
              stored: dict[str, str]) -> tuple[bytes | None, list[Fact], bool]:
    """One day file's facts: as the last clean verify found them in these very bytes,
    or read whole (the third value True). The hash of its bytes, None unless clean."""
    digest, facts = files.cached(rel)
    if facts is not None and latest is not None and not _as_recorded(latest, facts):
        facts = None  # the chain no longer ends in these documents: read them again
    if facts is not None:
        return digest, facts, False
    facts, clean = _day_facts(files, rel, problems, latest, stored)
    return digest if clean else None, facts, True


def _as_recorded(latest: Latest, facts: list[Fact]) -> bool:
    """Whether the chain last recorded each of these incidents as the facts hash it."""
    return all(latest.get(f"incident {fact[0]}", (0, None))[1] == fact[5] for fact in facts)


Apart = dict[str, tuple[bytes, list[Fact] | None, bool]]


@contextlib.contextmanager
def _read_apart(files: _Files, day_files: list[str]) -> Iterator[Callable[[], Apart]]:
    """Day files worked through in worker processes, one per core, while this one
    walks the audit trail, when there are enough to be worth it (a first verify reads
    100,000 incidents). What the function given waits for: each clean file's hash,
    its facts (None: those the proof holds for that hash) and whether it was read
    whole. A file with a problem, or a worker's share that failed, is left for the
    caller to work through itself, so every problem is told in its place."""
    ways = apart.cores()
    if not ways or len(day_files) < APART_FROM:
        yield dict
        return

    def work(share: list[str]) -> Apart:
        found: Apart = {}
        for rel in share:
            files.problems = noted = _Problems()  # this worker's copy: what reading finds
            digest, facts, read = _day_file(files, rel, noted, None, {})
            if digest is not None and not noted.counts:
                found[rel] = (digest, facts if read else None, read)
        return found

    def collect() -> Apart:
        done: Apart = {}
        for result in results():
            done.update(result or {})
        return done

    with apart.working([day_files[n::ways] for n in range(ways)], work) as results:
        yield collect


def _shards(facts: list[Fact] | None) -> set[str]:
    return {entry[0] for fact in facts or () for entry in fact[6]}


def _moved_keys(earlier: list[Fact] | None, now: list[Fact]) -> set[str]:
    """Shards whose expected entries differ between two readings of one day file."""
    def keys(facts: list[Fact] | None) -> set[tuple[str, ...]]:
        return {(fact[0], *entry) for fact in facts or () for entry in fact[6]}
    return {entry[1] for entry in keys(earlier) ^ keys(now)}


def _check_incidents(files: _Files, problems: _Problems, stored: dict[str, str],
                     chain: audit.Chain, day_files: list[str], done: Apart
                     ) -> tuple[dict[str, Fact], set[str] | None]:
    """Every incident's facts by id, and the index shards whose expected entries may
    differ from the last clean verify's (None: all of them)."""
    docs: dict[str, Fact] = {}
    refs: dict[str, str] = {}
    changed: set[str] | None = set() if files.proof.old else None
    for rel in day_files:
        digest, apart_facts, read = done.pop(rel, (None, None, False))
        facts = apart_facts if read else files.proof.facts(rel, digest) if digest else None
        if facts is not None and not _as_recorded(chain.latest, facts):
            facts = None  # read alone, the hashes checked, from_dict where they differ
        if facts is None:
            digest, facts, read = _day_file(files, rel, problems, chain.latest, stored)
        if read and changed is not None:
            changed |= _moved_keys(files.proof.earlier(rel), facts)
        if digest is not None:
            files.proof.keep(rel, digest, facts)
        for fact in facts:
            doc_id, incident_id, ref, norm, part, content = fact[:6]
            record = record_words(f"incident {doc_id}")
            stored[f"incident {doc_id}"] = content
            if incident_id != doc_id:
                problems.add(BAD_RECORD, _("{file}: {record} is filed under the wrong id")
                             .format(file=rel, record=record))
            if part != rel:
                problems.add(BAD_RECORD, _("{file}: {record} belongs in {other}").format(
                    file=rel, record=record, other=part))
            if doc_id in docs:
                problems.add(N_("id used twice"), _("{file}: {record}: id used twice").format(
                    file=rel, record=record))
            if norm in refs and refs[norm] != doc_id:
                problems.add(N_("reference used twice"),
                             _("{file}: {record}: reference {ref} also used by {other}")
                             .format(file=rel, record=record, ref=ref, other=refs[norm]))
            refs[norm] = doc_id
            docs[doc_id] = fact
    if changed is not None:
        gone = {rel for rel in files.proof.old
                if rel.startswith(f"{INCIDENTS_DIR}/")} - set(day_files)
        for rel in gone:
            changed |= _shards(files.proof.earlier(rel))
    return docs, changed


def _check_staff_refs(docs: dict[str, Fact], staff: set[str], problems: _Problems) -> None:
    for doc_id, fact in docs.items():
        for missing in sorted(set(fact[7]) - staff):
            problems.add(N_("unknown staff"), _("{record} names unknown staff {id}").format(
                record=record_words(f"incident {doc_id}"), id=missing))


class _Noted(_Problems):
    """Problems kept whole, to be told later in their place."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[tuple[str, str]] = []

    def add(self, kind: str, message: str) -> None:
        self.kept.append((kind, message))


class _Shards:
    """The key index shards on disk, read while the workers read the day files: those
    that must be read whatever the incidents hold (new or changed since the last clean
    verify) read at once, the rest (``later``) only if their incidents' keys moved."""

    def __init__(self, files: _Files):
        self.on_disk = files.named(INDEX_DIR, "k*.json")
        self.actual: dict[tuple[str, str], dict[str, str]] = {}
        self.read: list[tuple[str, bytes | None]] = []
        self.later: list[tuple[str, bytes]] = []
        self.noted = _Noted()  # told when the indexes are checked, where they belong
        told, files.problems = files.problems, self.noted
        try:
            for rel in self.on_disk:
                digest, agreed = files.cached(rel)
                if agreed is not None and digest is not None:
                    self.later.append((rel, digest))
                else:
                    self.take(files, rel)
                    self.read.append((rel, digest))
        finally:
            files.problems = told

    def take(self, files: _Files, rel: str) -> None:
        for kind, rows in files.load(rel).items():
            for key, doc in rows.items():
                self.actual[(kind, key)] = doc


def _check_keys(files: _Files, docs: dict[str, Fact], problems: _Problems,
                changed: set[str] | None, shards: _Shards) -> None:
    """The key indexes hold exactly the incidents' keys. A shard whose bytes and whose
    incidents' keys are as they were at the last clean verify held them then."""
    for kind, message in shards.noted.kept:
        problems.add(kind, message)
    actual, on_disk = shards.actual, shards.on_disk
    checked = {rel for rel, _digest in shards.read}
    for rel, digest in shards.read:
        if digest is not None:
            files.proof.keep(rel, digest, True)
    for rel, digest in shards.later:
        if changed is None or rel in changed:
            checked.add(rel)
            shards.take(files, rel)
        files.proof.keep(rel, digest, True)
    if changed is not None:
        checked |= changed - set(on_disk)  # shards whose file is gone
        checked |= {rel for rel in files.proof.old if rel.startswith(f"{INDEX_DIR}/k")} \
            - set(on_disk)
    expected: dict[tuple[str, str], dict[str, str]] = {}
    for doc_id, fact in docs.items():
        for shard, kind, key, value in fact[6]:
            if changed is None or shard in checked:
                expected.setdefault((kind, key), {})[doc_id] = value
    differ = [kk for kk, want in expected.items() if actual.get(kk) != want]
    differ += [kk for kk in actual.keys() - expected.keys() if actual[kk]]
    for kk in sorted(differ):  # only what differs is worth sorting, for the message order
        want, have = expected.get(kk, {}), actual.get(kk, {})
        kind, key = kk
        for incident_id in sorted(want.keys() | have.keys()):
            if incident_id not in have:
                problems.add(INDEX, _("index {kind} '{key}' lacks incident {id}").format(
                    kind=kind, key=key, id=incident_id))
            elif incident_id not in want:
                problems.add(INDEX, _("index {kind} '{key}' names incident {id}, which is "
                                      "not there").format(kind=kind, key=key, id=incident_id))
            elif want[incident_id] != have[incident_id]:
                problems.add(INDEX, _("index {kind} '{key}' is out of date for incident {id}")
                             .format(kind=kind, key=key, id=incident_id))


def _check_active(files: _Files, docs: dict[str, Fact], problems: _Problems) -> None:
    data = files.load(ACTIVE_INDEX)
    have = data.get("active", {})
    want = {i: fact[8] for i, fact in docs.items() if fact[8] is not None}
    for incident_id in sorted(want.keys() | have.keys()):
        if want.get(incident_id) != have.get(incident_id):
            problems.add(N_("active index"), _("active index is wrong for incident {id}")
                         .format(id=incident_id))
    since_text = data.get("meta", {}).get("shifts", {}).get("complete_since")
    since = indexes.moment(since_text) if since_text else None
    want_lines: dict[str, dict[str, list[list[str]]]] = {}
    for incident_id, fact in docs.items():
        for staff_id, at, total in fact[9]:
            if since is None or indexes.moment(at) >= since:
                want_lines.setdefault(staff_id, {}).setdefault(incident_id, []).append(
                    [at, total])
    for staff_id, rows in data.get("shifts", {}).items():
        have_rows = {i: [ln for ln in lines if since is None or indexes.moment(ln[0]) >= since]
                     for i, lines in rows.items()}
        have_rows = {i: lines for i, lines in have_rows.items() if lines}
        if have_rows != want_lines.pop(staff_id, {}):
            problems.add(SHIFT_INDEX, _("shift totals index is wrong for staff {id}").format(
                id=staff_id))
    for staff_id in want_lines:
        problems.add(SHIFT_INDEX, _("shift totals index lacks staff {id}").format(id=staff_id))


def _check_audit(files: _Files, problems: _Problems, key: bytes | None
                 ) -> tuple[audit.Chain, int]:
    """Walk the chain; a segment whose bytes are as the last clean verify read them,
    reached from the same link, is taken from that walk."""
    chain = audit.Chain()
    entries = 0
    for rel in files.named(AUDIT_DIR, "[0-9]*.json"):
        digest, facts = files.cached(rel)
        if facts is not None and audit.resume_segment(chain, facts[0]):
            files.proof.keep(rel, digest, facts)  # type: ignore[arg-type]
            entries += facts[1]
            continue
        data = files.load(rel)
        count = len(data.get(AUDIT, {}))
        entries += count
        walked = audit.walk_segment(chain, rel, data, key)
        if walked is not None and digest is not None:
            files.proof.keep(rel, digest, (walked, count))
    head = files.load(AUDIT_HEAD).get(audit.HEAD_TABLE, {}).get("chain")
    audit.finish_chain(chain, head, key)
    for problem in chain.problems:
        problems.add(N_("audit trail"), problem)
    return chain, entries


def _check_contents(stored: dict[str, str], chain: audit.Chain, problems: _Problems,
                    warnings: list[str]) -> None:
    """Every record is what the chain last recorded for it, and nothing the chain
    recorded is gone."""
    unproven = 0
    for name in sorted(stored.keys() | chain.latest.keys()):
        have = stored.get(name)
        seq, want = chain.latest.get(name, (0, None))
        record = record_words(name)
        if have is None:
            if want is not None:
                problems.add(RECORD, _("{record} is missing: audit entry {seq} wrote it "
                                       "(deleted outside the kiosk)").format(
                    record=record, seq=seq))
        elif not seq:
            if chain.unhashed_writes:
                unproven += 1
            else:
                problems.add(RECORD, _("{record} is in no audit entry (added outside the "
                                       "kiosk)").format(record=record))
        elif want is None:
            problems.add(RECORD, _("{record} is back, though audit entry {seq} removed it")
                         .format(record=record, seq=seq))
        elif have != want:
            problems.add(RECORD, _("{record} is not what audit entry {seq} wrote (changed "
                                   "outside the kiosk)").format(record=record, seq=seq))
    if unproven:
        warnings.append(ngettext(
            "{n} record was last written before the audit trail held content hashes: its "
            "next change will cover it",
            "{n} records were last written before the audit trail held content hashes: "
            "their next change will cover them", unproven).format(n=unproven))


def _check_modes(store: Path) -> list[str]:
    """Files and folders other users can reach."""
    wide: list[str] = []
    for folder, dirs, names in os.walk(store):
        if folder == str(store):
            dirs[:] = [d for d in dirs if d != SNAPSHOTS_DIR]  # links to the files below
        for name in [*dirs, *names]:
            path = Path(folder) / name
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            if stat.S_IMODE(mode) & 0o077 and not stat.S_ISLNK(mode):
                wide.append(path.relative_to(store).as_posix())
    try:
        if stat.S_IMODE(store.stat().st_mode) & 0o077:
            wide.insert(0, store.name or ".")
    except OSError:
        pass
    if not wide:
        return []
    sample = ", ".join(wide[:3]) + ("…" if len(wide) > 3 else "")
    return [ngettext("{n} store file or folder can be read by other users ({names}): "
                     "{command}",
                     "{n} store files or folders can be read by other users ({names}): "
                     "{command}", len(wide)).format(
        n=len(wide), names=sample, command=f"`chmod -R go-rwx {store}`")]
