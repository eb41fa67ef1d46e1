"""The store on a disk that is full, read-only or holds files of the wrong shape, on
real small tmpfs mounts: a failed save is not in the store afterwards, reading still
works, and the user reads the real cause in one line (never a traceback, never exit 70).
Also: file permissions, and a backup cut off by a full disk."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.core.errors import StoreError
from kiosk.core.models import Staff
from kiosk.store import open_store
from tests.bench.seed import sample_incident

ROOT = Path(__file__).resolve().parents[2]

needs_root = pytest.mark.skipif(os.geteuid() != 0 and os.environ.get("CI") != "true",
                                reason="mounting a tmpfs needs root (CI runs as root)")


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                    str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    """Take every free byte of ``disk``."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def cli(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args, "--store", str(store),
                           "--policies", str(ROOT / "policies")], cwd=ROOT, text=True,
                          capture_output=True, timeout=120, check=False)


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "unexpected" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def _with_staff(root: Path) -> None:
    store = open_store(root)
    store.add_staff(Staff(id="ag1", name="Ani", role="agent", pin_hash="h"), actor="setup")
    incident_id, ref = store.new_incident_id()
    store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC)), "ag1")


@needs_root
def test_a_full_disk_keeps_no_failed_save_and_still_reads(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        root = disk / "store"
        _with_staff(root)
        filler = fill(disk)
        store = open_store(root)
        failed = []
        for k in range(4):
            incident_id, ref = store.new_incident_id()
            with pytest.raises(StoreError, match="no space left") as caught:
                store.add_incident(sample_incident(incident_id, ref, "ag1", datetime.now(UTC),
                                                   name=f"Full {k}"), "ag1")
            assert "no staff member" not in str(caught.value)
            failed.append(incident_id)
        # Reading on the full disk: the board, the list, verify.
        assert len(store.open_incidents()) == 1
        assert len(store.find_incidents()) == 1
        assert store.verify() == []
        listed = cli(root, "incident", "list")
        assert listed.returncode == 0, listed.stderr
        checked = cli(root, "store", "verify")
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout.startswith("store OK: 1 incidents")
        filler.unlink()  # space again: what failed must not turn up now
        again = open_store(root)
        stored = {i.id for i in again.iter_incidents()}
        assert not stored & set(failed)
        assert len(stored) == 1
        again.settle()
        assert {i.id for i in open_store(root).iter_incidents()} == stored
        assert open_store(root).verify() == []


@needs_root
def test_a_read_only_store_says_so_in_one_line(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        root = disk / "store"
        _with_staff(root)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        line = one_line(cli(root, "incident", "list"))
        assert "Read-only file system" in line or "read-only" in line.lower(), line


@needs_root
def test_a_backup_cut_off_by_a_full_disk_is_named_incomplete(tmp_path: Path) -> None:
    root = tmp_path / "store"
    store = open_store(root)
    store.add_staff(Staff(id="ag1", name="Ani", role="agent", pin_hash="h"), actor="setup")
    for k in range(40):
        incident_id, ref = store.new_incident_id()
        at = datetime(2026, 1 + k % 12, 1 + k % 28, tzinfo=UTC)
        store.add_incident(sample_incident(incident_id, ref, "ag1", at, name=f"G{k}"), "ag1")
    store.settle()
    with small_disk(tmp_path / "disk", "64k") as disk:
        dest = disk / "backup"
        with pytest.raises(StoreError, match=r"backup to .* failed"):
            store.backup(dest)
        proc = cli(dest, "store", "verify")
        assert proc.returncode == 1, proc.stdout
        assert "incomplete backup" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr


def test_a_finished_backup_says_so(tmp_path: Path) -> None:
    root = tmp_path / "store"
    _with_staff(root)
    open_store(root).backup(tmp_path / "backup")
    done = json.loads((tmp_path / "backup" / "backup-complete.json").read_text())
    assert done["files"] > 3 and done["audit_head"]["seq"] == 2
    assert not (tmp_path / "backup" / "backup-incomplete").exists()
    assert cli(tmp_path / "backup", "store", "verify").returncode == 0


# --- permissions ----------------------------------------------------------------------
def test_store_files_are_the_owners_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        root = tmp_path / "store"
        _with_staff(root)
        open_store(root).settle()
        _with_staff_again = open_store(root)
        _with_staff_again.add_staff(Staff(id="ag2", name="Bo", role="agent", pin_hash="h"),
                                    actor="setup")  # a log after the checkpoint, too
        open_store(root).backup(tmp_path / "backup")
    finally:
        os.umask(old)
    for top in (root, tmp_path / "backup"):
        for path in [top, *top.rglob("*")]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            assert mode & 0o077 == 0, f"{path.relative_to(tmp_path)} is {mode:03o}"


def test_verify_warns_when_files_are_wider(tmp_path: Path) -> None:
    root = tmp_path / "store"
    _with_staff(root)
    open_store(root).settle()
    (root / "staff.json").chmod(0o644)
    proc = cli(root, "store", "verify")
    assert proc.returncode == 0, proc.stderr
    assert "warning: 1 store file or folder can be read by other users (staff.json)" \
        in proc.stderr


# --- files in a shape the store never writes ------------------------------------------
SHAPES = {
    "a list for the tables": ("staff.json", "[]"),
    "a list for a table": ("staff.json", '{"staff": []}'),
    "a list for a record": ("staff.json", '{"staff": {"ag1": []}}'),
    "a number too long to convert": (
        "staff.json", '{"staff": {"ag1": {"id": "ag1", "name": "Ani", "role": "agent", '
                      '"pin_hash": "h", "failed_attempts": ' + "9" * 5000 + "}}}"),
    "text for a count": (
        "staff.json", '{"staff": {"ag1": {"id": "ag1", "name": "Ani", "role": "agent", '
                      '"pin_hash": "h", "locked_until": 12}}}'),
    "a list for the active index": ("index/active.json", '{"active": []}'),
    "a number for an active entry": ("index/active.json", '{"active": {"X": 5}}'),
    "an active entry without its fields": ("index/active.json", '{"active": {"X": {}}}'),
}


@pytest.mark.parametrize("case", list(SHAPES))
def test_a_file_in_an_unexpected_shape_is_one_line_naming_it(case: str, tmp_path: Path
                                                             ) -> None:
    rel, text = SHAPES[case]
    root = tmp_path / "store"
    _with_staff(root)
    open_store(root).settle()
    (root / rel).write_text(text)
    command = ("staff", "list") if rel == "staff.json" else ("incident", "list", "--status", "open")
    line = one_line(cli(root, *command))
    assert rel in line, line
    proc = cli(root, "store", "verify")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert rel in proc.stderr
