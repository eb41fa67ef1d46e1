"""The store's file format, in one place.

Each store file is an ordinary TinyDB JSON database, ``{"table": {"doc id": {...}}}``,
that TinyDB itself can open. Nothing else in the kiosk spells that shape out: files are
read with ``load`` (which names the file when it is anything else), written with
``dump_file``, and a locked step reads and writes them a document at a time through
``table`` (see files.Transaction). ``dump_file`` puts each document on a line of its
own, so ``table_span`` and ``doc_in_span`` read one document without parsing the
whole file (a guest's incidents from a day file of hundreds); a file in any other
layout is parsed whole.
Which documents are *records* (incidents, staff, drafts, queued items: what the audit
trail proves) and their content hash live here too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import orjson

from kiosk.core.errors import StoreError
from kiosk.core.i18n import _
from kiosk.store.layout import DRAFTS_FILE, INCIDENTS_DIR, QUEUES_FILE, RECORDS_DIR, STAFF_FILE

if TYPE_CHECKING:
    from kiosk.store.files import Transaction

Tables = dict[str, dict[str, Any]]

INCIDENTS = "incidents"  # the table of a day file
STAFF = "staff"
DRAFTS = "drafts"
AUDIT = "audit"


# Made once: json.dumps with options builds an encoder on every call, and a save dumps
# a dozen keys and documents (3 µs each for the building alone).
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dump(data: Any) -> bytes:
    return _COMPACT.encode(data).encode("utf-8")


def dump_file(data: Tables) -> bytes:
    """A store file: one table header per line, then one document per line."""
    parts = []
    for n, (name, rows) in enumerate(data.items()):
        lines = b",\n".join(dump(key) + b":" + dump(doc) for key, doc in rows.items())
        parts.append((b"{" if n == 0 else b"},") + dump(name) + b":{\n" + lines + b"\n")
    return b"".join(parts) + b"}}" if parts else b"{}"


NOT_LAID_OUT = object()  # the answer for a file not written by dump_file


Span = tuple[int, int]  # a table's documents: from the newline before the first to its end


def table_span(raw: bytes, name: str) -> Span | object | None:
    """Where table ``name``'s documents lie in a file of ``dump_file``'s layout (None
    when it has no such table); ``NOT_LAID_OUT`` for a file in another layout."""
    if b":{\n" not in raw[:4096]:
        return NOT_LAID_OUT
    header = dump(name) + b":{\n"
    at = 0
    while True:
        at = raw.find(header, at)
        if at < 0:
            return None  # no such table
        if at > 0 and raw[at - 1:at] in (b"{", b","):
            break
        at += 1
    start = at + len(header) - 1  # the newline before the first document
    end = _table_end(raw, start)
    if end < 0:
        return NOT_LAID_OUT
    return (start, end)


def _table_end(raw: bytes, start: int) -> int:
    """``raw.find(b"\\n}", start)``, found a line at a time: only a table's end starts
    a line with "}", and the many "}" of JSON make bytes.find ten times slower at this
    (80 µs on a day file) than a hop from newline to newline."""
    at = raw.find(b"\n", start)
    while at >= 0 and raw[at + 1:at + 2] != b"}":
        at = raw.find(b"\n", at + 1)
    return at


def doc_in_span(raw: bytes, span: Span, key: str) -> Any:
    """Document ``key`` from the table at ``span`` (None if absent), read from its line;
    ``NOT_LAID_OUT`` when that line cannot be read (parse the file whole)."""
    start, end = span
    needle = b"\n" + dump(key) + b":"
    found = raw.find(needle, start, end)
    if found < 0:
        return None
    stop = raw.find(b"\n", found + 1)
    line = raw[found + len(needle):stop].rstrip(b",")
    try:
        doc = read_json(line)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return NOT_LAID_OUT  # let the whole parse name the damage
    if not isinstance(doc, dict):
        return NOT_LAID_OUT
    return doc


# orjson reads a store file about twice as fast as json, and reads every file json
# reads alike but for numbers past 64 bits, which it turns into floats without a word.
# A file with nineteen digits in a row where a number may start (never one the kiosk
# writes; a hash inside a string does not count) is read by json; so is whatever orjson
# refuses (NaN, a byte-order mark, a lone surrogate), which json reads or names.
_NUMBER_START = b":,[- \t\r\n"
_DIGITS_ONLY = bytes(48 if chr(b).isdigit() and b < 128 else 33 if b in _NUMBER_START
                     else 46 for b in range(256))  # digits → 0, where one may start → !
_LONG_NUMBER = b"!" + b"0" * 19


def _long_number(raw: bytes) -> bool:
    return _LONG_NUMBER in raw.translate(_DIGITS_ONLY)


def read_json(raw: bytes) -> Any:
    """JSON as json reads it, by orjson where that reads it the same."""
    if not _long_number(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw)


def parse(raw: bytes, rel: str) -> Any:
    try:
        return read_json(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise StoreError(_("corrupt store file {rel}: {why}").format(rel=rel, why=exc)) from None


def load(raw: bytes, rel: str) -> Tables:
    """A store file's tables; ``StoreError`` naming the file when it is not a TinyDB
    database of documents."""
    data = parse(raw, rel)
    if not isinstance(data, dict):
        raise StoreError(_("corrupt store file {rel}: a {kind} where the tables "
                           "belong").format(rel=rel, kind=_kind(data)))
    for name, rows in data.items():
        if not isinstance(rows, dict):
            raise StoreError(_("corrupt store file {rel}: table {name} is a {kind}").format(
                rel=rel, name=repr(name), kind=_kind(rows)))
        for key, doc in rows.items():
            if not isinstance(doc, dict):
                raise StoreError(_("corrupt store file {rel}: {name} {key} is a {kind}, not a "
                                   "document").format(
                    rel=rel, name=name, key=repr(key), kind=_kind(doc)))
    return data


def apply(rows: dict[str, Any], ops: Mapping[str, Any]) -> None:
    """Put each of ``ops`` (key → whole document, or None to remove) into ``rows``."""
    for key, doc in ops.items():
        if doc is None:
            rows.pop(key, None)
        else:
            rows[key] = doc


def _kind(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false",
            type(None): "null"}.get(type(value), type(value).__name__)


def is_day_file(rel: str) -> bool:
    return rel.startswith(f"{INCIDENTS_DIR}/") and rel.endswith(".json")


def record_name(rel: str, table_name: str, key: str) -> str | None:
    """How the audit trail names the record stored under ``key`` (None: derived data,
    such as indexes, or the trail itself)."""
    if table_name == INCIDENTS and is_day_file(rel):
        return f"incident {key}"
    if rel == STAFF_FILE and table_name == STAFF:
        return f"staff {key}"
    if rel == DRAFTS_FILE and table_name == DRAFTS:
        return f"draft {key}"
    if rel == QUEUES_FILE:
        return f"queue {table_name}/{key}"
    if rel == f"{RECORDS_DIR}/{table_name}.json":
        return f"record {table_name}/{key}"
    return None


def canonical(doc: Any) -> bytes:
    """The form a record's hash is taken of: sorted keys, compact, UTF-8."""
    return _CANONICAL.encode(doc).encode("utf-8")


