"""A PIN check's 19 MiB (argon2's memory cost) goes back to the system when the check
ends. The kiosk checks PINs in worker threads, and each thread that ever checked one
must not keep its own 19 MiB for the rest of the day."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Four threads alive at once, each checking a PIN while the others wait, as the kiosk's
# workers do over an hour of sign-ins; then the resident size once they are all done.
CHECKS = textwrap.dedent("""
    import json, threading
    from pathlib import Path
    from kiosk.desk import staff

    def resident_kb():
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise SystemExit("no VmRSS")

    stored = staff.hash_pin("1397")
    before = resident_kb()
    turn = threading.Lock()
    started = threading.Barrier(4)

    def check():
        started.wait()
        with turn:
            assert staff._pin_matches(stored, "1397")

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"before": before, "after": resident_kb()}))
""")


def test_pin_checks_in_threads_give_their_memory_back():
    done = subprocess.run([sys.executable, "-c", CHECKS], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    sizes = json.loads(done.stdout)
    kept_mb = (sizes["after"] - sizes["before"]) / 1024
    # One check's worth (19 MiB) would already be a block kept; four checks keep 76.
    assert kept_mb < 10, f"{kept_mb:.0f} MB kept after four PIN checks in threads"
