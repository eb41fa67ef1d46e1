"""Several terminals writing one store at the same moment, as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.core.errors import StoreError
from kiosk.core.models import Staff, StepRecord
from kiosk.store import TinyStore, files, open_store
from tests.bench.seed import sample_incident

ROOT = Path(__file__).resolve().parents[2]
WRITERS, SAVES = 8, 250


def _wait_for(go: Path) -> None:
    while not go.exists():
        time.sleep(0.005)


def save_many(root: str, terminal: str, count: int, go: str, log_limit: int = 0) -> None:
    """Child process: save ``count`` new incidents as fast as the lock allows. They are
    spread over the last months (a feed catching up), so day files stay day-sized.
    With ``log_limit``, this one checkpoints the log whenever it passes that size."""
    if log_limit:
        files.WAL_LIMIT = log_limit
    store = open_store(Path(root), terminal=terminal)
    assert isinstance(store, TinyStore)
    print("ready", flush=True)
    _wait_for(Path(go))
    for k in range(count):
        at = datetime.now(UTC) - timedelta(days=k % 120)
        store.clock = lambda at=at: at
        incident_id, ref = store.new_incident_id()
        store.add_incident(sample_incident(incident_id, ref, "ag1", at,
                                           name=f"Guest {terminal} {k}", room=str(k % 50)),
                           actor="ag1")
        print(incident_id, flush=True)


def add_steps(root: str, incident_id: str, tag: str, count: int, go: str) -> None:
    """Child process: append ``count`` checklist steps to one shared incident."""
    store = open_store(Path(root), terminal=tag)
    print("ready", flush=True)
    _wait_for(Path(go))
    for k in range(count):
        note = f"{tag}-{k}"
        store.update_incident(
            incident_id,
            lambda i, note=note: i.steps.append(StepRecord("listen", "ag1", datetime.now(UTC),
                                                           note)),
            actor="ag1", action="incident.step")


def _run_all(calls: list[str], go: Path) -> list[str]:
    procs = [subprocess.Popen([sys.executable, "-c", call], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for call in calls]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()  # type: ignore[union-attr]
    go.touch()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        outputs.append(out)
    return outputs


def _new_store(tmp_path: Path) -> TinyStore:
    store = open_store(tmp_path / "store")
    assert isinstance(store, TinyStore)
    store.add_staff(Staff(id="ag1", name="Ani", role="agent", pin_hash="h"), actor="setup")
    return store


def test_eight_terminals_saving_at_once(tmp_path: Path) -> None:
    store = _new_store(tmp_path)
    go = tmp_path / "go"
    calls = [f"from tests.integration.test_store_concurrency import save_many; "
             f"save_many({str(store.root)!r}, 'desk-{n}', {SAVES}, {str(go)!r})"
             for n in range(WRITERS)]
    outputs = _run_all(calls, go)

    acknowledged = [line for out in outputs for line in out.split()]
    assert len(acknowledged) == WRITERS * SAVES
    assert len(set(acknowledged)) == WRITERS * SAVES
    stored = list(store.iter_incidents())
    assert len(stored) == WRITERS * SAVES
    assert {i.id for i in stored} == set(acknowledged)
    assert len({i.ref for i in stored}) == WRITERS * SAVES
    assert len(store.open_incidents()) == WRITERS * SAVES
    for path in store.root.rglob("*.json"):
        json.loads(path.read_bytes())  # every file whole
    assert store.verify() == []
    entries = store.audit_entries()
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert sum(e["action"] == "incident.add" for e in entries) == WRITERS * SAVES
    assert {e["terminal"] for e in entries if e["action"] == "incident.add"} == {
        f"desk-{n}" for n in range(WRITERS)}


def test_updates_to_one_incident_are_never_lost(tmp_path: Path) -> None:
    store = _new_store(tmp_path)
    incident_id, ref = store.new_incident_id()
    store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC)), actor="ag1")
    go = tmp_path / "go"
    tags, count = [f"t{n}" for n in range(6)], 40
    _run_all([f"from tests.integration.test_store_concurrency import add_steps; "
              f"add_steps({str(store.root)!r}, {incident_id!r}, {tag!r}, {count}, {str(go)!r})"
              for tag in tags], go)
    notes = [s.note for s in store.get_incident(incident_id).steps]
    assert sorted(notes) == sorted(f"{t}-{k}" for t in tags for k in range(count))
    for tag in tags:  # each terminal's own steps stay in the order it made them
        assert [n for n in notes if n.startswith(f"{tag}-")] == [f"{tag}-{k}"
                                                                 for k in range(count)]
    assert store.verify() == []


def watch_board(root: str, stop: str, go: str) -> None:
    """Child process: read the board until told to stop; a save once seen must never
    vanish, whatever checkpoint the writers run meanwhile."""
    store = open_store(Path(root), terminal="reader")
    print("ready", flush=True)
    _wait_for(Path(go))
    seen: set[str] = set()
    reads = 0
    while not Path(stop).exists():
        try:
            now = {i.id for i in store.open_incidents()}
        except StoreError as exc:  # four writers in a tight loop can starve a reader
            assert "busy" in str(exc), exc
            continue
        assert seen <= now, f"saves vanished: {sorted(seen - now)[:3]}"
        seen, reads = now, reads + 1
    print(len(seen), reads, flush=True)


def test_readers_see_every_save_while_writers_checkpoint(tmp_path: Path) -> None:
    store = _new_store(tmp_path)
    go, stop = tmp_path / "go", tmp_path / "stop"
    writers, saves = 4, 120
    readers = [subprocess.Popen(
        [sys.executable, "-c", f"from tests.integration.test_store_concurrency import "
                               f"watch_board; watch_board({str(store.root)!r}, {str(stop)!r}, "
                               f"{str(go)!r})"],
        cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for reader in readers:
        assert reader.stdout is not None
        assert reader.stdout.readline().strip() == "ready", reader.stderr.read()  # type: ignore[union-attr]
    # Half the writers checkpoint every few saves: generations change under everyone.
    outputs = _run_all([f"from tests.integration.test_store_concurrency import save_many; "
                        f"save_many({str(store.root)!r}, 'desk-{n}', {saves}, {str(go)!r}, "
                        f"{24 * 1024 if n % 2 else 0})" for n in range(writers)], go)
    stop.touch()
    # Checkpoints did run: day files hold saves. (The log's final size depends on which
    # writers finish last, those that checkpoint or those that only append.)
    checkpointed = sum(len(day.read_text("utf-8").splitlines())
                       for day in (store.root / "incidents").rglob("*.json"))
    assert checkpointed > 0
    for reader in readers:
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err
        assert int(out.split()[1]) > 1  # it did read while the writers wrote
    acknowledged = {line for out in outputs for line in out.split()}
    assert len(acknowledged) == writers * saves
    assert {i.id for i in store.open_incidents()} == acknowledged
    assert store.verify() == []
