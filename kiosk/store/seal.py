"""The store's key: an optional file outside the store folder, readable by its owner
only, that makes the audit chain keyed (HMAC-SHA256), so nobody without it can edit a
record and hash the chain again. Every terminal of a store must have the same key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kiosk.core.errors import StoreError
from kiosk.core.i18n import _

KEY_ENV = "KIOSK_STORE_KEY_FILE"
MIN_KEY_BYTES = 16


def load_key(path: Path | None, root: Path) -> bytes | None:
    """The key in ``path`` (or the file ``KIOSK_STORE_KEY_FILE`` names), or None."""
    if path is None:
        named = os.environ.get(KEY_ENV)
        if not named:
            return None
        path = Path(named)
    path = path.expanduser().absolute()
    if path == root or root in path.parents:
        raise StoreError(_("the store key {path} must be kept outside the store folder").format(
            path=path))
    try:
        st = path.stat()
        key = path.read_bytes().strip()
    except OSError as exc:
        raise StoreError(_("cannot read the store key {path}: {why}").format(
            path=path, why=exc.strerror or exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(_("the store key {path} is not a regular file").format(path=path))
    if st.st_mode & 0o077:
        raise StoreError(_("the store key {path} is readable by others (mode {mode}); "
                           "chmod 600 it").format(
            path=path, mode=f"{stat.S_IMODE(st.st_mode):03o}"))
    if len(key) < MIN_KEY_BYTES:
        raise StoreError(_("the store key {path} is too short (at least {bytes} bytes; `head -c "
                           "32 /dev/urandom | base64 > FILE`)").format(
            path=path, bytes=MIN_KEY_BYTES))
    return key
