"""The write-ahead log and the lock, on real files: a save is one log record, readers
see the log, checkpoints bring the files up to date, and what a crash leaves behind is
dropped or finished by the next step."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import filelock
import pytest

from kiosk.core.errors import StoreError
from kiosk.core.models import Staff
from kiosk.store import TinyStore, files, open_store
from kiosk.store.files import WAL_FILE
from kiosk.store.tables import dump
from tests.bench.seed import sample_incident


def _store(root: Path, **kwargs: float) -> TinyStore:
    store = open_store(root)
    assert isinstance(store, TinyStore)
    if kwargs:
        store = TinyStore(store.root, lock_timeout=kwargs["lock_timeout"])
    return store


def _staff(store: TinyStore, *ids: str) -> None:
    for staff_id in ids:
        store.add_staff(Staff(id=staff_id, name=staff_id, role="agent", pin_hash="h"), "setup")


def _on_disk(store: TinyStore) -> list[str]:
    path = store.root / "staff.json"
    return sorted(json.loads(path.read_text())["staff"]) if path.exists() else []


def test_a_save_is_one_log_record_that_other_terminals_see(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    other = _store(tmp_path / "s")
    _staff(store, "ag1")
    assert _on_disk(store) == []  # only the log has it
    assert [s.id for s in other.list_staff()] == ["ag1"]
    _staff(other, "ag2")
    assert [s.id for s in store.list_staff()] == ["ag1", "ag2"]
    assert store.verify() == []


def test_settle_brings_the_files_up_to_date_and_empties_the_log(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    other = _store(tmp_path / "s")
    _staff(store, "ag1", "ag7")
    assert [s.id for s in other.list_staff()] == ["ag1", "ag7"]  # other has an overlay
    before = (store.root / WAL_FILE).stat().st_size
    store.settle()
    assert _on_disk(store) == ["ag1", "ag7"]
    assert (store.root / WAL_FILE).stat().st_size < before
    _staff(store, "ag8")  # a new generation of the log: other drops its overlay
    assert [s.id for s in other.list_staff()] == ["ag1", "ag7", "ag8"]
    assert other.verify() == [] and len(other.audit_entries()) == 3


def test_a_torn_record_is_dropped_and_cut_off_before_the_next(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    _staff(store, "ag1")
    with open(store.root / WAL_FILE, "ab") as log:
        log.write(b"KREC\x00\x00\x01\x00\x00\x00\x00\x00[[\"sta")  # the writer died here
    fresh = _store(tmp_path / "s")
    assert [s.id for s in fresh.list_staff()] == ["ag1"]
    _staff(fresh, "ag2")  # written where the torn one began, not after it
    assert [s.id for s in _store(tmp_path / "s").list_staff()] == ["ag1", "ag2"]
    assert [s.id for s in store.list_staff()] == ["ag1", "ag2"]
    assert store.verify() == []


def test_a_checkpoint_cut_off_halfway_is_done_again(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    _staff(store, "ag1", "ag2")
    log_bytes = (store.root / WAL_FILE).read_bytes()
    store.settle()
    # As if the checkpoint had written staff.json and died before the new log.
    (store.root / WAL_FILE).write_bytes(log_bytes)
    fresh = _store(tmp_path / "s")
    assert [s.id for s in fresh.list_staff()] == ["ag1", "ag2"]
    assert fresh.verify() == [] and len(fresh.audit_entries()) == 2


def test_a_log_of_the_first_release_is_put_in_place(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    staff = dump({"staff": {"ag9": {"id": "ag9", "name": "ag9", "role": "agent",
                                    "pin_hash": "h"}}})
    name = b"staff.json"
    payload = struct.pack(">H", len(name)) + name + struct.pack(">Q", len(staff)) + staff
    record = struct.pack(">4sQI", b"KREC", len(payload), zlib.crc32(payload)) + payload
    (store.root / WAL_FILE).write_bytes(record + b"KDON" + b"0" * 36)
    assert [s.id for s in _store(tmp_path / "s").list_staff()] == ["ag9"]
    assert _on_disk(store) == ["ag9"]


def test_leftover_temp_files_are_removed(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    (store.root / ".tmp-deadbeef").write_bytes(b"half a file")
    store.list_staff()
    assert not (store.root / ".tmp-deadbeef").exists()


def test_many_saves_keep_the_log_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    monkeypatch.setattr(files, "WAL_LIMIT", 32 * 1024)
    store = _store(tmp_path / "s")
    _staff(store, "ag1")
    for _ in range(60):
        incident_id, ref = store.new_incident_id()
        store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC)), "ag1")
    assert (store.root / WAL_FILE).stat().st_size < 40 * 1024
    assert len(list((store.root / "incidents").rglob("*.json"))) >= 1  # checkpointed
    assert len(list(_store(tmp_path / "s").iter_incidents())) == 60
    assert store.verify() == []


def test_a_held_lock_times_out_with_one_clear_line(tmp_path: Path) -> None:
    store = _store(tmp_path / "s", lock_timeout=0.2)
    # Held as a terminal still on a release that locked the store with filelock does.
    holder = filelock.FileLock(store.root / ".lock")
    with holder, pytest.raises(StoreError, match=r"store is busy: no lock within 0.2 s"):
        store.list_staff()
    assert store.list_staff() == []


HOLD = ("import sys, time\nimport filelock\n"
        "with filelock.FileLock(sys.argv[1], timeout=5, mode=0o600, preserve_lock_file=True):\n"
        "    print('held', flush=True)\n    time.sleep(60)\n")


@contextmanager
def held_elsewhere(lock: Path) -> Iterator[None]:
    """The store lock held by another process (filelock, as an earlier release takes
    it) until that process is killed with -9 at the end."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_excludes_another_process_and_dies_with_it(tmp_path: Path) -> None:
    """Another terminal's process holds the lock: this one waits, then says so; once
    that process is killed (-9, nothing released by hand) the store works at once, and
    the lock file is left in place, owner-only."""
    store = _store(tmp_path / "s", lock_timeout=0.3)
    with held_elsewhere(store.root / ".lock"), pytest.raises(
            StoreError, match=r"store is busy: no lock within 0.3 s"):
        store.list_staff()
    _staff(store, "ag1")
    assert [s.id for s in store.list_staff()] == ["ag1"]
    assert (store.root / ".lock").stat().st_mode & 0o777 == 0o600


