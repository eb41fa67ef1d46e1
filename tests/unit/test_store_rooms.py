"""A room's history kept by year: a save rewrites only this year's entry of its room,
look-ups by room still find every year's incidents newest first, and a store of the
first format (each room's whole history in one entry) is upgraded when a terminal of
this release first opens it, safely even when that is cut off."""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.errors import StoreError
from kiosk.core.models import Staff, Status
from kiosk.store import TinyStore, files, formats, indexes, layout, open_store
from kiosk.store.layout import FORMAT_FILE, INDEX_DIR
from kiosk.store.tables import dump, dump_file, load
from tests.bench.seed import sample_incident

YEARS = (2019, 2021, 2023, 2026)


def _store(root: Path) -> TinyStore:
    store = open_store(root)
    assert isinstance(store, TinyStore)
    return store


def _filled(root: Path, per_year: int = 5) -> tuple[TinyStore, list[str]]:
    """Incidents from room 412 (and one from 413) over several years; their ids."""
    store = _store(root)
    store.add_staff(Staff(id="ag1", name="ag1", role="agent", pin_hash="h"), "setup")
    ids = []
    for year in YEARS:
        for n in range(per_year):
            incident_id, ref = store.new_incident_id()
            at = datetime(year, 1, 2, 12, tzinfo=UTC) + timedelta(days=7 * n)
            store.add_incident(sample_incident(incident_id, ref, "ag1", at), "ag1")
            ids.append(incident_id)
    incident_id, ref = store.new_incident_id()
    store.add_incident(sample_incident(incident_id, ref, "ag1", datetime(2022, 5, 1,
                                                                         tzinfo=UTC),
                                       room="413"), "ag1")
    return store, ids


def _records(root: Path) -> Iterator[list[list[object]]]:
    data = (root / files.WAL_FILE).read_bytes()
    pos = 20
    while pos + 12 <= len(data):
        _, length, _ = struct.unpack(">4sII", data[pos:pos + 12])
        yield json.loads(data[pos + 12:pos + 12 + length])
        pos += 12 + length


def test_a_save_rewrites_only_this_years_entry_of_its_room(tmp_path: Path) -> None:
    store, _ = _filled(tmp_path / "s", per_year=40)
    store.settle()
    incident_id, ref = store.new_incident_id()
    store.add_incident(sample_incident(incident_id, ref, "ag1", datetime(2026, 11, 1,
                                                                         tzinfo=UTC)), "ag1")
    last = list(_records(store.root))[-1]
    room = [op for op in last if op[1] == "room"]
    assert [op[2] for op in room] == ["412|2026"]
    assert len(room[0][3]) == 41  # this year's 40 and the new one, not all 161


def test_a_room_is_looked_up_over_every_year_newest_first(tmp_path: Path) -> None:
    store, ids = _filled(tmp_path / "s")
    for again in (store, TinyStore(store.root)):  # from the log, then from the files
        found = again.find_incidents(room="412")
        assert [i.id for i in found] == list(reversed(ids))
        assert [i.id for i in again.find_incidents(room="412", limit=7)] == \
            list(reversed(ids))[:7]
        assert [i.guest.room for i in again.find_incidents(room="413")] == ["413"]
        assert again.find_incidents(room="414") == []
        store.settle()
    store.update_incident(ids[0], lambda i: setattr(i, "status", Status.CLOSED), "ag1",
                          "incident.close")
    closed = store.find_incidents(status=Status.CLOSED, room="412", limit=3)
    assert [i.id for i in closed] == [ids[0]]
    both = store.find_incidents(guest="Անի Պետրոսյան", room="412", limit=2)
    assert [i.id for i in both] == list(reversed(ids))[:2]


def _format_1_shard(kind: str, key: str) -> str:
    """Where the first format kept a key: one of 512 shards."""
    if kind == "stay":
        kind, key = "guest", key.partition("|")[0]
    digest = hashlib.blake2b(f"{kind}\0{key}".encode(), digest_size=4).digest()
    return f"{INDEX_DIR}/k{int.from_bytes(digest, 'big') % 512:03d}.json"


def _as_format_1(root: Path) -> None:
    """Put the store back in the first format: 512 shards, each room's entries in one
    key."""
    old: dict[str, dict[str, dict[str, dict[str, str]]]] = {}
    for path in (root / INDEX_DIR).glob("k*.json"):
        for kind, rows in load(path.read_bytes(), path.name).items():
            for key, entry in rows.items():
                key = key.partition("|")[0] if kind == "room" else key
                table = old.setdefault(_format_1_shard(kind, key), {}).setdefault(kind, {})
                table.setdefault(key, {}).update(entry)
        path.unlink()
    for rel, data in old.items():
        (root / rel).write_bytes(dump_file(data))
    marker = json.loads((root / FORMAT_FILE).read_bytes())
    (root / FORMAT_FILE).write_bytes(dump({**marker, "version": 1}))


