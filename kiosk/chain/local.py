"""What the property keeps of the chain for itself, in the store's ``cache`` folder
(derived data: deleting it loses nothing the next sync cannot bring back): the last
sync, and loyalty guests' incidents at sister properties for when the line is down."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

CHAIN_CACHE = "cache/chain"
STATE_FILE = "sync.json"
GUESTS_FILE = "guests.json"


def _folder(store_root: Path) -> Path:
    return store_root / CHAIN_CACHE


def read(store_root: Path, name: str) -> dict[str, Any]:
    try:
        data = json.loads((_folder(store_root) / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write(store_root: Path, name: str, data: dict[str, Any]) -> None:
    """Atomically, owner-only; a cache that cannot be written is only a slower desk."""
    folder = _folder(store_root)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(tmp, folder / name)
    except OSError:
        return
