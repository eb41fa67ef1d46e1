"""A consistent copy of a store folder, taken while the caller holds the store lock."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kiosk.core.errors import StoreError
from kiosk.store.files import fsync_dir


def copy_store(root: Path, dest: Path, skip: set[str]) -> int:
    """Copy every file of ``root`` into ``dest`` (missing or empty); returns the count.
    Files are synced so the copy survives a power cut once this returns."""
    dest = dest.expanduser().absolute()
    if dest == root or root in dest.parents:
        raise StoreError(f"the backup folder {dest} is inside the store")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StoreError(f"the backup folder {dest} is not empty; choose a new folder")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        count = 0
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            rel = here.relative_to(root)
            if rel == Path("."):
                dirs[:] = [d for d in dirs if d not in skip]
                files = [f for f in files if f not in skip]
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
