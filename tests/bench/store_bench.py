"""Store benchmark: the desk's everyday operations on ten years of history.

    python tests/bench/store_bench.py [--n 100000] [--naive-n 10000] [--samples 200]

Seeds a store with N realistic incidents (seed.py, through the store's bulk path), then
times through the normal API, with fsync on, in this process:
    save    a new incident (new id + save, as the desk does)
    step    a checklist step saved on an open incident
    lookup  a guest's incidents by name
    board   the list of open incidents
and the same four on plain TinyDB (one JSONStorage file, the way TinyDB ships) with a
smaller N, since each of its writes rewrites the whole file. Prints a table, then one
summary line.
"""

from __future__ import annotations

import argparse
import random
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

from seed import make_incident, seed_store

from kiosk.core.models import StepRecord, to_dict
from kiosk.core.policy_load import load_policy
from kiosk.store import TinyStore

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


def bench_store(root: Path, n: int, samples: int, rng: random.Random) -> list[Timing]:
    policy = load_policy(POLICIES)
    start = time.perf_counter()
    info = seed_store(root, n, policy, rng)
    print(f"seeded {n} incidents in {time.perf_counter() - start:.1f} s "
          f"({sum(f.stat().st_size for f in root.rglob('*.json')) / 1e6:.0f} MB)", flush=True)
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
    board_t = measure("list open incidents", n, samples, lambda _: store.open_incidents())
    lookup_t = measure("guest look-up by name", n, samples,
                       lambda k: store.guest_incidents(names[k]))

    def step(k: int) -> None:
        store.update_incident(
            open_ids[k % len(open_ids)],
            lambda i: i.steps.append(StepRecord("listen", agent, datetime.now(UTC), "note")),
            actor=agent, action="incident.step")

    step_t = measure("save checklist step", n, samples, step)
    save_t = measure("save new incident", n, samples, save)
    start = time.perf_counter()
    problems = store.verify()
    print(f"store verify: {len(problems)} problems, {time.perf_counter() - start:.1f} s "
          f"(reads every file; the desk keeps working meanwhile)", flush=True)
    if problems:
        raise SystemExit(f"store not clean after the benchmark: {problems[:3]}")
    return [save_t, step_t, lookup_t, board_t]


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
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        ours = bench_store(Path(tmp) / "store", args.n, args.samples, rng)
        naive = bench_naive(Path(tmp), args.naive_n, args.naive_samples, rng)
    print(f"\n{'store':<14}{'operation':<24}{'n':>9}{'runs':>6}{'p50 ms':>10}{'p95 ms':>10}")
    for label, rows in (("kiosk store", ours), ("plain TinyDB", naive)):
        for t in rows:
            print(f"{label:<14}{t.name:<24}{t.n:>9}{len(t.samples):>6}"
                  f"{t.pct(50):>10.2f}{t.pct(95):>10.2f}")
    print(f"\nplain TinyDB measured at n={args.naive_n} (one JSON file; at n={args.n} one "
          f"write would take seconds). mean save there: "
          f"{statistics.mean(naive[0].samples):.0f} ms")
    save_t, step_t, lookup_t, board_t = ours
    print(f"store_bench n={args.n} save_p95_ms={save_t.pct(95):.1f} "
          f"step_p95_ms={step_t.pct(95):.1f} lookup_p95_ms={lookup_t.pct(95):.1f} "
          f"board_p95_ms={board_t.pct(95):.1f} naive_save_p95_ms={naive[0].pct(95):.1f}")


if __name__ == "__main__":
    main()