def quick_canonical(doc: Any) -> bytes | None:
    """``canonical`` written by a faster encoder; the same bytes for what the kiosk
    stores, else (say, for a float) bytes that will not match, or None. Only ever
    trusted when its hash equals the one recorded: equal hashes mean equal bytes."""
    try:
        return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None  # a number beyond 64 bits, a key that is not text


def quick_hash(doc: Any) -> str:
    """``content_hash`` as the faster encoder writes it: the same for what the kiosk
    stores, so trusted only where it equals the hash on record."""
    quick = quick_canonical(doc)
    return hashlib.sha256(canonical(doc) if quick is None else quick).hexdigest()


def content_hash(doc: Any, expect: str | None = None) -> str:
    """A record's content hash; with ``expect`` (the hash on record) tried the fast way
    first, since most records are as recorded."""
    if expect is not None and (quick := quick_canonical(doc)) is not None:
        digest = hashlib.sha256(quick).hexdigest()
        if digest == expect:
            return digest
    return hashlib.sha256(canonical(doc)).hexdigest()


class Table:
    """One table of one store file, inside a transaction, a document at a time."""

    def __init__(self, txn: Transaction, rel: str, name: str):
        self.txn = txn
        self.rel = rel
        self.name = name

    def get_doc(self, key: str) -> dict[str, Any] | None:
        return self.txn.get(self.rel, self.name, key)

    def put(self, key: str, doc: dict[str, Any]) -> None:
        """Insert or replace the whole document stored under ``key``."""
        self.txn.put(self.rel, self.name, key, doc)

    add = put

    def remove(self, key: str) -> None:
        self.txn.put(self.rel, self.name, key, None)

    def raw(self, keep: bool = True) -> Mapping[str, Any]:
        """Every document, read only (``keep``: worth keeping the file in the cache)."""
        return self.txn.rows(self.rel, self.name, keep)


def table(txn: Transaction, rel: str, name: str) -> Table:
    """Table ``name`` of the store file ``rel``, inside transaction ``txn``."""
    return Table(txn, rel, name)
