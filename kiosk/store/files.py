"""Durable files for the store: one synced log record per save, files brought up to
date in batches.

A locked step's changes are *operations*: put a whole document under a key of a table
of a store file, or remove it. Committing appends them to ``wal.log`` as one record and
syncs the log once: that is the commit point and the whole cost of a save. Every reader,
in this process or on another terminal, sees the store as its files plus the log: under
the lock it reads what the log gained since it last looked and keeps those operations in
memory (the overlay). When the log grows past a limit, the step that finds it so
*checkpoints*: each file the log touches is written once, whole (temp file, fsync,
rename), the folders are synced, and the log is replaced by an empty one with a new
generation, which tells every other reader to drop its overlay. Operations are
idempotent, so a checkpoint cut off halfway is simply done again. A torn last record
(the process died inside the append) was never acknowledged: readers stop before it and
the next writer cuts it off. A failed append is cut off the same way before the error
is reported, so a save that failed is never in the store afterwards.

Files are read through a cache that trusts a parsed file only while its identity
(inode, size, modification time) is unchanged; a checkpoint always gives a new inode.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import struct
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError
from kiosk.core.i18n import _
from kiosk.store.tables import (
    NOT_LAID_OUT,
    Span,
    Tables,
    apply,
    content_hash,
    doc_in_span,
    dump,
    dump_file,
    load,
    parse,
    read_json,
    record_name,
    table_span,
)

TMP_PREFIX = ".tmp-"  # staged files sit in the store folder itself: one folder sync
FILE_MODE = 0o600  # guests' names and PIN hashes: the owner only
DIR_MODE = 0o700

Identity = tuple[int, int, int]
Ops = list[tuple[str, str, str, Any]]  # (file, table, key, document or None to remove)

__all__ = ["TMP_PREFIX", "FileCache", "Log", "Transaction", "dump", "ensure_dir",
           "identity", "parse", "write_atomic"]


def identity(path: Path | str) -> Identity | None:
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


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view):]


def write_synced(path: Path, raw: bytes) -> None:
    """Write a new file and push it to the disk (no rename here)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        _write_all(fd, raw)
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, raw: bytes, sync: bool = True) -> None:
    """A single file replaced whole: temp file in the same folder, fsync, rename."""
    tmp = path.with_name(f"{TMP_PREFIX}{path.name}.{secrets.token_hex(4)}")
    try:
        if sync:
            write_synced(tmp, raw)
        else:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            try:
                _write_all(fd, raw)
            finally:
                os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync:
        fsync_dir(path.parent)


def ensure_dir(root: Path, folder: Path) -> None:
    """Create ``folder`` (and parents up to ``root``) durably, owner only."""
    if folder.is_dir():
        return
    ensure_dir(root, folder.parent)
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=DIR_MODE)
    fsync_dir(folder.parent)


