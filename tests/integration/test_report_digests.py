"""The report's bulk read path: digests cached per day file, refreshed when a day file
changes, rebuilt when the cache is damaged, equal to reading the incidents one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.core.digest import from_document, from_incident, from_plain, to_plain
from kiosk.core.errors import StoreError
from kiosk.core.models import Outcome, Staff, to_dict
from kiosk.core.policy_set import Policy
from kiosk.store import open_store
from kiosk.store.digests import CACHE_DIR, iter_digests
from kiosk.store.layout import INCIDENTS_DIR
from tests.fixtures.report_store import NOW, STAFF_NAMES, fixture_incidents


def test_digest_of_a_document_equals_digest_of_the_record(policy: Policy) -> None:
    for incident in fixture_incidents(policy):
        digest = from_incident(incident)
        assert from_document(to_dict(incident)) == digest
        assert from_plain(to_plain(digest)) == digest


def test_cache_follows_the_day_files(policy: Policy, tmp_path: Path) -> None:
    root = tmp_path / "store"
    store = open_store(root, clock=lambda: NOW, terminal="desk-1")
    for staff_id, name in STAFF_NAMES.items():
        store.add_staff(Staff(staff_id, name, "agent", pin_hash="x"), actor="test")
    for incident in fixture_incidents(policy):
        store.add_incident(incident, actor="test")
    one_by_one = [from_incident(i) for i in store.iter_incidents()]
    assert list(store.history()) == one_by_one  # all in the log so far: read from it
    assert not (root / CACHE_DIR).exists()
    store.settle()
    assert list(iter_digests(root)) == one_by_one  # first read of the files fills the cache
    cache_files = sorted((root / CACHE_DIR).glob("*.bin"))
    assert [p.name for p in cache_files] == ["2026.bin"]
    assert list(store.history()) == one_by_one  # second read from the cache

    def unreachable(incident: object) -> None:
        incident.follow_up.outcome = Outcome.UNREACHABLE  # type: ignore[attr-defined]

    store.update_incident("A-1", unreachable, actor="test", action="follow_up")
    changed = {d.ref: d for d in store.history()}  # the change is in the log only
    assert changed["A-1"].outcome == "unreachable"
    assert [d.ref for d in store.history()] == [d.ref for d in one_by_one]
    store.settle()
    assert {d.ref: d for d in iter_digests(root)} == changed  # the day file changed

    cache_files[0].write_bytes(b"\x00not a cache")
    assert {d.ref: d for d in iter_digests(root)} == changed
    since = NOW.replace(day=10, hour=0)
    assert [d.ref for d in iter_digests(root, since=since)] == ["A-4", "A-5", "A-6", "A-8",
                                                                 "A-7"]


def test_day_files_the_fast_reader_refuses_are_read_or_named(policy: Policy,
                                                              tmp_path: Path) -> None:
    """A lone surrogate escape (which the standard library reads) still reports; a
    damaged day file is named in one clear error, never a traceback."""
    root = tmp_path / "store"
    store = open_store(root, clock=lambda: NOW, terminal="desk-1")
    for staff_id, name in STAFF_NAMES.items():
        store.add_staff(Staff(staff_id, name, "agent", pin_hash="x"), actor="test")
    incidents = fixture_incidents(policy)
    for incident in incidents:
        store.add_incident(incident, actor="test")
    store.settle()
    day = sorted((root / INCIDENTS_DIR).glob("*/*.json"))[0]
    data = json.loads(day.read_bytes())
    doc = next(iter(data["incidents"].values()))
    doc["account"] = "a lone \ud800 half"
    day.write_text(json.dumps(data), encoding="utf-8")
    assert len(list(iter_digests(root))) == len(incidents)
    day.write_bytes(b'{"incidents": {"1": [1, 2]}}')
    with pytest.raises(StoreError, match=day.name):
        list(iter_digests(root))
