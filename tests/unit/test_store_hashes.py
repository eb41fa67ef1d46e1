"""Verify takes a record's and an audit entry's hash the fast way first; the answer is
always the one the canonical form gives, whatever the fast encoder makes of it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from kiosk.store.audit import entry_hash, new_entry
from kiosk.store.tables import canonical, content_hash

DOCS: list[Any] = [
    {"id": "01J", "guest": {"name": "Անի Պետրոսյան", "room": "12B"}, "total": "25000"},
    {"b": [1, 2, {"z": None, "a": True}], "a": "line\nbreak \u2028 \x7f \x01 \"q\" \\"},
    {"big": 123456789012345678901234567890},  # beyond the fast encoder: the slow way
    {"float": 1e16, "small": 1e-05},  # written differently by the two encoders
    {"é": 1, "e": 2, "z": 3, "Z": 4},
]


def _slow(doc: Any) -> str:
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode()).hexdigest()


@pytest.mark.parametrize("doc", DOCS)
def test_a_content_hash_is_the_canonical_one(doc: Any) -> None:
    want = _slow(doc)
    assert canonical(doc) == json.dumps(doc, ensure_ascii=False, sort_keys=True,
                                        separators=(",", ":")).encode()
    assert content_hash(doc) == want
    assert content_hash(doc, want) == want
    assert content_hash(doc, "0" * 64) == want  # a record not as recorded: still its hash


@pytest.mark.parametrize("key", [None, b"k" * 32])
@pytest.mark.parametrize("detail", DOCS)
def test_an_entry_hash_is_the_canonical_one(detail: Any, key: bytes | None) -> None:
    entry = new_entry(3, "0" * 64, "2026-12-01T10:00:00+00:00", "desk-1", "ag1",
                      "incident.step", "01J", detail, {"incident 01J": "ab"}, key)
    carried = entry["hash"]
    assert entry_hash(entry, key) == carried
    assert entry_hash(entry, key, carried) == carried
    edited = {**entry, "actor": "sv1"}
    assert entry_hash(edited, key, carried) != carried
