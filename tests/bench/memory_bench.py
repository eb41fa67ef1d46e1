"""Memory benchmark: the kiosk's resident size after an hour at the desk on ten years
of history, and a report run's peak, each beside its peer in the same run.

    python tests/bench/memory_bench.py --seeded DIR [--cycles 100] [--n 100000]

- The kiosk, signed in on a store of ``--n`` incidents and driven through Textual's
  Pilot for ``--cycles`` rounds of typical desk use (the board, an incident's
  checklist, a new-incident form with a guest look-up over the whole history, a lock
  with the draft kept, signing in again: about 100 rounds an hour at a busy desk),
  resident size (VmRSS) at the end — peer: a bare Textual app with a footer, run the
  same way in a process of its own. Target: under 120 MB.
- `kiosk report --format json` over the whole store, its peak resident size (VmHWM)
  — peer: `kiosk policy replay` over the same store. Target: under 200 MB.

Each measurement is a fresh process, so nothing one leaves behind counts for another.
``--seeded DIR`` is the folder `store_bench.py --seeded DIR` keeps (seeded there on
the first run of either); each run works on a fresh copy of its store.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from installed import compile_kiosk

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"
LETTERS = ROOT / "letters"
KIOSK_TARGET_MB, REPORT_TARGET_MB = 120.0, 200.0


def status_mb(field: str, pid: str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def kiosk_child(store: str, cycles: int) -> None:
    """In a process of its own: the kiosk worked for ``cycles`` rounds."""
    sys.path.insert(0, str(ROOT))
    from kiosk.config import Settings
    from kiosk.desk import drafts
    from kiosk.desk.context import Desk
    from kiosk.desk.demo import seed_demo
    from kiosk.tui.app import KioskApp
    from tests.tui.flow import settle, sign_in

    desk = Desk.open(Settings(POLICIES, LETTERS, Path(store), "bench"))
    seed_demo(desk)  # the demo's staff, whose PINs the rounds sign in with

    async def rounds() -> tuple[float, float]:
        app = KioskApp(desk, idle_seconds=0, policy_check_seconds=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await sign_in(pilot, "agent1", "1397")
            signed = status_mb("VmRSS")
            for _ in range(cycles):
                # Each key's work lands before the next key, as at a real desk.
                for keys in (("f5",), ("enter",), ("escape", "ctrl+n"), tuple("Anna P"),
                             ("escape", "ctrl+l")):
                    await pilot.press(*keys)
                    await settle(pilot)
                for draft in drafts.drafts_for(desk, "agent1"):
                    drafts.discard_draft(desk, draft.id, "agent1")
                await sign_in(pilot, "agent1", "1397")
            return signed, status_mb("VmRSS")  # still running, signed in

    signed, after = asyncio.run(rounds())
    print(json.dumps({"signed_in": signed, "after": after, "peak": status_mb("VmHWM")}))


def bare_child(cycles: int) -> None:
    """In a process of its own: a bare Textual app with a footer, keys pressed."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("peer")
            yield Footer()

    async def run() -> None:
        async with Bare().run_test(size=(80, 24)) as pilot:
            for _ in range(cycles):
                await pilot.press("tab", "escape")
                await pilot.pause()

    asyncio.run(run())
    print(json.dumps({"after": status_mb("VmRSS"), "peak": status_mb("VmHWM")}))


def child(*args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed: {done.stderr[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# Linux carries a process's peak resident size across fork and exec, so a command
# started straight from this process (which may have just seeded 100,000 incidents)
# would report this process's peak as its own. A small fresh interpreter starts it
# instead and reports the command's peak from the kernel's account.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_of_command(store: Path, *args: str) -> float:
    """Peak resident size (MB) of one `kiosk` command, from the kernel's account."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    done = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, "-m", "kiosk",
                           *args, "--store", str(store), "--policies", str(POLICIES)],
                          cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    lines = done.stderr.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"kiosk {' '.join(args)} failed: {done.stderr[-500:]}")
    return int(lines[-1]) / 1024  # KiB on Linux


def seeded_store(kept: Path, n: int, into: Path) -> None:
    """A fresh copy of the kept seeded store (seeded there first when it has none)."""
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    from store_bench import seeded

    seeded(into, n, random.Random(7), kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--cycles", type=int, default=100)
    parser.add_argument("--seeded", type=Path, required=True,
                        help="the seeded store kept by store_bench.py --seeded")
    args = parser.parse_args()
    compile_kiosk()
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as tmp:
        os.environ["KIOSK_STATE_DIR"] = str(Path(tmp) / "state")
        store = Path(tmp) / "store"
        seeded_store(args.seeded, args.n, store)
        kiosk = child("--kiosk-child", str(store), str(args.cycles))
        bare = child("--bare-child", str(args.cycles))
        report = peak_of_command(store, "report", "--format", "json")
        replay = peak_of_command(store, "policy", "replay", str(POLICIES))
    rows = [
        (f"kiosk after {args.cycles} desk rounds", kiosk["after"], "bare Textual app",
         bare["after"], KIOSK_TARGET_MB),
        ("kiosk report --format json, peak", report, "kiosk policy replay, peak", replay,
         REPORT_TARGET_MB),
    ]
    print(f"load average {os.getloadavg()[0]:.1f}; {args.n:,} incidents")
    print(f"{'what':<38}{'MB':>8}  {'peer':<28}{'MB':>8}{'× peer':>8}{'target':>8}")
    for what, mb, peer, peer_mb, target in rows:
        mark = "ok" if mb <= target else "MISSED"
        print(f"{what:<38}{mb:>8.0f}  {peer:<28}{peer_mb:>8.0f}{mb / peer_mb:>8.2f}"
              f"{target:>8.0f}  {mark}")
    print(f"memory_bench n={args.n} cycles={args.cycles} kiosk_mb={kiosk['after']:.0f} "
          f"bare_textual_mb={bare['after']:.0f} kiosk_ratio={kiosk['after'] / bare['after']:.2f} "
          f"kiosk_peak_mb={kiosk['peak']:.0f} report_peak_mb={report:.0f} "
          f"replay_peak_mb={replay:.0f} report_ratio={report / replay:.2f} "
          f"kiosk {'ok' if kiosk['after'] <= KIOSK_TARGET_MB else 'MISSED'} "
          f"report {'ok' if report <= REPORT_TARGET_MB else 'MISSED'}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--kiosk-child"]:
        kiosk_child(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["--bare-child"]:
        bare_child(int(sys.argv[2]))
    else:
        main()
