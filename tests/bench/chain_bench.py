"""Chain benchmark: a group of properties synced into one PostgreSQL, and head office's
report over it.

    python tests/bench/chain_bench.py [--properties 20] [--n 50000] [--work DIR] [--keep]

Seeds one store with N realistic incidents over ten years (seed.py) and copies it for
each property (each under its own property id: the server keeps them apart; the copies
save an hour of seeding and change nothing the sync or the report does), in --work DIR,
reused when it already holds them. Starts a private PostgreSQL cluster on 127.0.0.1
(with fsync on, as a server would run), then times:

- the first sync of every property (incidents per second); with ``--synced K``, of the
  first K only, the others' rows then copied on the server from the first property's
  (the same rows under their own ids, as their stores are copies: twenty first syncs
  take hours on a busy machine, and the report reads the same server either way);
- the steady state: 100 new incidents at each property, then every property syncs;
- head office's report for the last year across all properties (target ≤ 2 s), beside
  its peer, one property's own report over its store for the same year;
- one property's report from the chain (target ≤ 0.5 s), beside the same peer.

With --keep, the properties' stores and the cluster stay in --work DIR after the run,
and the next run with --keep starts that cluster again and times only what follows the
first sync (whose figures it repeats from the run that measured them): an hour saved
while the report is worked on.

Prints a table, then one summary line.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import random

import psycopg
from seed import sample_incident, seed_store

from kiosk.chain.report import chain_report
from kiosk.chain.sync import sync
from kiosk.config import Settings
from kiosk.core.policy_load import load_policy
from kiosk.desk.context import Desk
from kiosk.desk.reports import period, run_report
from tests.integration.chain_setup import property_folder
from tests.pg_fixture import Cluster, free_port, start_cluster

ROOT = Path(__file__).resolve().parents[2]
CHAIN_TARGET_S, PROPERTY_TARGET_S = 2.0, 0.5
STEADY_NEW = 100


def timed(runs: int, action: Callable[[], object]) -> float:
    """Median wall time of ``runs`` (after one warm-up run)."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def copy_property(dsn: str, source: str, target: str) -> None:
    """Every row head office holds for ``source`` again under ``target``'s id."""
    with psycopg.connect(dsn, autocommit=True) as conn, conn.transaction():
        tables = [t for (t,) in conn.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = "
            "'property_id' AND table_schema = 'public' AND table_name <> 'property' "
            "AND table_name <> 'chain_flag'")]
        # Children first when emptying, parents first when filling.
        order = ["staff", "policy_version", "property_sla", "property_suggested",
                 "incident", "audit_entry"]
        tables.sort(key=lambda t: order.index(t) if t in order else len(order))
        for table in [*reversed(tables), "property"]:
            conn.execute(f"DELETE FROM {table} WHERE property_id = %s", (target,))
        for table in ["property", *tables]:
            columns = [c for (c,) in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "ORDER BY ordinal_position", (table,))]
            picked = ", ".join("%(target)s" if c == "property_id" else
                               "%(name)s" if (table, c) == ("property", "name") else c
                               for c in columns)
            conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picked} "
                         f"FROM {table} WHERE property_id = %(source)s",
                         {"source": source, "target": target, "name": f"Hotel {target}"})
        conn.execute("ANALYZE")
    print(f"  copied {source} to {target} on the server", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--properties", type=int, default=20)
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--synced", type=int, default=0,
                        help="sync only the first K properties; copy the rest on the server")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir())
                        / "kiosk-chain-bench")
    parser.add_argument("--keep", action="store_true",
                        help="keep the synced cluster in --work and reuse it next time")
    args = parser.parse_args()
    work: Path = args.work
    ids = [f"p{k:02d}" for k in range(args.properties)]
    end = datetime(2026, 11, 30, 12, tzinfo=UTC)
    template = work / f"seed-{args.n}"
    if not (template / "kiosk-store.json").exists():
        shutil.rmtree(template, ignore_errors=True)
        start = time.perf_counter()
        seed_store(template, args.n, load_policy(ROOT / "policies"), random.Random(7), end=end)
        print(f"seeded {args.n} incidents in {time.perf_counter() - start:.0f} s", flush=True)

    kept = work / f"chain-{args.properties}x{args.n}"
    first_file = kept / "first-sync.json"
    reuse = args.keep and first_file.exists()
    if args.keep:
        top, pg_top = kept / "properties", kept / "pg"
        if not reuse:
            shutil.rmtree(kept, ignore_errors=True)
            top.mkdir(parents=True)
            pg_top.mkdir()
    else:
        top = Path(tempfile.mkdtemp(prefix="chain-bench-"))
        pg_top = Path(tempfile.mkdtemp(prefix="chain-bench-pg-"))  # the cluster owner's
    cluster = Cluster.reopen(pg_top, free_port()) if reuse else start_cluster(pg_top,
                                                                             fsync=True)
    try:
        dsn = cluster.dsn()
        desks: dict[str, Desk] = {}
        for pid in ids:
            store, folder = top / pid / "store", top / pid / "policies"
            if reuse:
                shutil.rmtree(folder)
            else:
                shutil.copytree(template, store)
            property_folder(folder, pid, dsn, name=f"Hotel {pid}")
            desks[pid] = Desk.open(Settings(policies=folder, letters=ROOT / "letters",
                                            store=store, terminal="bench"))

        if reuse:
            first = json.loads(first_file.read_text(encoding="utf-8"))
            first_s, entries = first["seconds"], first["entries"]
            print(f"  reusing the cluster synced on {first['when']}", flush=True)
        else:
            synced = ids[:args.synced or len(ids)]
            start = time.perf_counter()
            entries = 0
            for pid in synced:
                desk = desks[pid]
                entries += sync(desk.store, desk.policy, dsn, pid).sent
                print(f"  first sync {pid}: {time.perf_counter() - start:.0f} s so far",
                      flush=True)
            first_s = time.perf_counter() - start
            for pid in ids[len(synced):]:
                copy_property(dsn, ids[0], pid)
            first = {"seconds": first_s, "entries": entries, "properties": len(synced),
                     "when": datetime.now(UTC).isoformat(timespec="minutes")}
            if args.keep:
                first_file.write_text(json.dumps(first), encoding="utf-8")
        first_n = args.n * first.get("properties", len(ids))
        first_rate = first_n / first_s

        for desk in desks.values():
            agent = desk.store.list_staff()[0].id
            for _ in range(STEADY_NEW):
                incident_id, ref = desk.store.new_incident_id()
                desk.store.add_incident(sample_incident(incident_id, ref, agent,
                                                        datetime.now(UTC)), actor=agent)
        start = time.perf_counter()
        for pid, desk in desks.items():
            sync(desk.store, desk.policy, dsn, pid)
        steady_s = time.perf_counter() - start
        steady_rate = STEADY_NEW * len(ids) / steady_s

        since = (end - timedelta(days=365)).date()
        until = end.date()
        now = datetime.now(UTC)
        chain_s = timed(args.runs, lambda: chain_report(dsn, now, since, until))
        one_s = timed(args.runs, lambda: chain_report(dsn, now, since, until, [ids[0]]))
        desk = desks[ids[0]]
        lo, hi = period(desk, since, until)
        own_s = timed(args.runs, lambda: run_report(desk, lo, hi))
        year = chain_report(dsn, now, since, until).incidents
    finally:
        cluster.stop()
        if not args.keep:
            shutil.rmtree(top, ignore_errors=True)
            shutil.rmtree(pg_top, ignore_errors=True)

    rows = [
        ("first sync", f"{first_n:,} incidents, {entries:,} audit entries",
         f"{first_s:.1f} s", f"{first_rate:,.0f} incidents/s", ""),
        ("steady sync", f"{STEADY_NEW} new at each of {len(ids)} properties",
         f"{steady_s:.1f} s", f"{steady_rate:,.0f} incidents/s", ""),
        ("chain report, a year", f"{year:,} incidents, {len(ids)} properties",
         f"{chain_s:.3f} s", f"{chain_s / own_s:.2f}× one property's own report",
         f"≤ {CHAIN_TARGET_S} s"),
        ("one property from the chain", f"{year // len(ids):,} incidents",
         f"{one_s:.3f} s", f"{one_s / own_s:.2f}× its own report", f"≤ {PROPERTY_TARGET_S} s"),
        ("peer: own report over its store", f"{year // len(ids):,} incidents",
         f"{own_s:.3f} s", "1.00×", ""),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    ok = chain_s <= CHAIN_TARGET_S and one_s <= PROPERTY_TARGET_S
    print(f"chain_bench properties={len(ids)} n={args.n * len(ids)} "
          f"first_sync_per_s={first_rate:.0f} steady_sync_per_s={steady_rate:.0f} "
          f"chain_year_s={chain_s:.3f} property_year_s={one_s:.3f} own_report_s={own_s:.3f} "
          f"{'OK' if ok else 'MISSED'} (seeded {date.today().isoformat()})")


if __name__ == "__main__":
    main()
