"""The local store shared by the desk terminals (TinyDB files and a write-ahead log
under a process lock). Code above the store uses ``open_store`` and the ``StoreApi``
protocol (kiosk.store.api) only."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.core.clock import Clock, system_clock
from kiosk.core.errors import StoreError
from kiosk.core.i18n import _
from kiosk.store.api import StoreApi, VerifyReport
from kiosk.store.files import DIR_MODE, TMP_PREFIX, ensure_dir, write_atomic
from kiosk.store.formats import upgrade
from kiosk.store.layout import (
    BACKUP_PARTIAL,
    FORMAT_FILE,
    FORMAT_NAME,
    FORMAT_VERSION,
    KNOWN_NAMES,
    LETTERS_DIR,
    LOCK_FILE,
)
from kiosk.store.lock import LockTimeout, StoreLock
from kiosk.store.tables import dump
from kiosk.store.tinystore import LOCK_TIMEOUT, TinyStore, busy

UPGRADABLE = (1,)  # earlier formats this release brings up to its own
UPGRADE_TIMEOUT = 600.0  # seconds: another terminal may be upgrading a large store

__all__ = ["StoreApi", "TinyStore", "VerifyReport", "open_store", "prepare_folder"]


def open_store(root: Path, clock: Clock = system_clock, terminal: str = "desk", *,
               create: bool = True, key_file: Path | None = None) -> StoreApi:
    """Open the store in folder ``root``, making it there when ``create`` (and the
    folder is missing or empty); otherwise a folder that is no store is a ``StoreError``,
    so a mistyped path never turns into a new, empty store. ``key_file`` (default: the
    file ``KIOSK_STORE_KEY_FILE`` names, if any) keys the audit chain."""
    root = Path(root).expanduser().absolute()
    if not create and not (root / FORMAT_FILE).is_file():
        if (root / BACKUP_PARTIAL).exists():
            raise StoreError(_("{root} is an incomplete backup: copying stopped before it "
                               "finished; take the backup again").format(
                root=root))
        raise StoreError(_("no store at {root}").format(root=root))
    prepare_folder(root, clock().isoformat())
    return TinyStore(root, clock=clock, terminal=terminal, key_file=key_file)


def prepare_folder(root: Path, now: str) -> None:
    """Make ``root`` a store if it is empty or missing; check it is one otherwise."""
    try:
        if root.exists() and not root.is_dir():
            raise StoreError(_("{root} is a file, not a store folder").format(root=root))
        marker = root / FORMAT_FILE
        if not marker.exists():
            _refuse_strangers(root)
            if not root.exists():
                root.mkdir(mode=DIR_MODE, parents=True)
            ensure_dir(root, root)
            # Under the store lock: two terminals may start on a new folder together.
            with StoreLock(root / LOCK_FILE, timeout=LOCK_TIMEOUT):
                if not marker.exists():
                    write_atomic(marker, dump({"format": FORMAT_NAME,
                                               "version": FORMAT_VERSION, "created_at": now}))
        if _check_format(marker) < FORMAT_VERSION:
            with StoreLock(root / LOCK_FILE, timeout=UPGRADE_TIMEOUT):
                version = _check_format(marker)  # another terminal may have done it
                if version < FORMAT_VERSION:
                    upgrade(root, version)
                    info = json.loads(marker.read_bytes())
                    write_atomic(marker, dump({**info, "version": FORMAT_VERSION}))
        ensure_dir(root, root / LETTERS_DIR)
    except LockTimeout as exc:
        raise StoreError(busy(root / LOCK_FILE, exc.seconds)) from None
    except PermissionError as exc:
        raise StoreError(_("no permission to use the store folder {folder}").format(
            folder=exc.filename or root)) from None
    except OSError as exc:
        raise StoreError(_("cannot use the store folder {root}: {why}").format(
            root=root, why=exc.strerror or exc)) from None


def _refuse_strangers(root: Path) -> None:
    if not root.is_dir():
        return
    strangers = sorted(p.name for p in root.iterdir()
                       if p.name not in KNOWN_NAMES and not p.name.startswith(TMP_PREFIX))
    if strangers:
        raise StoreError(_("{root} is not a kiosk store (it holds {names}); choose an empty "
                           "folder").format(
            root=root, names=", ".join(strangers[:3]) + ("…" if len(strangers) > 3 else "")))


def _check_format(marker: Path) -> int:
    """The store's format version, if this release reads it (or can upgrade it)."""
    try:
        info = json.loads(marker.read_bytes())
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise StoreError(_("corrupt store file {marker}").format(marker=marker)) from None
    if not isinstance(info, dict) or info.get("format") != FORMAT_NAME:
        raise StoreError(_("{marker} does not describe a kiosk store").format(marker=marker))
    version = info.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or (
            version not in UPGRADABLE and version != FORMAT_VERSION):
        raise StoreError(_("the store in {parent} has format version {version}; this kiosk reads "
                           "version {readable}").format(
            parent=marker.parent, version=version, readable=FORMAT_VERSION))
    return version