def test_a_corrupt_file_is_named(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    (store.root / "staff.json").write_text('{"staff": ')
    with pytest.raises(StoreError, match=r"corrupt store file staff\.json"):
        store.list_staff()
    assert any("corrupt store file staff.json" in p for p in store.verify())


def test_one_document_is_read_from_its_line_and_any_layout_still_reads(tmp_path: Path
                                                                       ) -> None:
    store = _store(tmp_path / "s")
    _staff(store, "ag1", "ag2")
    store.settle()
    lines = (store.root / "staff.json").read_bytes().split(b"\n")
    assert len(lines) == 4 and lines[1].startswith(b'"ag1":{')  # one document a line
    assert _store(tmp_path / "s").get_staff("ag2").name == "ag2"
    # Someone pretty-prints the file: it is parsed whole, and reads the same.
    data = json.loads((store.root / "staff.json").read_text())
    (store.root / "staff.json").write_text(json.dumps(data, indent=4))
    assert _store(tmp_path / "s").get_staff("ag2").name == "ag2"
    assert _store(tmp_path / "s").get_staff("ag1").role == "agent"
    assert store.verify() == []


def test_a_log_that_is_no_log_is_named_and_kept(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    _staff(store, "ag1")
    (store.root / WAL_FILE).write_text("{not json")
    with pytest.raises(StoreError, match=r"corrupt store file wal\.log"):
        _store(tmp_path / "s").list_staff()
    assert (store.root / WAL_FILE).read_text() == "{not json"  # evidence left as found


def test_a_file_read_for_its_lines_is_read_once_until_it_is_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each document asked, and each key a file does not hold (a save asks today's day
    file and the index files for keys that are new), comes from the bytes read once for
    that version of the file."""
    store = _store(tmp_path / "s")
    _staff(store, "ag1", "ag2")
    store.settle()
    cache = files.FileCache(store.root)
    reads: list[str] = []

    read_file = files.read_file

    def spy(path: str) -> bytes:
        reads.append(Path(path).name)
        return read_file(path)

    monkeypatch.setattr(files, "read_file", spy)
    assert cache.doc("staff.json", "staff", "ag1")["name"] == "ag1"
    assert cache.doc("staff.json", "staff", "ag1")["name"] == "ag1"
    assert cache.doc("staff.json", "staff", "nobody") is None
    assert cache.doc("staff.json", "staff", "nobody") is None
    assert cache.doc("staff.json", "staff", "ag2")["name"] == "ag2"
    assert reads == ["staff.json"]
    # A checkpoint replaces the file (a new one, renamed in): it is read again.
    store.update_staff("ag1", lambda s: setattr(s, "name", "Ann"), "setup", "staff.rename")
    store.settle()
    assert cache.doc("staff.json", "staff", "ag1")["name"] == "Ann"
    assert cache.doc("staff.json", "staff", "ag2")["name"] == "ag2"
    assert reads == ["staff.json", "staff.json"]


def test_the_bytes_kept_stay_within_their_budget(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    _staff(store, "ag1", "ag2")
    store.settle()
    size = (store.root / "staff.json").stat().st_size
    cache = files.FileCache(store.root, raw_budget=size - 1)
    assert cache.doc("staff.json", "staff", "ag1")["name"] == "ag1"
    assert cache.doc("staff.json", "staff", "ag2")["name"] == "ag2"  # read again
    assert cache._raw_bytes == 0 and not cache._raw


def test_a_reference_is_proposed_while_another_terminal_saves(tmp_path: Path) -> None:
    """Picking a new id and reference takes no store lock (the save that follows checks
    the reference again under it), and still avoids one a save left in the log."""
    store = _store(tmp_path / "s", lock_timeout=0.3)
    _staff(store, "ag1")
    incident_id, ref = store.new_incident_id()
    store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC)), "ag1")
    holder = filelock.FileLock(store.root / ".lock")
    with holder:
        proposed = [store.new_incident_id() for _ in range(50)]
    assert ref not in {r for _, r in proposed} and incident_id not in {i for i, _ in proposed}
    later_id, later_ref = proposed[0]
    store.add_incident(sample_incident(later_id, later_ref, "ag1", datetime.now(UTC)), "ag1")
    assert store.get_incident(later_ref).id == later_id


def test_a_file_is_read_whole_whatever_its_size(tmp_path: Path) -> None:
    for size in (0, 1, 4095, 70_000, 3_000_001):
        path = tmp_path / f"f{size}"
        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        path.write_bytes(data)
        assert files.read_file(path) == data
    with pytest.raises(IsADirectoryError):
        files.read_file(tmp_path)
    with pytest.raises(FileNotFoundError):
        files.read_file(tmp_path / "none")
