"""Store benchmark: the desk's everyday operations on ten years of history.

    python tests/bench/store_bench.py [--n 100000] [--naive-n 10000] [--samples 200]
                                      [--seeded DIR]

Seeds a store with N realistic incidents (seed.py, through the store's bulk path), then
times through the normal API, with fsync on, in this process:
    save    a new incident (new id + save, as the desk does)
    step    a checklist step saved on an open incident
    lookup  a guest's incidents by name
    board   the list of open incidents
Beside it, in the same run, SQLite (WAL, synchronous=FULL) holding the same N incidents
does the same four: each save and step one transaction with its audit row, each read
turning rows back into incidents, as the store does. The two are timed in turn, a
sample of each at a time, so the machine's drift falls on both alike. Then the
checkpoint that brings the store's files up to date with its log (paid once per few
hundred saves), `store verify` twice (the first on a terminal that never verified this
store reads everything; the next, after another round of saves and a checkpoint, works
through what changed), and plain TinyDB (one JSONStorage file, the way TinyDB ships) at a smaller N,
since each of its writes rewrites the whole file. Prints a table, then one summary line
with each kiosk figure's ratio to SQLite's.

Seeding 100,000 incidents takes minutes: with --seeded DIR the seeded store is kept in
DIR (made there on the first run) and each run works on a fresh copy of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tinydb import Query, TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from seed import SeedInfo, make_incident, seed_store

from kiosk.core.models import Incident, StepRecord, from_dict, to_dict
from kiosk.core.policy_load import load_policy
from kiosk.store import TinyStore, open_store
from kiosk.store import files as store_files
from kiosk.store.layout import new_incident_id, norm_name
from kiosk.store.tinystore import REF_ALPHABET, REF_LENGTH

POLICIES = Path(__file__).resolve().parents[2] / "policies"


@dataclass
class Timing:
    name: str
    n: int
    samples: list[float]  # milliseconds

    def pct(self, p: int) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(name: str, n: int, count: int, op: Callable[[int], object]) -> Timing:
    samples = []
    for k in range(count):
        start = time.perf_counter()
        op(k)
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(name, n, samples)


def measure_pair(name: str, n: int, count: int, ours: Callable[[int], object],
                 peer: Callable[[int], object]) -> tuple[Timing, Timing]:
    """``ours`` and ``peer`` timed in turn, one sample each at a time (the one to go
    first alternating), so a shared machine's drift from second to second, its disk's
    above all, falls on both alike."""
    mine: list[float] = []
    theirs: list[float] = []
    for k in range(count):
        pair = ((ours, mine), (peer, theirs))
        for op, samples in pair if k % 2 == 0 else pair[::-1]:
            start = time.perf_counter()
            op(k)
            samples.append((time.perf_counter() - start) * 1000)
    return Timing(name, n, mine), Timing(name, n, theirs)


def seeded(root: Path, n: int, rng: random.Random, kept: Path | None) -> SeedInfo:
    """A store of ``n`` incidents at ``root``: seeded there, or copied from ``kept``
    (seeded into it first when it holds none)."""
    policy = load_policy(POLICIES)
    facts = kept / "seed-info.json" if kept is not None else None
    if kept is None or facts is None or not facts.exists() \
            or json.loads(facts.read_text())["n"] != n:
        target = root if kept is None else kept / "store"
        if kept is not None:
            shutil.rmtree(kept, ignore_errors=True)
            kept.mkdir(parents=True)
        start = time.perf_counter()
        info = seed_store(target, n, policy, rng)
        print(f"seeded {n} incidents in {time.perf_counter() - start:.1f} s "
              f"({sum(f.stat().st_size for f in target.rglob('*.json')) / 1e6:.0f} MB)",
              flush=True)
        if facts is None:
            return info
        info.store.settle()
        facts.write_text(json.dumps({"n": n, "staff": info.staff, "guests": info.guests,
                                     "end": info.end.isoformat()}, ensure_ascii=False))
    assert kept is not None and facts is not None
    start = time.perf_counter()
    shutil.copytree(kept / "store", root)
    print(f"copied the seeded store in {time.perf_counter() - start:.1f} s", flush=True)
    saved = json.loads(facts.read_text())
    # A kept store of an earlier format is upgraded here, as a terminal would.
    store = open_store(root, create=False, terminal="seed")
    assert isinstance(store, TinyStore)
    return SeedInfo(store=store, n=n, staff=saved["staff"],
                    guests=saved["guests"], end=datetime.fromisoformat(saved["end"]))


def bench_store(root: Path, n: int, samples: int, rng: random.Random, kept: Path | None
                ) -> tuple[list[Timing], list[Timing], list[str]]:
    policy = load_policy(POLICIES)
    info = seeded(root, n, rng, kept)
    peer = SqlitePeer(root.parent / "peer.sqlite")
    start = time.perf_counter()
    peer.load(info.store.iter_incidents())
    print(f"SQLite loaded with the same incidents in {time.perf_counter() - start:.1f} s",
          flush=True)
    # A fresh store object, as a terminal that has just started would have.
    store = TinyStore(root, terminal="bench")
    names = rng.sample(info.guests, samples)
    guests: list[tuple[str, str]] = []
    agent = info.staff[policy.roles[0].id][0]

    def save(_: int) -> None:
        incident_id, ref = store.new_incident_id()
        incident = make_incident(policy, rng, datetime.now(UTC), datetime.now(UTC), info.staff,
                                 guests, incident_id, ref)
        store.add_incident(incident, actor=incident.agent_id)

    # Reads first, on the store as the seed left it (the last half day still open):
    # the saves below add 200 open incidents in seconds, which no desk ever has.
    open_ids = [i.id for i in store.open_incidents()]  # also warms the process
    print(f"{len(open_ids)} incidents open at the desk", flush=True)
    board_t, peer_board = measure_pair("list open incidents", n, samples,
                                       lambda _: store.open_incidents(),
                                       lambda _: peer.open_incidents())
    lookup_t, peer_lookup = measure_pair("guest look-up by name", n, samples,
                                         lambda k: store.guest_incidents(names[k]),
                                         lambda k: peer.guest_incidents(names[k]))

    def step(k: int) -> None:
        store.update_incident(
            open_ids[k % len(open_ids)],
            lambda i: i.steps.append(StepRecord("listen", agent, datetime.now(UTC), "note")),
            actor=agent, action="incident.step")

    step_t, peer_step = measure_pair("save checklist step", n, samples, step, lambda k: peer.step(
        open_ids[k % len(open_ids)], StepRecord("listen", agent, datetime.now(UTC), "note")))
    save_t, peer_save = measure_pair("save new incident", n, samples, save,
                                     lambda _: peer.save(make_incident(
                                         policy, rng, datetime.now(UTC), datetime.now(UTC),
                                         info.staff, guests, *peer.new_id())))

    notes = []
    log_bytes = (root / "wal.log").stat().st_size
    start = time.perf_counter()
    store.settle()
    notes.append(f"checkpoint: {log_bytes / 1e6:.1f} MB of log ({2 * samples} saves) into the "
                 f"files in {(time.perf_counter() - start) * 1000:.0f} ms, under the lock; "
                 f"it comes once per {store_files.WAL_LIMIT / 1e6:.0f} MB of log")
    start, cpu = time.perf_counter(), time.process_time()
    problems = store.verify()
    first_s, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    notes.append(f"store verify, first on this terminal: {len(problems)} problems, "
                 f"{first_s:.1f} s ({first_cpu:.1f} s CPU; reads and checks every file; "
                 f"the desk keeps working)")
    print(notes[-1], flush=True)
    if problems:
        raise SystemExit(f"store not clean after the benchmark: {problems[:3]}")
    for k in range(samples):
        save(k)
        step(k)
    store.settle()
    start, cpu = time.perf_counter(), time.process_time()
    problems = store.verify()
    verify_s, verify_cpu = time.perf_counter() - start, time.process_time() - cpu
    notes.append(f"store verify, again after {2 * samples} more saves and a checkpoint: "
                 f"{len(problems)} problems, {verify_s:.1f} s ({verify_cpu:.1f} s CPU; reads "
                 f"every file, checks what changed since its last clean run)")
    print(notes[-1], flush=True)
    if problems:
        raise SystemExit(f"store not clean after the benchmark: {problems[:3]}")
    notes.append(f"verify_first_s={first_s:.1f} verify_first_cpu_s={first_cpu:.1f} "
                 f"verify_s={verify_s:.1f} verify_cpu_s={verify_cpu:.1f}")
    return ([save_t, step_t, lookup_t, board_t],
            [peer_save, peer_step, peer_lookup, peer_board], notes)


class SqlitePeer:
    """What a hotel's IT person would reach for instead: SQLite, WAL, full syncs."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript("""
            CREATE TABLE incidents (id TEXT PRIMARY KEY, ref TEXT UNIQUE, guest TEXT,
                                    status TEXT, reported_at TEXT, doc TEXT);
            CREATE INDEX by_guest ON incidents (guest);
            CREATE INDEX by_status ON incidents (status);
            CREATE TABLE audit (seq INTEGER PRIMARY KEY, entry TEXT);
        """)

    @staticmethod
    def _row(incident: Incident) -> tuple[str, ...]:
        doc = to_dict(incident)
        return (doc["id"], doc["ref"], norm_name(doc["guest"]["name"]), doc["status"],
                doc["reported_at"], json.dumps(doc, ensure_ascii=False))

    def load(self, incidents: object) -> None:
        self.db.execute("BEGIN")
        self.db.executemany("INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?)",
                            (self._row(i) for i in incidents))  # type: ignore[attr-defined]
        self.db.execute("COMMIT")

    def _audit(self, action: str, subject: str) -> None:
        self.db.execute("INSERT INTO audit (entry) VALUES (?)", (json.dumps(
            {"at": datetime.now(UTC).isoformat(), "action": action, "subject": subject}),))

    @staticmethod
    def new_id() -> tuple[str, str]:
        """A new id and reference, as the store makes them; the reference's UNIQUE
        constraint stands in for the store's look-up of it."""
        ref = "".join(REF_ALPHABET[b % 32] for b in secrets.token_bytes(REF_LENGTH))
        return new_incident_id(datetime.now(UTC)), ref

    def save(self, incident: Incident) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?)", self._row(incident))
        self._audit("incident.add", incident.id)
        self.db.execute("COMMIT")

    def step(self, incident_id: str, step: StepRecord) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        (doc,) = self.db.execute("SELECT doc FROM incidents WHERE id = ?",
                                 (incident_id,)).fetchone()
        incident = from_dict(Incident, json.loads(doc))
        incident.steps.append(step)
        self.db.execute("UPDATE incidents SET doc = ?, status = ? WHERE id = ?",
                        (json.dumps(to_dict(incident), ensure_ascii=False),
                         str(incident.status), incident_id))
        self._audit("incident.step", incident_id)
        self.db.execute("COMMIT")

    def _incidents(self, sql: str, *args: str) -> list[Incident]:
        return [from_dict(Incident, json.loads(doc))
                for (doc,) in self.db.execute(sql, args)]

    def guest_incidents(self, name: str) -> list[Incident]:
        return self._incidents("SELECT doc FROM incidents WHERE guest = ? "
                               "ORDER BY reported_at DESC", norm_name(name))

    def open_incidents(self) -> list[Incident]:
        return self._incidents("SELECT doc FROM incidents WHERE status = 'open' "
                               "ORDER BY reported_at")


