"""Durable files for the store.

Every change to the store is a *transaction* over whole files. Its new file contents
are appended to a write-ahead log (``wal.log``) and synced once: that is the commit
point. Then each file is replaced atomically (temp file, rename) and a "done" mark is
appended. A process killed at any instant leaves either a log whose last record is
done, or one the next process replays before it does anything else. After a power
cut (the machine's boot id changed) the whole log is replayed. From time to time a
checkpoint syncs every file the log covers and empties it, so one save costs one
sync, not one per file, and the log stays small. Nothing is rewritten in place.

Files are read through a cache that trusts a parsed file only while its identity
(inode, size, modification time) is unchanged; an atomic replace always gives a new
inode, so another terminal's write is never missed.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError

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
        files = [(rel, dump(data)) for rel, data in self.written.items()]
        wal = WriteAheadLog(self.root)
        wal.append(files)  # the commit point
        apply_files(self.root, files)
        wal.mark_done()
        for rel, data in self.written.items():
            self.cache.put(rel, identity(self.root / rel), data)
        if wal.size() > WAL_LIMIT:
            wal.checkpoint()


WAL_FILE = "wal.log"
WAL_LIMIT = 24 * 1024 * 1024  # bytes of log before a checkpoint (about 100 saves)
_RECORD = b"KREC"
_DONE = b"KDON"
_DONE_SIZE = 4 + 36
_HEADER = struct.Struct(">4sQI")  # magic, payload length, crc32


def boot_id() -> str:
    """Changes when the machine restarts; a log written before then is replayed."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:36].ljust(36)
    except OSError:
        return ""


class WriteAheadLog:
    def __init__(self, root: Path):
        self.path = root / WAL_FILE
        self.root = root

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def append(self, files: list[tuple[str, bytes]]) -> None:
        parts = []
        for rel, raw in files:
            name = rel.encode("utf-8")
            parts += [struct.pack(">H", len(name)), name, struct.pack(">Q", len(raw)), raw]
        payload = b"".join(parts)
        record = _HEADER.pack(_RECORD, len(payload), zlib.crc32(payload)) + payload
        new = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            _write_all(fd, record)
            os.fdatasync(fd)
        finally:
            os.close(fd)
        if new:
            fsync_dir(self.root)
        if not boot_id().strip():
            self.checkpoint()  # no way to tell a restart: make every step durable

    def mark_done(self) -> None:
        """Every file of the last record is in place (not yet synced: the log has it)."""
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            _write_all(fd, _DONE + boot_id().encode("ascii"))
        finally:
            os.close(fd)

    def is_settled(self) -> bool:
        """True when nothing needs replaying: empty, or last record done in this boot."""
        size = self.size()
        if size == 0:
            return True
        if size < _DONE_SIZE:
            return False
        with open(self.path, "rb") as handle:
            handle.seek(size - _DONE_SIZE)
            tail = handle.read(_DONE_SIZE)
        return tail == _DONE + boot_id().encode("ascii")

    def records(self) -> list[list[tuple[str, bytes]]]:
        """The whole records in the log, in order; a torn last one is left out."""
        data = self.path.read_bytes() if self.path.exists() else b""
        out, pos = [], 0
        while pos < len(data):
            if data[pos:pos + 4] == _DONE:
                pos += _DONE_SIZE
                continue
            if len(data) - pos < _HEADER.size:
                break
            magic, length, crc = _HEADER.unpack_from(data, pos)
            payload = data[pos + _HEADER.size:pos + _HEADER.size + length]
            if magic != _RECORD or len(payload) != length or zlib.crc32(payload) != crc:
                break
            out.append(_split(payload))
            pos += _HEADER.size + length
        return out

    def replay(self) -> None:
        for files in self.records():
            apply_files(self.root, files)
        self.checkpoint()

    def checkpoint(self) -> None:
        """Sync every file the log covers, then empty the log."""
        if not self.path.exists():
            return
        folders: set[Path] = {self.root}
        for files in self.records():
            for rel, _ in files:
                target = self.root / rel
                if target in folders:
                    continue
                folders.add(target)
                folders.add(target.parent)
        for path in sorted(folders, key=lambda p: (p.is_dir(), str(p))):
            if path.is_dir():
                fsync_dir(path)
            elif path.exists():
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        fd = os.open(self.path, os.O_WRONLY)
        try:
            os.ftruncate(fd, 0)
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view):]


def _split(payload: bytes) -> list[tuple[str, bytes]]:
    files, pos = [], 0
    while pos < len(payload):
        (name_len,) = struct.unpack_from(">H", payload, pos)
        pos += 2
        rel = payload[pos:pos + name_len].decode("utf-8")
        pos += name_len
        (size,) = struct.unpack_from(">Q", payload, pos)
        pos += 8
        files.append((rel, payload[pos:pos + size]))
        pos += size
    return files


def apply_files(root: Path, files: list[tuple[str, bytes]]) -> None:
    """Put each file in place whole (temp file beside the store, rename). Not synced
    here: the log holds the contents until a checkpoint has synced them."""
    for rel, raw in files:
        if Path(rel).is_absolute() or ".." in Path(rel).parts:
            raise StoreError(f"corrupt store file {WAL_FILE}: bad file name {rel!r}")
        final = root / rel
        ensure_dir(root, final.parent)
        tmp = root / f"{TMP_PREFIX}{secrets.token_hex(6)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            _write_all(fd, raw)
        finally:
            os.close(fd)
        os.replace(tmp, final)


def recover(root: Path) -> None:
    """Replay what a crash or power cut left unfinished and drop leftovers.
    Call only while holding the store lock."""
    wal = WriteAheadLog(root)
    if not wal.is_settled():
        wal.replay()
    with os.scandir(root) as entries:
        leftovers = [entry.path for entry in entries if entry.name.startswith(TMP_PREFIX)]
    for path in leftovers:
        os.unlink(path)


def checkpoint(root: Path) -> None:
    """Make everything durable and empty the log (before writing files directly)."""
    WriteAheadLog(root).checkpoint()
