"""TinyDB on top of the store's transactions.

Each store file is an ordinary TinyDB JSON database (``{"table": {"doc id": {...}}}``)
that TinyDB itself can open. Here TinyDB reads and writes through the current
transaction instead of the file, and a fresh TinyDB object is made for each locked step,
so its cached next ids and query results never outlive the lock.
"""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from kiosk.store.files import Transaction


class TransactionStorage(Storage):
    """A TinyDB storage whose file is one entry of a transaction."""

    def __init__(self, txn: Transaction, rel: str):
        self.txn = txn
        self.rel = rel

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self.txn.read(self.rel)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.txn.write(self.rel, data)

    def close(self) -> None:
        pass


class KeyedTable(Table):
    """Documents keyed by our own ids (ULIDs, staff ids), never TinyDB's counters."""

    document_id_class = str  # type: ignore[assignment]

    def put(self, key: str, doc: dict[str, Any]) -> None:
        """Insert or replace the whole document stored under ``key``."""

        def updater(table: dict[str, Any]) -> None:
            table[key] = doc

        self._update_table(updater)  # type: ignore[arg-type]

    def get_doc(self, key: str) -> dict[str, Any] | None:
        return self._read_table().get(key)  # type: ignore[return-value]

    def add(self, key: str, doc: dict[str, Any]) -> None:
        self.insert(Document(doc, doc_id=key))  # type: ignore[arg-type]

    def raw(self) -> dict[str, Any]:
        return self._read_table()


class _StoreDB(TinyDB):
    table_class = KeyedTable


def table(txn: Transaction, rel: str, name: str) -> KeyedTable:
    """Table ``name`` of the TinyDB file ``rel``, inside transaction ``txn``."""
    db = _StoreDB(txn, rel, storage=TransactionStorage)
    return db.table(name, cache_size=0)  # type: ignore[return-value]