def bench_naive(root: Path, n: int, samples: int, rng: random.Random) -> list[Timing]:
    """Plain TinyDB as shipped: one JSON file, rewritten on every write."""
    policy = load_policy(POLICIES)
    path = root / "naive.json"
    staff = {r.id: [f"{r.id[:2]}000"] for r in policy.roles}
    guests: list[tuple[str, str]] = []
    end = datetime.now(UTC)
    span = 10 * 365.25 * 86400
    docs = []
    for k in range(n):
        at = datetime.fromtimestamp(end.timestamp() - rng.uniform(0, span), UTC)
        docs.append(to_dict(make_incident(policy, rng, at, end, staff, guests,
                                          f"N{k:025d}", f"R{k:05d}")))
    db = TinyDB(path)
    db.table("incidents").insert_multiple(docs)
    incidents = db.table("incidents")
    names = rng.sample([g for g, _ in guests], samples)
    q = Query()

    def save(k: int) -> None:
        doc = to_dict(make_incident(policy, rng, datetime.now(UTC), datetime.now(UTC), staff,
                                    guests, f"M{k:025d}", f"S{k:05d}"))
        incidents.insert(doc)

    def step(k: int) -> None:
        target = f"M{k % samples:025d}"
        row = incidents.get(q.id == target)
        steps = [*row["steps"], to_dict(StepRecord("listen", "ag000", datetime.now(UTC)))]
        incidents.update({"steps": steps}, q.id == target)

    def search(cond: object) -> None:
        # Another terminal may have written since: its query cache cannot be trusted.
        incidents.clear_cache()
        incidents.search(cond)  # type: ignore[arg-type]

    return [measure("save new incident", n, samples, save),
            measure("save checklist step", n, samples, step),
            measure("guest look-up by name", n, samples,
                    lambda k: search(q.guest.name == names[k])),
            measure("list open incidents", n, samples, lambda _: search(q.status == "open"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--naive-n", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--naive-samples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--seeded", type=Path, default=None,
                        help="keep the seeded store in this folder and reuse it")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        # A terminal of its own: verify's first run must find nothing it did before.
        os.environ["KIOSK_STATE_DIR"] = str(Path(tmp) / "state")
        ours, peer, notes = bench_store(Path(tmp) / "store", args.n, args.samples, rng,
                                        args.seeded)
        naive = bench_naive(Path(tmp), args.naive_n, args.naive_samples, rng)
    print(f"\n{'store':<14}{'operation':<24}{'n':>9}{'runs':>6}{'p50 ms':>10}{'p95 ms':>10}"
          f"{'p95 / SQLite':>14}")
    for label, rows in (("kiosk store", ours), ("SQLite WAL", peer), ("plain TinyDB", naive)):
        for t, p in zip(rows, peer, strict=True):
            ratio = f"{t.pct(95) / p.pct(95):>13.2f}×" if t.n == p.n else ""
            print(f"{label:<14}{t.name:<24}{t.n:>9}{len(t.samples):>6}"
                  f"{t.pct(50):>10.2f}{t.pct(95):>10.2f}{ratio}")
    print()
    for note in notes[:-1]:
        print(note)
    print(f"plain TinyDB measured at n={args.naive_n} (one JSON file; at n={args.n} one "
          f"write would take seconds). mean save there: "
          f"{statistics.mean(naive[0].samples):.0f} ms\n")
    figures = " ".join(
        f"{key}_p95_ms={t.pct(95):.1f} sqlite_{key}_p95_ms={p.pct(95):.1f} "
        f"{key}_ratio={t.pct(95) / p.pct(95):.2f}"
        for key, t, p in zip(("save", "step", "lookup", "board"), ours, peer, strict=True))
    print(f"store_bench n={args.n} {figures} {notes[-1]} "
          f"naive_save_p95_ms={naive[0].pct(95):.1f}")


if __name__ == "__main__":
    main()
