"""A store of an earlier format brought up to this one, once, by the first terminal of
this release that opens it (under the store lock; the others wait, then find it done).

Format 1 kept each room's index entry whole: every incident ever reported from that
room, which every save into the room read and wrote again (ten years of a busy room is
13 KB, nine tenths of a save's log record). Format 2 keeps a room's entries by year.

The upgrade is safe to cut off at any point and simply done again: first every save
still in the log goes into the files, then the entries by year are added beside the
old ones, and only then are the old ones dropped and the format marker written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.store.files import FileCache, Log, write_atomic
from kiosk.store.layout import INDEX_DIR, day_file_year, key_shard
from kiosk.store.tables import Tables, dump_file, load

ROOM = "room"


def upgrade(root: Path, version: int) -> None:
    """Bring the store in ``root`` from format ``version`` to the current one (the
    caller holds the store lock and writes the new format marker afterwards)."""
    if version == 1:
        _rooms_by_year(root)


def _rooms_by_year(root: Path) -> None:
    log = Log(root)
    log.refresh()
    log.checkpoint(FileCache(root))  # every save in the files, none left in the log
    shards: dict[str, Tables] = {
        f"{INDEX_DIR}/{path.name}": load(path.read_bytes(), f"{INDEX_DIR}/{path.name}")
        for path in sorted((root / INDEX_DIR).glob("k[0-9][0-9][0-9].json"))}
    whole = {key: ids for data in shards.values()
             for key, ids in data.get(ROOM, {}).items() if "|" not in key}
    by_year: dict[str, dict[str, dict[str, Any]]] = {}
    for room, ids in whole.items():
        for incident_id, part in ids.items():
            if not isinstance(part, str) or part.count("/") != 2:
                continue  # damaged: left where it is, for verify to name
            key = f"{room}|{day_file_year(part)}"
            by_year.setdefault(key_shard(ROOM, key), {}).setdefault(key, {})[
                incident_id] = part
    for rel, entries in by_year.items():
        rooms = shards.setdefault(rel, {}).setdefault(ROOM, {})
        for key, ids in entries.items():
            rooms[key] = {**rooms.get(key, {}), **ids}
        write_atomic(root / rel, dump_file(shards[rel]))
    for rel, data in shards.items():
        rooms = data.get(ROOM, {})
        old = [key for key in rooms if "|" not in key and all(
            isinstance(part, str) and part.count("/") == 2 for part in rooms[key].values())]
        if old:
            for key in old:
                del rooms[key]
            write_atomic(root / rel, dump_file(data))
