"""A consistent copy of a store folder, taken while the caller holds the store lock."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from kiosk.core.errors import StoreError
from kiosk.store.files import TMP_PREFIX, fsync_dir
from kiosk.store.layout import SNAPSHOTS_DIR

STALE_SNAPSHOT_SECONDS = 86400


def link_tree(root: Path, skip: set[str]) -> Path:
    """Hard-link every file of the store into a new folder under its snapshots folder."""
    _drop_stale(root / SNAPSHOTS_DIR)
    frozen = root / SNAPSHOTS_DIR / secrets.token_hex(6)
    frozen.mkdir(parents=True)
    try:
        for here, rel, files in _walk(root, skip):
            (frozen / rel).mkdir(exist_ok=True)
            for name in files:
                os.link(here / name, frozen / rel / name)
    except OSError:
        shutil.rmtree(frozen, ignore_errors=True)
        raise
    return frozen


def _drop_stale(folder: Path) -> None:
    """Snapshots left by a verify or backup that was killed (older than a day)."""
    if not folder.is_dir():
        return
    for old in folder.iterdir():
        with contextlib.suppress(OSError):
            if time.time() - old.stat().st_mtime > STALE_SNAPSHOT_SECONDS:
                shutil.rmtree(old, ignore_errors=True)


def _walk(root: Path, skip: set[str]) -> Iterator[tuple[Path, Path, list[str]]]:
    """(folder, folder relative to root, its files), leaving out ``skip`` at the top
    and files being put in place."""
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel = here.relative_to(root)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in skip]
            files = [f for f in files if f not in skip]
        yield here, rel, [f for f in files if not f.startswith(TMP_PREFIX)]


def copy_store(root: Path, dest: Path, skip: set[str], store: Path | None = None) -> int:
    """Copy every file of ``root`` into ``dest`` (missing or empty); returns the count.
    Files are synced so the copy survives a power cut once this returns."""
    dest = dest.expanduser().absolute()
    store = store or root
    if dest == store or store in dest.parents:
        raise StoreError(f"the backup folder {dest} is inside the store")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StoreError(f"the backup folder {dest} is not empty; choose a new folder")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        count = 0
        for here, rel, files in _walk(root, skip):
            target = dest / rel
            target.mkdir(exist_ok=True)
            for name in files:
                shutil.copyfile(here / name, target / name)
                with open(target / name, "rb+") as handle:
                    os.fsync(handle.fileno())
                count += 1
            fsync_dir(target)
    except OSError as exc:
        raise StoreError(f"backup to {dest} failed: {exc.strerror or exc}") from None
    return count
