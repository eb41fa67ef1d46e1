"""A checkpoint (the log brought into the files) never keeps a save waiting: one
terminal is frozen in the middle of putting a large log into the files (SIGSTOP, as a
slow disk or a swapped-out process would hold it), and another terminal's saves go on,
each within moments; once it resumes, nothing that was saved is lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from ulid import ULID

from kiosk.core.models import NoteRecord, Staff
from kiosk.store import files, open_store
from tests.bench.seed import sample_incident

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
DAYS = 150
SAVE_BOUND = 2.0  # seconds: generous for one synced record, far below a checkpoint's wait
SAVES_WHILE_FROZEN = 5

# One more save on a log already past the limit, so this save checkpoints. A watcher
# stops the whole process as soon as the first file is replaced: mid-checkpoint.
CHECKPOINTER = """
import json, os, signal, sys, threading, time
from datetime import UTC, datetime
from pathlib import Path
from kiosk.core.models import NoteRecord
from kiosk.store import files, open_store
root, target = Path(sys.argv[1]), sys.argv[2]
store = open_store(root, terminal="desk-2")
files.WAL_LIMIT = 1
days = sorted(root.glob("incidents/*/*.json"))
inodes = {p: p.stat().st_ino for p in days}

def freeze_mid_checkpoint():
    while True:
        if any(p.stat().st_ino != ino for p, ino in inodes.items()):
            os.kill(os.getpid(), signal.SIGSTOP)
            return
        time.sleep(0.0005)

threading.Thread(target=freeze_mid_checkpoint, daemon=True).start()
note = NoteRecord("note", "ag1", datetime.now(UTC), "x")
began = time.monotonic()
store.update_incident(target, lambda i: i.notes.append(note), "ag1", "incident.note")
print(json.dumps({"save_s": time.monotonic() - began}), flush=True)
"""

# The desk: a step every moment, each timed, until told to stop.
DESK = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from kiosk.core.models import StepRecord
from kiosk.store import open_store
root, stop, out, targets = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:]
store = open_store(root, terminal="desk-1")
with out.open("w") as log:
    k = 0
    while not stop.exists():
        target = targets[k % len(targets)]
        k += 1
        began = time.monotonic()
        store.update_incident(target, lambda i: i.steps.append(
            StepRecord("listen", "ag1", datetime.now(UTC), "note")), "ag1", "incident.step")
        print(json.dumps([target, began, time.monotonic() - began]), file=log, flush=True)
"""


@pytest.fixture
def full_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A store of one incident a day, with a log of a note on each day's incident (a
    checkpoint then rewrites a file per day)."""
    root = tmp_path / "store"
    store = open_store(root, terminal="setup")
    store.add_staff(Staff(id="ag1", name="Ani", role="agent", pin_hash="h"), actor="setup")
    incidents = [sample_incident(str(ULID.from_datetime(START + timedelta(days=k))),
                                 f"R{k:05d}", "ag1", START + timedelta(days=k),
                                 name=f"Guest {k}", room=f"{100 + k}") for k in range(DAYS)]
    store.bulk_load(incidents, actor="setup")
    monkeypatch.setattr(files, "WAL_LIMIT", 1 << 40)
    said = "The guest was told what happens next. " * 10
    for incident in incidents[1:]:
        store.update_incident(incident.id, lambda i: i.notes.append(
            NoteRecord("note", "ag1", datetime.now(UTC), said)), "ag1", "incident.note")
    return root, [i.id for i in incidents]


def _state(pid: int) -> str:
    """The process's state letter ("T" when stopped), "" once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return ""
    return stat.rpartition(")")[2].split()[0]


def _saves(out: Path) -> list[tuple[str, float, float]]:
    lines = out.read_text().splitlines() if out.exists() else []
    return [tuple(json.loads(line)) for line in lines]  # type: ignore[misc]


def _wait(until: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if until():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def test_saves_go_on_while_another_terminal_is_frozen_mid_checkpoint(
        full_log: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, ids = full_log
    stop, out = tmp_path / "stop", tmp_path / "desk.jsonl"
    targets = ids[-20:]
    desk = subprocess.Popen([sys.executable, "-c", DESK, str(root), str(stop), str(out),
                             *targets], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    checkpointer = None
    try:
        assert _wait(lambda: len(_saves(out)) >= 3, 60), "the desk never saved"
        inodes = {p: p.stat().st_ino for p in root.glob("incidents/*/*.json")}
        checkpointer = subprocess.Popen([sys.executable, "-c", CHECKPOINTER, str(root),
                                         ids[1]], cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        pid = checkpointer.pid
        assert _wait(lambda: _state(pid) in ("T", ""), 120)
        assert _state(pid) == "T", "the checkpoint ended before it could be caught mid-way"
        frozen_at = time.monotonic()
        before = len(_saves(out))
        went_on = _wait(lambda: len(_saves(out)) >= before + SAVES_WHILE_FROZEN,
                        SAVES_WHILE_FROZEN * SAVE_BOUND)
        waited = time.monotonic() - frozen_at
        still_old = [p for p, ino in inodes.items() if p.stat().st_ino == ino]
    finally:
        if checkpointer is not None:
            os.kill(checkpointer.pid, signal.SIGCONT)
    assert still_old, "the checkpoint had finished before the terminal froze"
    assert went_on, (f"the desk saved {len(_saves(out)) - before} times in {waited:.1f} s "
                     f"while another terminal was frozen in a checkpoint")
    resumed, errors = checkpointer.communicate(timeout=300)
    assert checkpointer.returncode == 0, errors
    stop.touch()
    _, desk_errors = desk.communicate(timeout=120)
    assert desk.returncode == 0, desk_errors
    saves = _saves(out)
    slowest = max(took for _, _, took in saves)
    assert slowest < SAVE_BOUND, f"a save took {slowest:.2f} s"

    store = open_store(root)
    for target in targets:
        assert len(store.get_incident(target).steps) == sum(t == target for t, _, _ in saves)
    assert len(store.get_incident(ids[1]).notes) == 2  # the note of the checkpointing save
    assert all(store.get_incident(i).notes for i in ids[1:])
    assert store.verify() == []
    assert json.loads(resumed)["save_s"] < SAVE_BOUND
