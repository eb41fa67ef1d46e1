"""What this terminal's last clean `store verify` found, file by file, so the next one
reads every file but works through only the files that changed since.

For each store file it keeps the SHA-256 of the file's bytes and the facts verify drew
from them (each incident's content hash, index keys, staff named …; an audit segment's
first and last links and the records it names). The facts are a pure function of the
bytes, so a file whose bytes hash the same still yields them; a file edited in any way
hashes differently and is read and checked in full again. The proof is kept beside
`seen.py`'s record, outside the store folder, and sealed with an HMAC under a secret of
this terminal's own (also there, owner only): a proof that does not verify, or that was
made with another store key, is ignored, which costs time and never a finding.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import secrets
from pathlib import Path
from typing import Any

from kiosk.store import layout, seen
from kiosk.store.files import DIR_MODE, FILE_MODE, TMP_PREFIX

VERSION = 1

SECRET_SIZE = 32
Facts = Any  # tuples, lists, dicts and text only (what marshal keeps)


def _version() -> str:
    # The facts follow the store format's rules (its index keys): a proof drawn under
    # another format's rules is not trusted.
    return f"{VERSION}/store-{layout.FORMAT_VERSION}"


def _secret(folder: Path) -> bytes:
    path = folder / "verify.secret"
    with contextlib.suppress(OSError):
        raw = path.read_bytes()
        if len(raw) == SECRET_SIZE:
            return raw
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    raw = secrets.token_bytes(SECRET_SIZE)
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE), "wb") as out:
        out.write(raw)
    return raw


def key_mark(key: bytes | None) -> str:
    """Which store key the facts were checked with (never the key itself)."""
    return hashlib.sha256(b"kiosk-verify\0" + key).hexdigest() if key is not None else ""


class Proof:
    """The facts of the last clean verify (``old``) and those of this one (``new``)."""

    def __init__(self, store: Path, key: bytes | None):
        self.path = seen.state_file(store).with_suffix(".verified")
        self.mark = key_mark(key)
        self.old: dict[str, tuple[bytes, Facts]] = {}
        self.new: dict[str, tuple[bytes, Facts]] = {}
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            self.old = self._read()

    def _read(self) -> dict[str, tuple[bytes, Facts]]:
        raw = self.path.read_bytes()
        seal, body = raw[:32], raw[32:]
        expected = hmac.new(_secret(self.path.parent), body, hashlib.sha256).digest()
        if not hmac.compare_digest(seal, expected):
            return {}
        # Only ever bytes this terminal sealed itself (checked just above); marshal
        # reads the facts several times faster than JSON would.
        data = marshal.loads(body)  # noqa: S302
        if not isinstance(data, dict) or data.get("version") != _version() \
                or data.get("key") != self.mark:
            return {}
        files = data.get("files")
        return files if isinstance(files, dict) else {}

    def facts(self, rel: str, digest: bytes) -> Facts | None:
        """What the last clean verify found in ``rel`` when its bytes hash to ``digest``."""
        hit = self.old.get(rel)
        return hit[1] if hit is not None and hit[0] == digest else None

    def earlier(self, rel: str) -> Facts | None:
        """What the last clean verify found in ``rel``, whatever it holds now."""
        hit = self.old.get(rel)
        return hit[1] if hit is not None else None

    def keep(self, rel: str, digest: bytes, facts: Facts) -> None:
        self.new[rel] = (digest, facts)

    def save(self) -> None:
        """Best effort, like ``seen.remember``: without it the next verify reads all."""
        body = marshal.dumps({"version": _version(), "key": self.mark, "files": self.new})
        with contextlib.suppress(OSError):
            seal = hmac.new(_secret(self.path.parent), body, hashlib.sha256).digest()
            tmp = self.path.with_name(f"{TMP_PREFIX}{self.path.name}.{secrets.token_hex(4)}")
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb") as out:
                out.write(seal + body)
            os.replace(tmp, self.path)
