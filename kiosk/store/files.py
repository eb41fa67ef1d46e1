"""Durable files for the store.

Every change to the store is a *transaction*: the new contents of each file it touches
are written to staged files (``.tmp-*``) and synced, then a journal naming them is put
in place (the commit point), then each file is renamed over its old version. A process killed at any
instant leaves either the old files, or a journal that the next process rolls forward
before it does anything else. Nothing is ever rewritten in place.

Files are read through a cache that trusts a parsed file only while its identity
(inode, size, modification time) is unchanged; an atomic replace always gives a new
inode, so another terminal's write is never missed.
"""

from __future__ import annotations

import json
import os
import secrets
from collections import OrderedDict
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError

JOURNAL = "journal.json"
TMP_PREFIX = ".tmp-"  # staged files sit in the store folder itself: one folder sync

Identity = tuple[int, int, int]


def dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def parse(raw: bytes, rel: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"corrupt store file {rel}: {exc}") from None


def identity(path: Path) -> Identity | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_synced(path: Path, raw: bytes) -> None:
    """Write a new file and push it to the disk (no rename here)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, raw: bytes) -> None:
    """A single file replaced whole: temp file in the same folder, fsync, rename."""
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{secrets.token_hex(4)}")
    write_synced(tmp, raw)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def ensure_dir(root: Path, folder: Path) -> None:
    """Create ``folder`` (and parents up to ``root``) durably."""
    if folder.is_dir():
        return
    ensure_dir(root, folder.parent)
    folder.mkdir(exist_ok=True)
    fsync_dir(folder.parent)


class FileCache:
    """Parsed files, trusted only while the file on disk is the very same file."""

    def __init__(self, root: Path, capacity: int = 96):
        self.root = root
        self.capacity = capacity
        self._entries: OrderedDict[str, tuple[Identity, Any]] = OrderedDict()

    def load(self, rel: str, keep: bool = True) -> Any | None:
        path = self.root / rel
        ident = identity(path)
        if ident is None:
            self._entries.pop(rel, None)
            return None
        hit = self._entries.get(rel)
        if hit is not None and hit[0] == ident:
            self._entries.move_to_end(rel)
            return hit[1]
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        data = parse(raw, rel)
        if keep:
            self.put(rel, ident, data)
        return data

    def put(self, rel: str, ident: Identity | None, data: Any) -> None:
        if ident is None:
            return
        self._entries[rel] = (ident, data)
        self._entries.move_to_end(rel)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def drop(self, rel: str) -> None:
        self._entries.pop(rel, None)


class Transaction:
    """The files one locked step reads and writes. Reads see this step's own writes."""

    def __init__(self, root: Path, cache: FileCache):
        self.root = root
        self.cache = cache
        self.written: dict[str, Any] = {}
        self._read: dict[str, Any] = {}

    def read(self, rel: str) -> Any | None:
        if rel in self.written:
            return self.written[rel]
        if rel not in self._read:
            self._read[rel] = self.cache.load(rel)
        return self._read[rel]

    def write(self, rel: str, data: Any) -> None:
        self.written[rel] = data

    def abort(self) -> None:
        # What was read may have been changed in place before the step gave up.
        for rel in (*self._read, *self.written):
            self.cache.drop(rel)

    def commit(self) -> None:
        if not self.written:
            return
        token = f"{TMP_PREFIX}{secrets.token_hex(6)}"
        plan: list[tuple[str, str]] = []
        for n, (rel, data) in enumerate(self.written.items()):
            name = f"{token}-{n}"
            write_synced(self.root / name, dump(data))
            plan.append((name, rel))
        journal = self.root / f"{token}.journal"
        write_synced(journal, dump({"files": plan}))
        os.replace(journal, self.root / JOURNAL)  # the commit point
        fsync_dir(self.root)  # makes the staged files and the journal durable at once
        apply_plan(self.root, plan)
        os.unlink(self.root / JOURNAL)
        for rel, data in self.written.items():
            self.cache.put(rel, identity(self.root / rel), data)


def apply_plan(root: Path, plan: list[tuple[str, str]]) -> None:
    """Move each staged file into place; safe to repeat after a crash."""
    folders: set[Path] = set()
    for name, rel in plan:
        if (Path(rel).is_absolute() or ".." in Path(rel).parts or "/" in name
                or not name.startswith(TMP_PREFIX)):
            raise StoreError(f"corrupt store file {JOURNAL}: bad entry {rel!r}")
        staged = root / name
        final = root / rel
        if not staged.exists():
            continue  # already moved before the crash
        ensure_dir(root, final.parent)
        os.replace(staged, final)
        folders.add(final.parent)
    for folder in folders:
        fsync_dir(folder)


def recover(root: Path) -> None:
    """Finish a committed step a crash interrupted and drop uncommitted leftovers.
    Call only while holding the store lock."""
    journal = root / JOURNAL
    if journal.exists():
        data = parse(journal.read_bytes(), JOURNAL)
        plan = [(str(name), str(rel)) for name, rel in data.get("files", [])]
        apply_plan(root, plan)
        os.unlink(journal)
        fsync_dir(root)
    with os.scandir(root) as entries:
        leftovers = [entry.path for entry in entries if entry.name.startswith(TMP_PREFIX)]
    for path in leftovers:
        os.unlink(path)
