"""The local store shared by the desk terminals (TinyDB under a process lock)."""

from __future__ import annotations

import json
from pathlib import Path

import filelock

from kiosk.core.clock import Clock, system_clock
from kiosk.core.errors import StoreError
from kiosk.store.api import StoreApi
from kiosk.store.files import TMP_PREFIX, dump, ensure_dir, write_atomic
from kiosk.store.layout import (
    FORMAT_FILE,
    FORMAT_NAME,
    FORMAT_VERSION,
    KNOWN_NAMES,
    LETTERS_DIR,
    LOCK_FILE,
)
from kiosk.store.tinystore import LOCK_TIMEOUT, TinyStore

__all__ = ["StoreApi", "TinyStore", "open_store", "prepare_folder"]


def open_store(root: Path, clock: Clock = system_clock, terminal: str = "desk", *,
               create: bool = True) -> StoreApi:
    """Open the store in folder ``root``, making it there when ``create`` (and the
    folder is missing or empty); otherwise a folder that is no store is a ``StoreError``,
    so a mistyped path never turns into a new, empty store."""
    root = Path(root).expanduser().absolute()
    if not create and not (root / FORMAT_FILE).is_file():
        raise StoreError(f"no store at {root}")
    prepare_folder(root, clock().isoformat())
    return TinyStore(root, clock=clock, terminal=terminal)


def prepare_folder(root: Path, now: str) -> None:
    """Make ``root`` a store if it is empty or missing; check it is one otherwise."""
    try:
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file, not a store folder")
        marker = root / FORMAT_FILE
        if not marker.exists():
            _refuse_strangers(root)
            ensure_dir(root, root)
            # Under the store lock: two terminals may start on a new folder together.
            with filelock.FileLock(root / LOCK_FILE, timeout=LOCK_TIMEOUT,
                                   preserve_lock_file=True):
                if not marker.exists():
                    write_atomic(marker, dump({"format": FORMAT_NAME,
                                               "version": FORMAT_VERSION, "created_at": now}))
        _check_format(marker)
        ensure_dir(root, root / LETTERS_DIR)
    except PermissionError as exc:
        raise StoreError(f"no permission to use the store folder {exc.filename or root}") from None
    except OSError as exc:
        raise StoreError(f"cannot use the store folder {root}: {exc.strerror or exc}") from None


def _refuse_strangers(root: Path) -> None:
    if not root.is_dir():
        return
    strangers = sorted(p.name for p in root.iterdir()
                       if p.name not in KNOWN_NAMES and not p.name.startswith(TMP_PREFIX))
    if strangers:
        raise StoreError(f"{root} is not a kiosk store (it holds {', '.join(strangers[:3])}"
                         f"{'…' if len(strangers) > 3 else ''}); choose an empty folder")


def _check_format(marker: Path) -> None:
    try:
        info = json.loads(marker.read_bytes())
    except (ValueError, UnicodeDecodeError):
        raise StoreError(f"corrupt store file {marker}") from None
    if not isinstance(info, dict) or info.get("format") != FORMAT_NAME:
        raise StoreError(f"{marker} does not describe a kiosk store")
    version = info.get("version")
    if version != FORMAT_VERSION:
        raise StoreError(f"the store in {marker.parent} has format version {version}; "
                         f"this kiosk reads version {FORMAT_VERSION}")