def read_file(path: str | Path) -> bytes:
    """A whole file, in the fewest system calls: a save reads a few index files, a
    verify thousands, and Python's buffered file asks the kernel three more questions
    about each before reading it."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        size = os.fstat(fd).st_size
        chunks = []
        while chunk := os.read(fd, max(size, 1) + 1):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class FileCache:
    """Parsed files, trusted only while the file on disk is the very same file."""

    def __init__(self, root: Path, capacity: int = 256, doc_capacity: int = 1024,
                 raw_budget: int = 4 * 1024 * 1024):
        self.root = root
        self.capacity = capacity
        self._entries: OrderedDict[str, tuple[Identity, Tables]] = OrderedDict()
        # Documents read from their lines (an index entry, an incident of a day file),
        # each file's with the identity it was read at: a look-up asked again, or a
        # save reading the index entry its look-up read, does not read the file again.
        self.doc_capacity = doc_capacity
        self._docs: OrderedDict[str, _Lines] = OrderedDict()
        # The bytes of the files read most recently, up to ``raw_budget`` in all: a save
        # asks today's day file and an index file for keys they do not hold yet, again
        # and again, until the next checkpoint gives them a new identity.
        self.raw_budget = raw_budget
        self._raw: OrderedDict[str, tuple[Identity, bytes]] = OrderedDict()
        self._raw_bytes = 0
        self._base = os.path.join(root, "")  # paths as text: a look-up joins several

    def load(self, rel: str, keep: bool = True) -> Tables:
        path = self.root / rel
        ident = identity(path)
        if ident is None:
            self._entries.pop(rel, None)
            return {}
        hit = self._entries.get(rel)
        if hit is not None and hit[0] == ident:
            self._entries.move_to_end(rel)
            return hit[1]
        try:
            raw = read_file(path)
        except FileNotFoundError:
            return {}
        except IsADirectoryError:
            raise StoreError(_("corrupt store file {rel}: a folder, not a file").format(
                rel=rel)) from None
        data = load(raw, rel)
        if keep:
            self.put(rel, ident, data)
        return data

    def doc(self, rel: str, name: str, key: str) -> Any | None:
        """One document: from the parsed file when it is cached, else from its line."""
        path = self._base + rel
        ident = identity(path)
        if ident is None:
            return None
        hit = self._entries.get(rel)
        if hit is not None and hit[0] == ident:
            return hit[1].get(name, {}).get(key)
        lines = self._docs.get(rel)
        if lines is None or lines.ident != ident:
            lines = _Lines(ident)
        elif (name, key) in lines.docs:
            self._docs.move_to_end(rel)
            return lines.docs[(name, key)]
        raw = self._bytes(rel, path, ident)
        if raw is None:
            return None
        span = lines.spans.get(name, NOT_LAID_OUT)
        if span is NOT_LAID_OUT:
            span = lines.spans[name] = table_span(raw, name)
        found = (span if span is None or span is NOT_LAID_OUT
                 else doc_in_span(raw, span, key))  # type: ignore[arg-type]
        if found is NOT_LAID_OUT:
            data = load(raw, rel)
            self.put(rel, ident, data)
            return data.get(name, {}).get(key)
        lines.docs[(name, key)] = found
        self._docs[rel] = lines
        self._docs.move_to_end(rel)
        while len(self._docs) > self.doc_capacity:
            self._docs.popitem(last=False)
        return found

    def _bytes(self, rel: str, path: str, ident: Identity) -> bytes | None:
        kept = self._raw.get(rel)
        if kept is not None and kept[0] == ident:
            self._raw.move_to_end(rel)
            return kept[1]
        try:
            raw = read_file(path)
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise StoreError(_("corrupt store file {rel}: a folder, not a file").format(
                rel=rel)) from None
        if kept is not None:
            self._raw_bytes -= len(kept[1])
        self._raw[rel] = (ident, raw)
        self._raw.move_to_end(rel)
        self._raw_bytes += len(raw)
        while self._raw_bytes > self.raw_budget and self._raw:
            self._raw_bytes -= len(self._raw.popitem(last=False)[1][1])
        return raw

    def put(self, rel: str, ident: Identity | None, data: Tables) -> None:
        if ident is None:
            return
        self._entries[rel] = (ident, data)
        self._entries.move_to_end(rel)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def drop(self, rel: str) -> None:
        self._entries.pop(rel, None)
        self._docs.pop(rel, None)
        kept = self._raw.pop(rel, None)
        if kept is not None:
            self._raw_bytes -= len(kept[1])


class _Lines:
    """What was read of one version of a file from its lines: documents by (table,
    key), None for keys it does not hold, and where each table lies."""

    __slots__ = ("docs", "ident", "spans")

    def __init__(self, ident: Identity):
        self.ident = ident
        self.docs: dict[tuple[str, str], Any] = {}
        self.spans: dict[str, Span | object | None] = {}


WAL_FILE = "wal.log"
# Bytes of log before a checkpoint (some five hundred saves). Every new process reads
# the whole log, and the save that fills it waits for the checkpoint: at 8 MB a
# command read 4 MB of it on average (80-90 ms) and the desk waited 5 s for it once.
WAL_LIMIT = 2 * 1024 * 1024
_MAGIC = b"KLOG"
_GEN_SIZE = 16
_LOG_HEADER = len(_MAGIC) + _GEN_SIZE
_RECORD = b"KREC"
_REC = struct.Struct(">4sII")  # magic, payload length, crc32


class Log:
    """The write-ahead log as this store object last saw it, with its operations kept
    in memory as an overlay over the files. Use only while holding the store lock."""

    def __init__(self, root: Path):
        self.root = root
        self.path = root / WAL_FILE
        self._reset(None)

    def _reset(self, gen: bytes | None) -> None:
        self.gen = gen
        self.end = _LOG_HEADER
        self.torn = False
        self.pending: dict[str, dict[str, dict[str, Any]]] = {}
        self._views: dict[tuple[str, str], tuple[int, int, dict[str, Any]]] = {}

    def size(self) -> int:
        return self.end if self.gen is not None else 0

    # --- reading -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Take in what other terminals appended since this object last looked."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            self._reset(None)
            return
        try:
            size = os.fstat(fd).st_size
            head = os.pread(fd, _LOG_HEADER, 0)
            if len(head) < _LOG_HEADER or not head.startswith(_MAGIC):
                if head and not head.startswith(_MAGIC[:len(head)]):
                    self._upgrade(fd)
                    return
                self._reset(None)  # created but never written: as good as none
                return
            gen = head[len(_MAGIC):]
            if gen != self.gen or size < self.end:
                self._reset(gen)
            if size > self.end:
                self._take(os.pread(fd, size - self.end, self.end))
            self.torn = size > self.end
        finally:
            os.close(fd)

    def _take(self, data: bytes) -> None:
        pos = 0
        while len(data) - pos >= _REC.size:
            magic, length, crc = _REC.unpack_from(data, pos)
            payload = data[pos + _REC.size:pos + _REC.size + length]
            if magic != _RECORD or len(payload) != length or zlib.crc32(payload) != crc:
                break  # torn: never acknowledged
            try:
                # A fresh process reads the whole log (up to WAL_LIMIT): orjson reads it
                # in a third of json's time.
                ops = read_json(payload)
            except ValueError:
                break
            self._apply(ops)
            pos += _REC.size + length
        self.end += pos

    def _apply(self, ops: Ops) -> None:
        pending = self.pending
        for rel, name, key, doc in ops:
            tables = pending.get(rel)
            if tables is None:
                tables = pending[rel] = {}
            rows = tables.get(name)
            if rows is None:
                rows = tables[name] = {}
            rows[key] = doc
        if self._views:  # none yet in a process that has just read the log
            for rel, name, _key, _doc in ops:
                self._views.pop((rel, name), None)

    def rows(self, rel: str, name: str, base: dict[str, Any]) -> dict[str, Any]:
        """Table ``name`` of ``rel`` with the log's operations applied (read only)."""
        ops = self.pending.get(rel, {}).get(name)
        if not ops:
            return base
        memo = self._views.get((rel, name))
        if memo is not None and memo[0] == id(base) and memo[1] == self.end:
            return memo[2]
        merged = dict(base)
        apply(merged, ops)
        self._views[(rel, name)] = (id(base), self.end, merged)
        return merged

    def frozen(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The overlay as it stands now, for reading outside the lock."""
        return {rel: {name: dict(ops) for name, ops in tables.items()}
                for rel, tables in self.pending.items()}

    # --- writing -----------------------------------------------------------------------
    def append(self, ops: Ops) -> None:
        """Commit ``ops``: one record, one sync. On failure nothing of it remains."""
        payload = dump(ops)
        record = _REC.pack(_RECORD, len(payload), zlib.crc32(payload)) + payload
        if self.gen is None:
            self._start()
        fd = os.open(self.path, os.O_WRONLY)
        try:
            if self.torn:
                os.ftruncate(fd, self.end)
                self.torn = False
            try:
                view, pos = memoryview(record), self.end
                while view:
                    written = os.pwrite(fd, view, pos)
                    view, pos = view[written:], pos + written
                os.fdatasync(fd)
            except OSError:
                # Not acknowledged, so not kept: a retried save must not make a twin.
                self.torn = True
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, self.end)
                    os.fdatasync(fd)
                    self.torn = False
                raise
        finally:
            os.close(fd)
        self._apply(ops)
        self.end += len(record)

    def _start(self) -> None:
        """A new, empty log with a generation of its own."""
        gen = secrets.token_bytes(_GEN_SIZE)
        write_atomic(self.path, _MAGIC + gen)
        self._reset(gen)

    def checkpoint(self, cache: FileCache) -> None:
        """Write every file the log touches, sync them, and start an empty log."""
        clean_leftovers(self.root)
        if not self.pending:
            if self.gen is not None and self.end > _LOG_HEADER:
                self._start()
            return
        folders: set[Path] = {self.root}
        written: list[tuple[str, Tables]] = []
        for rel, tables in self.pending.items():
            data = {name: dict(rows) for name, rows in cache.load(rel, keep=False).items()}
            for name, ops in tables.items():
                apply(data.setdefault(name, {}), ops)
            target = _inside(self.root, rel)
            ensure_dir(self.root, target.parent)
            tmp = self.root / f"{TMP_PREFIX}{secrets.token_hex(6)}"
            write_synced(tmp, dump_file(data))
            os.replace(tmp, target)
            folders.add(target.parent)
            written.append((rel, data))
        for folder in sorted(folders, key=str):
            fsync_dir(folder)
        self._start()
        for rel, data in written:
            cache.put(rel, identity(self.root / rel), data)

    def _upgrade(self, fd: int) -> None:
        """A log in the first release's format (whole files per record): put its files
        in place, synced, then start a log of today's kind."""
        data = b""
        while chunk := os.read(fd, 1 << 20):
            data += chunk
        if not data.startswith(_RECORD):
            raise StoreError(_("corrupt store file {file}: not a write-ahead log").format(
                file=WAL_FILE))
        header = struct.Struct(">4sQI")
        pos = 0
        while pos < len(data):
            if data[pos:pos + 4] == b"KDON":
                pos += 40
                continue
            if len(data) - pos < header.size:
                break
            magic, length, crc = header.unpack_from(data, pos)
            payload = data[pos + header.size:pos + header.size + length]
            if magic != _RECORD or len(payload) != length or zlib.crc32(payload) != crc:
                break
            pos += header.size + length
            at = 0
            while at < len(payload):
                (name_len,) = struct.unpack_from(">H", payload, at)
                rel = payload[at + 2:at + 2 + name_len].decode("utf-8")
                (size,) = struct.unpack_from(">Q", payload, at + 2 + name_len)
                at += 10 + name_len
                target = _inside(self.root, rel)
                ensure_dir(self.root, target.parent)
                write_atomic(target, payload[at:at + size])  # the old layout: still TinyDB
                at += size
        self._start()


def _inside(root: Path, rel: str) -> Path:
    if Path(rel).is_absolute() or ".." in Path(rel).parts:
        raise StoreError(_("corrupt store file {file}: bad file name {rel}").format(
            file=WAL_FILE, rel=repr(rel)))
    return root / rel


def clean_leftovers(root: Path) -> None:
    """Temp files a killed checkpoint left behind (only ever read after a rename)."""
    with os.scandir(root) as entries:
        leftovers = [entry.path for entry in entries if entry.name.startswith(TMP_PREFIX)]
    for path in leftovers:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


class Transaction:
    """The documents one locked step reads and writes. Reads see the log and this
    step's own writes; ``records`` collects the content hash of each record written,
    for the step's audit entry."""

    def __init__(self, root: Path, cache: FileCache, log: Log):
        self.root = root
        self.cache = cache
        self.log = log
        self.ops: Ops = []
        self._mine: dict[tuple[str, str], dict[str, Any]] = {}
        self.records: dict[str, str | None] = {}
        self.unrecorded: set[str] = set()

    def rows(self, rel: str, name: str, keep: bool = True) -> Mapping[str, Any]:
        rows = self.log.rows(rel, name, self.cache.load(rel, keep).get(name, {}))
        mine = self._mine.get((rel, name))
        if not mine:
            return rows
        merged = dict(rows)
        apply(merged, mine)
        return merged

    def get(self, rel: str, name: str, key: str) -> Any | None:
        mine = self._mine.get((rel, name))
        if mine is not None and key in mine:
            return mine[key]
        ops = self.log.pending.get(rel, {}).get(name)
        if ops is not None and key in ops:
            return ops[key]
        return self.cache.doc(rel, name, key)

    def put(self, rel: str, name: str, key: str, doc: Any | None) -> None:
        self.ops.append((rel, name, key, doc))
        self._mine.setdefault((rel, name), {})[key] = doc
        record = record_name(rel, name, key)
        if record is not None:
            self.records[record] = None if doc is None else content_hash(doc)
            self.unrecorded.add(record)

    def take_records(self) -> dict[str, str | None]:
        """The records written so far, for the audit entry that covers them."""
        self.unrecorded.clear()
        return dict(self.records)

    def commit(self) -> bool:
        """Append this step's operations to the log; True when there were any."""
        if not self.ops:
            return False
        if self.unrecorded:
            raise StoreError(_("{file} written without an audit entry").format(
                file=sorted(self.unrecorded)[0]))
        self.log.append(self.ops)
        return True
