"""A consistent copy of a store folder, taken while the caller holds the store lock."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kiosk.core.errors import StoreError
from kiosk.core.i18n import _
from kiosk.store.files import DIR_MODE, FILE_MODE, TMP_PREFIX, fsync_dir, write_atomic
from kiosk.store.layout import BACKUP_DONE, BACKUP_PARTIAL, SNAPSHOTS_DIR
from kiosk.store.tables import dump

STALE_SNAPSHOT_SECONDS = 86400


def link_tree(root: Path, skip: set[str]) -> Path:
    """Hard-link every file of the store into a new folder under its snapshots folder."""
    _drop_stale(root / SNAPSHOTS_DIR)
    frozen = root / SNAPSHOTS_DIR / secrets.token_hex(6)
    frozen.parent.mkdir(mode=DIR_MODE, exist_ok=True)
    frozen.mkdir(mode=DIR_MODE)
    try:
        for here, rel, files in _walk(root, skip):
            (frozen / rel).mkdir(mode=DIR_MODE, exist_ok=True)
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


def copy_store(root: Path, dest: Path, skip: set[str], store: Path | None = None, *,
               completed_at: str = "", head: dict[str, Any] | None = None) -> int:
    """Copy every file of ``root`` into ``dest`` (missing or empty); returns the count.
    Files are synced so the copy survives a power cut once this returns."""
    dest = dest.expanduser().absolute()
    store = store or root
    if dest == store or store in dest.parents:
        raise StoreError(_("the backup folder {dest} is inside the store").format(dest=dest))
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StoreError(_("the backup folder {dest} is not empty; choose a new folder").format(
            dest=dest))
    try:
        dest.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        # Stands until the last file is synced: a copy cut off is never taken for a store.
        write_atomic(dest / BACKUP_PARTIAL, b"")
        count = 0
        for here, rel, files in _walk(root, skip):
            target = dest / rel
            target.mkdir(mode=DIR_MODE, exist_ok=True)
            for name in files:
                _copy_synced(here / name, target / name)
                count += 1
            fsync_dir(target)
        write_atomic(dest / BACKUP_DONE, dump({"completed_at": completed_at, "files": count,
                                               "audit_head": head}))
        os.unlink(dest / BACKUP_PARTIAL)
        fsync_dir(dest)
    except OSError as exc:
        raise StoreError(_("backup to {dest} failed: {why}").format(
            dest=dest, why=exc.strerror or exc)) from None
    return count


def _copy_synced(source: Path, target: Path) -> None:
    with open(source, "rb") as src:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
