"""A terminal losing its process mid-write (SIGKILL at random moments, many times)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from kiosk.core.models import Staff, StepRecord
from kiosk.store import TinyStore, files, open_store
from tests.bench.seed import sample_incident

ROOT = Path(__file__).resolve().parents[2]
KILLS = 35


def write_forever(root: str, log: str, run: int) -> None:
    """Child process: save incidents and steps without end. A line goes to ``log`` only
    after the store call has returned: that is what the desk was told was saved."""
    if run % 2:
        # Every other writer checkpoints the log every few saves, so kills also land
        # in the middle of a checkpoint.
        files.WAL_LIMIT = 48 * 1024
    store = open_store(Path(root), terminal=f"crash-{run}")
    done: list[str] = []
    with open(log, "a", buffering=1) as acknowledged:
        print("ready", flush=True)
        for k in range(10**9):
            if done and k % 3 == 2:
                target, note = done[k % len(done)], f"run{run}-{k}"
                store.update_incident(
                    target,
                    lambda i, note=note: i.steps.append(
                        StepRecord("listen", "ag1", datetime.now(UTC), note)),
                    actor="ag1", action="incident.step")
                acknowledged.write(f"step {target} {note}\n")
            else:
                incident_id, ref = store.new_incident_id()
                store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC),
                                                   name=f"Guest {run} {k}"), actor="ag1")
                done.append(incident_id)
                acknowledged.write(f"save {incident_id}\n")


def _acknowledged(log: Path) -> tuple[set[str], dict[str, set[str]]]:
    saves: set[str] = set()
    steps: dict[str, set[str]] = {}
    for line in log.read_text().splitlines():
        parts = line.split()
        if parts[:1] == ["save"] and len(parts) == 2:
            saves.add(parts[1])
        elif parts[:1] == ["step"] and len(parts) == 3:
            steps.setdefault(parts[1], set()).add(parts[2])
    return saves, steps


def test_killed_writers_never_lose_an_acknowledged_save(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20261123")))
    setup = open_store(tmp_path / "store")
    setup.add_staff(Staff(id="ag1", name="Ani", role="agent", pin_hash="h"), actor="setup")
    root = str(setup.root)
    log = tmp_path / "acknowledged.log"
    log.touch()
    for run in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", f"from tests.integration.test_store_crash import "
                                   f"write_forever; write_forever({root!r}, {str(log)!r}, {run})"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()  # type: ignore[union-attr]
        time.sleep(rng.uniform(0.01, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL

        # A terminal starting after the crash: the store loads and is whole.
        store = open_store(Path(root))
        assert isinstance(store, TinyStore)
        assert store.verify() == [], f"after kill {run + 1}"
        saves, steps = _acknowledged(log)
        stored = {i.id: i for i in store.iter_incidents()}
        assert saves <= stored.keys(), f"lost saves after kill {run + 1}"
        for incident_id, notes in steps.items():
            assert notes <= {s.note for s in stored[incident_id].steps}, \
                f"lost steps after kill {run + 1}"
    assert [p.name for p in Path(root).glob(".tmp-*")] == []
    assert len(saves) > KILLS  # the writers did get work done between kills
    cli = subprocess.run([sys.executable, "-m", "kiosk", "store", "verify", "--store", root],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.startswith(f"store OK: {len(stored)} incidents")