def _room_keys(root: Path) -> set[str]:
    return {key for p in (root / INDEX_DIR).glob("k*.json")
            for key in load(p.read_bytes(), p.name).get("room", {})}


def test_a_store_of_the_first_format_is_upgraded_on_open(tmp_path: Path) -> None:
    store, ids = _filled(tmp_path / "s")
    store.settle()
    _as_format_1(store.root)
    assert _room_keys(store.root) == {"412", "413"}
    assert all(len(p.stem) == 4 for p in (store.root / INDEX_DIR).glob("k*.json"))
    again = _store(tmp_path / "s")
    assert all(len(p.stem) == 5 for p in (again.root / INDEX_DIR).glob("k*.json"))
    assert not (again.root / INDEX_DIR / formats.SHARDS_WRITTEN).exists()
    assert json.loads((again.root / FORMAT_FILE).read_bytes())["version"] == 2
    assert _room_keys(again.root) == {f"412|{y}" for y in YEARS} | {"413|2022"}
    assert [i.id for i in again.find_incidents(room="412")] == list(reversed(ids))
    assert again.verify() == []


def test_a_verify_of_the_first_format_is_not_trusted_after_the_upgrade(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The facts a clean verify keeps are drawn by this release's rules: those drawn
    from a store of the first format (its room keys) are not this format's."""
    monkeypatch.setenv("KIOSK_STATE_DIR", str(tmp_path / "state"))
    store, ids = _filled(tmp_path / "s")
    store.settle()
    _as_format_1(store.root)
    monkeypatch.setattr(layout, "FORMAT_VERSION", 1)  # verified as the first release did
    monkeypatch.setattr(indexes, "room_year_key",
                        lambda room, part: layout.norm_room(room))
    assert TinyStore(store.root).verify() == []
    monkeypatch.undo()
    monkeypatch.setenv("KIOSK_STATE_DIR", str(tmp_path / "state"))
    again = _store(tmp_path / "s")
    assert again.verify() == []
    incident_id, ref = again.new_incident_id()
    again.add_incident(sample_incident(incident_id, ref, "ag1", datetime(2026, 6, 1,
                                                                         tzinfo=UTC)), "ag1")
    again.settle()
    assert again.verify() == []
    assert len(again.find_incidents(room="412")) == len(ids) + 1


def test_a_version_neither_read_nor_upgraded_is_refused(tmp_path: Path) -> None:
    store = _store(tmp_path / "s")
    marker = json.loads((store.root / FORMAT_FILE).read_bytes())
    for version in (True, 0, 3, "2"):
        (store.root / FORMAT_FILE).write_bytes(dump({**marker, "version": version}))
        with pytest.raises(StoreError, match="has format version"):
            open_store(store.root)


def test_an_upgrade_cut_off_is_done_again(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    store, ids = _filled(tmp_path / "s")
    store.settle()
    _as_format_1(store.root)
    real, writes = formats.write_atomic, []

    def dies_after_one(path: Path, raw: bytes, sync: bool = True) -> None:
        if writes:
            raise OSError(28, "No space left on device")
        writes.append(path)
        real(path, raw, sync)

    monkeypatch.setattr(formats, "write_atomic", dies_after_one)
    with pytest.raises(StoreError, match="No space left"):
        open_store(store.root)
    assert json.loads((store.root / FORMAT_FILE).read_bytes())["version"] == 1
    monkeypatch.setattr(formats, "write_atomic", real)
    again = _store(tmp_path / "s")
    assert [i.id for i in again.find_incidents(room="412")] == list(reversed(ids))
    assert _room_keys(again.root) == {f"412|{y}" for y in YEARS} | {"413|2022"}
    assert again.verify() == []


def test_an_upgrade_cut_off_while_removing_the_old_shards_is_done_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, ids = _filled(tmp_path / "s")
    store.settle()
    _as_format_1(store.root)
    real, removed = Path.unlink, []

    def dies_after_one(path: Path, missing_ok: bool = False) -> None:
        if removed and path.name.startswith("k"):
            raise OSError(5, "Input/output error")
        removed.append(path)
        real(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", dies_after_one)
    with pytest.raises(StoreError, match="Input/output error"):
        open_store(store.root)
    monkeypatch.setattr(Path, "unlink", real)
    assert (store.root / INDEX_DIR / formats.SHARDS_WRITTEN).exists()
    again = _store(tmp_path / "s")
    assert [i.id for i in again.find_incidents(room="412")] == list(reversed(ids))
    assert all(len(p.stem) == 5 for p in (again.root / INDEX_DIR).glob("k*.json"))
    assert again.verify() == []
