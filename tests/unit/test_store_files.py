"""The write-ahead log and the lock, on real files: what a crash or a power cut leaves
behind is finished (or dropped) by the next step."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import filelock
import pytest

from kiosk.core.errors import StoreError
from kiosk.core.models import Staff
from kiosk.store import TinyStore, open_store
from kiosk.store.files import WAL_FILE, WriteAheadLog, dump
from tests.bench.seed import sample_incident


def _store(root: Path, **kwargs: float) -> TinyStore:
    store = open_store(root)
    assert isinstance(store, TinyStore)
    if kwargs:
        store = TinyStore(store.root, lock_timeout=kwargs["lock_timeout"])
    return store


def _staff_file(names: list[str]) -> bytes:
    return dump({"staff": {n: {"id": n, "name": n, "role": "agent", "pin_hash": "h"}
                           for n in names}})


def test_a_committed_step_cut_off_before_its_files_is_finished(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    store.add_staff(Staff(id="ag1", name="ag1", role="agent", pin_hash="h"), "setup")
    # The log has the record (the commit point) but the process died before the rename.
    WriteAheadLog(store.root).append([("staff.json", _staff_file(["ag1", "ag2"]))])
    assert "ag2" not in json.loads((store.root / "staff.json").read_text())["staff"]
    other = _store(tmp_path / "s")
    assert [s.id for s in other.list_staff()] == ["ag1", "ag2"]
    assert (store.root / WAL_FILE).stat().st_size == 0  # replayed, synced, emptied
    assert [s.id for s in store.list_staff()] == ["ag1", "ag2"]  # no stale cache either


def test_settle_finishes_a_step_for_readers_of_the_files(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    WriteAheadLog(store.root).append([("staff.json", _staff_file(["ag7"]))])
    store.settle()
    assert "ag7" in json.loads((store.root / "staff.json").read_text())["staff"]


def test_a_torn_record_is_dropped(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    store.add_staff(Staff(id="ag1", name="ag1", role="agent", pin_hash="h"), "setup")
    with open(store.root / WAL_FILE, "ab") as log:
        log.write(b"KREC\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00{\"sta")  # cut short
    assert [s.id for s in _store(tmp_path / "s").list_staff()] == ["ag1"]
    assert store.verify() == []


def test_after_a_restart_the_whole_log_is_replayed(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    store.add_staff(Staff(id="ag1", name="ag1", role="agent", pin_hash="h"), "setup")
    wal = WriteAheadLog(store.root)
    wal.append([("staff.json", _staff_file(["ag1", "ag9"]))])
    # Marked done, but by a boot that is over: the renamed files may not have reached
    # the disk before the power went.
    with open(store.root / WAL_FILE, "ab") as log:
        log.write(b"KDON" + b"00000000-0000-0000-0000-000000000000")
    (store.root / "staff.json").write_bytes(_staff_file(["ag1"]))  # what the disk kept
    assert [s.id for s in _store(tmp_path / "s").list_staff()] == ["ag1", "ag9"]


def test_leftover_temp_files_are_removed(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    (store.root / ".tmp-deadbeef").write_bytes(b"half a file")
    store.list_staff()
    assert not (store.root / ".tmp-deadbeef").exists()


def test_many_saves_keep_the_log_bounded(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    store.add_staff(Staff(id="ag1", name="ag1", role="agent", pin_hash="h"), "setup")
    for _ in range(40):
        incident_id, ref = store.new_incident_id()
        store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC)), "ag1")
    records = WriteAheadLog(store.root).records()
    assert 0 < len(records) <= 42
    assert all(rel for files in records for rel, _ in files)


def test_a_held_lock_times_out_with_one_clear_line(tmp_path: Path) -> None:
    store = _store(tmp_path / "s", lock_timeout=0.2)
    holder = filelock.FileLock(store.root / ".lock")
    with holder, pytest.raises(StoreError, match=r"store is busy: no lock within 0.2 s"):
        store.list_staff()
    assert store.list_staff() == []


def test_a_corrupt_file_is_named(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    (store.root / "staff.json").write_text('{"staff": ')
    with pytest.raises(StoreError, match=r"corrupt store file staff\.json"):
        store.list_staff()
    assert any("corrupt store file staff.json" in p for p in store.verify())
