"""Kiosk start-up benchmark: from launch in a real pty to a usable sign-in screen.

    python tests/bench/kiosk_bench.py [--runs 7]

Each run starts the kiosk on a seeded demo store in a fresh pseudo-terminal (80×24) and
times two moments: the staff names drawn, and the first key taken (a tab and a letter
typed the moment the names show, seen echoed in the staff-id box). Beside it, in the
same run, the peer: `python -c "import textual.app"` from launch to exit. Prints a table
of medians and one summary line with the ratio. Target: usable ≤ 1.5× the peer.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.installed import compile_kiosk  # noqa: E402
from tests.pty_kiosk import PtyKiosk  # noqa: E402

KIOSK = str(Path(sys.executable).with_name("kiosk"))
TARGET = 1.5


def environment(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", XDG_DATA_HOME=str(data))
    for name in ("KIOSK_STORE", "TEXTUAL_DRIVER"):
        env.pop(name, None)
    return env


def peer_seconds() -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", "import textual.app"], check=True)
    return time.monotonic() - started


def kiosk_seconds(store: Path, env: dict[str, str]) -> tuple[float, float]:
    """(names drawn, first key taken), seconds from launch."""
    kiosk = PtyKiosk([KIOSK, "--store", str(store)], ROOT, env)
    try:
        drawn = kiosk.wait_for("Tigran Avetisyan")
        kiosk.type("\tz", pause=0)
        usable = kiosk.wait_for("▊  z", timeout=10)
        return drawn, usable
    finally:
        kiosk.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compile_kiosk()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        env = environment(data)
        store = data / "store"
        subprocess.run([KIOSK, "--store", str(store), "demo", "--seed-only"], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        kiosk_seconds(store, env)  # warm the file cache for both sides
        peer_seconds()
        peers, drawn, usable = [], [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            peers.append(peer_seconds())
            shown, took = kiosk_seconds(store, env)
            drawn.append(shown)
            usable.append(took)
    peer = statistics.median(peers)
    print(f"\n{'what':<44}{'runs':>6}{'median s':>10}{'× peer':>8}")
    for label, samples in (("python -c 'import textual.app' (peer)", peers),
                           ("kiosk: staff names drawn", drawn),
                           ("kiosk: first key taken (usable)", usable)):
        median = statistics.median(samples)
        print(f"{label:<44}{len(samples):>6}{median:>10.3f}{median / peer:>8.2f}")
    ratio = statistics.median(usable) / peer
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"\nsummary: kiosk usable in {statistics.median(usable):.3f} s, "
          f"{ratio:.2f}× import textual.app ({peer:.3f} s); {verdict} the {TARGET}× target")


if __name__ == "__main__":
    main()
