"""Sign-in benchmark: an unknown staff id beside a wrong PIN for a real one.

    python tests/bench/signin_bench.py [--runs 40]

Both must cost about the same (the unknown id is checked against a dummy hash and
recorded like a try), so timing a sign-in cannot tell whether a staff id exists. The
lockout is reset between tries so every wrong PIN is really checked. Prints a table of
p50/p95 in ms and one summary line with the ratio; target: within 0.7-1.4x.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kiosk.core.errors import AuthError  # noqa: E402
from kiosk.core.models import Staff  # noqa: E402
from kiosk.desk import staff  # noqa: E402
from tests.integration.desk_setup import make_desk  # noqa: E402


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _unlock(member: Staff) -> None:
    member.failed_attempts = 0
    member.locked_until = None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        desk = make_desk(Path(tmp) / "store")
        boss = staff.add_staff(desk, "Grace Njeri", "supervisor", "2684").id
        times: dict[str, list[float]] = {"unknown id": [], "wrong PIN": []}
        for k in range(runs):
            for label, staff_id in (("unknown id", f"nobody{k}"), ("wrong PIN", boss)):
                desk.store.update_staff(boss, _unlock, "bench", "bench.unlock")
                start = time.perf_counter()
                with contextlib.suppress(AuthError):
                    staff.sign_in(desk, staff_id, "9173")
                times[label].append((time.perf_counter() - start) * 1000)
    print(f"{'case':<12} {'p50 ms':>8} {'p95 ms':>8}")
    for label, samples in times.items():
        print(f"{label:<12} {statistics.median(samples):>8.1f} {percentile(samples, 95):>8.1f}")
    ratio = statistics.median(times["unknown id"]) / statistics.median(times["wrong PIN"])
    verdict = "OK" if 0.7 <= ratio <= 1.4 else "MISSED"
    print(f"summary: unknown id {statistics.median(times['unknown id']):.1f} ms vs wrong PIN "
          f"{statistics.median(times['wrong PIN']):.1f} ms p50, ratio {ratio:.2f} "
          f"(target 0.7-1.4): {verdict}")


if __name__ == "__main__":
    main()
