"""A store of an earlier format brought up to this one, once, by the first terminal of
this release that opens it (under the store lock; the others wait, then find it done).

Format 1 kept the key indexes in 512 shards of about 60 KB at 100,000 incidents, and
each room's whole history in one entry, which every save into the room read and wrote
again (13 KB of a 15 KB log record). Format 2 has 4,096 shards and a room's entries by
year: a save reads and writes four small entries.

The upgrade is safe to cut off at any point and simply done again: every save still in
the log goes into the files first; the new shards are written from the old ones, which
stay whole until a marker says the new ones are all there; only then are the old ones
removed and the format marker written (by the caller).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kiosk.store.files import FileCache, Log, fsync_dir, write_atomic
from kiosk.store.layout import INDEX_DIR, day_file_year, key_shard, room_in_year
from kiosk.store.tables import Tables, dump_file, load

ROOM = "room"
SHARDS_WRITTEN = "upgrade-2.json"  # in index/: the new shards are all written


def upgrade(root: Path, version: int) -> None:
    """Bring the store in ``root`` from format ``version`` to the current one (the
    caller holds the store lock and writes the new format marker afterwards)."""
    if version == 1:
        _index_v2(root)


def _index_v2(root: Path) -> None:
    log = Log(root)
    log.refresh()
    log.checkpoint(FileCache(root))  # every save in the files, none left in the log
    folder = root / INDEX_DIR
    written = folder / SHARDS_WRITTEN
    old = sorted(folder.glob("k[0-9][0-9][0-9].json"))
    if old and not written.exists():
        shards: dict[str, Tables] = {}
        for path in old:
            for kind, rows in load(path.read_bytes(), f"{INDEX_DIR}/{path.name}").items():
                for key, doc in rows.items():
                    for new_key, entry in _keys_v2(kind, key, doc):
                        shard = shards.setdefault(key_shard(kind, new_key), {})
                        table = shard.setdefault(kind, {})
                        table[new_key] = {**table.get(new_key, {}), **entry}
        for rel, data in shards.items():
            write_atomic(root / rel, dump_file(data), sync=False)
        os.sync()  # once for the four thousand, rather than one sync each
        fsync_dir(folder)
        write_atomic(written, b"{}")
    for path in old:
        path.unlink(missing_ok=True)
    fsync_dir(folder)
    written.unlink(missing_ok=True)


def _keys_v2(kind: str, key: str, doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A format-1 entry as format 2 keeps it: a room's by year, anything else as it is
    (a damaged room entry too, under its old key, for verify to name)."""
    if kind != ROOM or "|" in key or not all(
            isinstance(part, str) and part.count("/") == 2 for part in doc.values()):
        return [(key, doc)]
    by_year: dict[str, dict[str, Any]] = {}
    for incident_id, part in doc.items():
        by_year.setdefault(room_in_year(key, day_file_year(part)), {})[incident_id] = part
    return list(by_year.items())
