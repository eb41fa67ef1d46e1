"""Command start-up benchmark: `kiosk policy check`, `kiosk incident list` and
`kiosk incident add` (by a person with their PIN, and by the property-management system's
integration with its secret), each a fresh process end to end, beside
`python -c "import click"`. The commands run as installed, through the `kiosk` script
beside this Python, as a PMS or a person at a shell starts them. The PMS's add is also
timed on a store whose write-ahead log is half way to its checkpoint (each command reads
the whole log, and a working store's holds a few thousand saves).

    python tests/bench/cli_bench.py [--runs 15] [--store DIR]

Each round runs the peer and every command once, in turn, so a busy shared machine
slows them alike; the table shows each one's median and p90 wall time and its ratio to
the peer's median. Prints a table, then one summary line. Target: each command ≤ 0.2 s
and ≤ 3 × the peer.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from installed import compile_kiosk
from seed import make_incident

from kiosk.config import Settings
from kiosk.desk.context import Desk
from kiosk.desk.staff import add_integration, add_staff
from kiosk.store.files import WAL_FILE, WAL_LIMIT

ROOT = Path(__file__).resolve().parents[2]
PIN = "583920"
TARGET_S, TARGET_RATIO = 0.2, 3.0

DOCUMENT = {
    "agent": "bench1",
    "guest": {"name": "Անի Պետրոսյան", "language": "hy", "room": "412",
              "arrival": "2026-11-20", "departure": "2026-11-25"},
    "category": "noise", "severity": "medium",
    "account": "Loud party next door until 3 am",
}  # no compensation: the same stay is added every round, and would reach its cap


def prepare(store: Path) -> tuple[Path, Path, dict[str, str]]:
    """A store with one agent and one integration (a new one each run: its secret is
    shown once); the incident documents beside it, and the integration's variables."""
    settings = Settings.resolve(ROOT / "policies", ROOT / "letters", store)
    desk = Desk.open(settings)
    role = desk.policy.roles[0].id
    if not any(s.id == "bench1" for s in desk.store.list_staff()):
        add_staff(desk, "Bench Agent", role, PIN, staff_id="bench1")
    feed, secret = add_integration(desk, f"bench-feed-{secrets.token_hex(3)}", role,
                                   "bench1")
    document, fed = store.parent / "incident.json", store.parent / "fed.json"
    document.write_text(json.dumps(DOCUMENT, ensure_ascii=False), "utf-8")
    fed.write_text(json.dumps({k: v for k, v in DOCUMENT.items() if k != "agent"},
                              ensure_ascii=False), "utf-8")
    return document, fed, {"KIOSK_INTEGRATION": feed.id, "KIOSK_INTEGRATION_SECRET": secret}


def fill_log(store: Path, upto: int) -> int:
    """Saves of incidents of many guests, as a day at the desk makes them, until the
    store's log holds ``upto`` bytes; how many it took."""
    desk = Desk.open(Settings.resolve(ROOT / "policies", ROOT / "letters", store))
    roles = [role.id for role in desk.policy.roles]
    staff, guests, rng = {role: ["bench1"] for role in roles}, [], random.Random(11)
    saves = 0
    while (store / WAL_FILE).stat().st_size < upto:
        incident_id, ref = desk.store.new_incident_id()
        now = datetime.now(UTC)
        desk.store.add_incident(make_incident(desk.policy, rng, now, now, staff, guests,
                                              incident_id, ref), actor="bench1")
        saves += 1
    return saves


def installed_command() -> Path:
    command = Path(sys.executable).with_name("kiosk")
    if not command.is_file():
        raise SystemExit(f"no kiosk command beside {sys.executable}: install the kiosk "
                         "in this environment first (make run does)")
    return command


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[2:4])} failed: {done.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    compile_kiosk()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "store"
        document, fed, feed_env = prepare(store)
        busy = Path(tmp) / "busy" / "store"
        _, _, busy_env = prepare(busy)
        saves = fill_log(busy, WAL_LIMIT // 2)
        print(f"a second store's log filled to {WAL_LIMIT // 2 / 1e6:.1f} MB by {saves} "
              "saves", flush=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update(KIOSK_POLICIES=str(ROOT / "policies"), KIOSK_LETTERS=str(ROOT / "letters"),
                   KIOSK_STORE=str(store), KIOSK_ACTOR_PIN=PIN)
        kiosk = [str(installed_command())]
        cases = {
            'python -c "import click"': [sys.executable, "-c", "import click"],
            "kiosk policy check": [*kiosk, "policy", "check"],
            "kiosk incident list": [*kiosk, "incident", "list"],
            "kiosk incident add": [*kiosk, "incident", "add", "--json", str(document)],
            "kiosk incident add (PMS)": [*kiosk, "incident", "add", "--json", str(fed)],
            "  the same, log half full": [*kiosk, "incident", "add", "--json", str(fed)],
        }
        envs = {name: env for name in cases}
        envs["kiosk incident add (PMS)"] = {**env, **feed_env}
        envs["  the same, log half full"] = {**env, **busy_env, "KIOSK_STORE": str(busy)}
        times: dict[str, list[float]] = {name: [] for name in cases}
        for name, argv in cases.items():  # warm the disk cache once
            timed(argv, envs[name])
        for _ in range(args.runs):
            for name, argv in cases.items():
                times[name].append(timed(argv, envs[name]))
    peer_name = next(iter(cases))
    peer = statistics.median(times[peer_name])
    print(f"{'command':<28} {'median ms':>10} {'p90 ms':>8} {'× peer':>7}")
    worst_ratio, worst_time = 0.0, 0.0
    for name, values in times.items():
        median = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 1 else median
        ratio = median / peer
        print(f"{name:<28} {median * 1000:>10.0f} {p90 * 1000:>8.0f} {ratio:>7.2f}")
        if name != peer_name:
            worst_ratio, worst_time = max(worst_ratio, ratio), max(worst_time, median)
    ok = worst_time <= TARGET_S and worst_ratio <= TARGET_RATIO
    print(f"summary: slowest command {worst_time * 1000:.0f} ms median, "
          f"{worst_ratio:.2f} × `import click` ({peer * 1000:.0f} ms) over {args.runs} rounds; "
          f"target ≤ {TARGET_S * 1000:.0f} ms and ≤ {TARGET_RATIO:.0f} ×: "
          f"{'met' if ok else 'missed'}")


if __name__ == "__main__":
    main()
