"""What this terminal last saw of a store's audit chain, kept outside the store folder
(the user's state folder, or ``KIOSK_STATE_DIR``), so a store cut short, rolled back to
a backup or emptied is reported by verify on any terminal that saw the later state.

Written in place after each save, without a rename or a sync of its own (a save must
stay one sync): a power cut may cost the last few heads, and a torn write reads as
nothing seen, never as a wrong head.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.core.i18n import _
from kiosk.store.files import DIR_MODE, FILE_MODE

STATE_ENV = "KIOSK_STATE_DIR"
RECORD_SIZE = 512  # fixed, so each write covers the whole of the last one


def state_file(root: Path) -> Path:
    """This terminal's record of ``root``, outside the store folder."""
    env = os.environ
    return _state_file(str(root), env.get(STATE_ENV), env.get("XDG_STATE_HOME"),
                       env.get("HOME"))


@functools.lru_cache(maxsize=64)
def _state_file(root: str, chosen: str | None, _xdg: str | None, _home: str | None) -> Path:
    # Asked after every save: worked out once for the variables that decide it (20 µs).
    base = chosen or platformdirs.user_state_dir("kiosk")
    name = hashlib.sha256(root.encode("utf-8")).hexdigest()[:32]
    return Path(base) / "stores" / f"{name}.json"


def recall(root: Path) -> dict[str, Any] | None:
    """The last head seen here ({"seq", "hash", "store"}), or None."""
    try:
        data = json.loads(state_file(root).read_bytes())
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if isinstance(data, dict) and type(data.get("seq")) is int \
            and isinstance(data.get("hash"), str):
        return data
    return None


def remember(root: Path, seq: int, digest: str) -> None:
    """Best effort: a terminal that cannot write its state folder still works."""
    path = state_file(root)
    raw = json.dumps({"seq": seq, "hash": digest}).encode().ljust(RECORD_SIZE)
    with contextlib.suppress(OSError):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        except FileNotFoundError:
            path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        try:
            os.pwrite(fd, raw, 0)
        finally:
            os.close(fd)


def compare(root: Path, hashes: dict[int, str], last: int) -> list[str]:
    """Problems when the chain no longer holds what this terminal saw."""
    seen = recall(root)
    if seen is None or seen["seq"] == 0:
        return []
    seq = seen["seq"]
    if last < seq:
        said = _("the audit trail ends at entry {last}, but this terminal saw entry {seq} "
                 "(the store was emptied)") if last == 0 else \
            _("the audit trail ends at entry {last}, but this terminal saw entry {seq} (the "
              "store was cut short or rolled back to an older copy)")
        return [said.format(last=last, seq=seq)]
    if hashes.get(seq) != seen["hash"]:
        return [_("audit entry {seq} is not the one this terminal saw (the trail was "
                  "rewritten, or replaced by another store's)").format(seq=seq)]
    return []
