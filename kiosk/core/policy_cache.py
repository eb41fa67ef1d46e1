"""A policy folder is validated once, not at every command: the assembled ``Policy`` of a
folder that passed (and each practice scenario file that passed) is kept in the user's
cache folder (or ``KIOSK_CACHE_DIR``), named by the exact text of its files and by the
code that validated it, so any edit, a new release or another set of catalogues misses
it and is validated in full again.

The file is written owner-only and read back only when it is still owner-only, through
an unpickler that builds nothing but the policy's own types and plain values: a file
that was tampered with, truncated or written by another release is ignored, never run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import importlib.util
import io
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from kiosk.core.i18n import available_languages

CACHE_ENV = "KIOSK_CACHE_DIR"
T = TypeVar("T")
KEEP = 200  # entries kept: a policy and its practice scenarios, a few folders of them
MAX_BYTES = 4_000_000
_CORE = Path(__file__).resolve().parent

# What a kept value is made of; anything else in the file refuses it.
_ALLOWED = {
    "decimal": {"Decimal"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
}
# The kiosk's own modules whose policy types (the policy's parts, their enums, the
# assembled ``Policy``, practice scenarios) may be built; only those already imported
# are looked in.
_POLICY_MODULES = ("kiosk.core.policy_parts", "kiosk.core.policy_set", "kiosk.core.training")


class _PolicyUnpickler(pickle.Unpickler):
    """Only the policy's own classes and plain values (the pickle documentation's
    "restricting globals")."""

    def find_class(self, module: str, name: str) -> Any:
        if module in _POLICY_MODULES and not name.startswith("_"):
            found = getattr(sys.modules.get(module), name, None)
            if isinstance(found, type) and (dataclasses.is_dataclass(found)
                                            or issubclass(found, enum.Enum)):
                return found
        elif name in _ALLOWED.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a policy")


@functools.cache
def _code_fingerprint() -> str:
    """The code that decides what is valid: the domain core's sources and the versions
    of Python and of the validation library (read from its files: a policy recalled
    from here never imports it)."""
    digest = hashlib.sha256(sys.version.encode())
    for source in sorted(_CORE.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    spec = importlib.util.find_spec("pydantic")  # its version.py names its core's too
    if spec is not None and spec.origin is not None:
        digest.update((Path(spec.origin).parent / "version.py").read_bytes())
    return digest.hexdigest()


def cache_key(texts: Mapping[str, str]) -> str:
    """The key of a folder's files exactly as read (a comment edit misses too), under
    this code and these compiled catalogues (a policy's languages are checked against
    them)."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    digest.update(",".join(available_languages()).encode())
    for name in sorted(texts):
        digest.update(b"\0" + name.encode() + b"\0")
        digest.update(hashlib.sha256(texts[name].encode("utf-8")).digest())
    return digest.hexdigest()


def cache_root() -> Path:
    """The kiosk's cache folder: ``KIOSK_CACHE_DIR``, else the user's."""
    return Path(os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("kiosk"))


def _folder() -> Path:
    return cache_root() / "policies"


def read_owned(path: Path) -> bytes | None:
    """A kept file's bytes, when it is a regular file of this user's, owner-only and not
    too large; None otherwise (missing or unreadable too)."""
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if (info.st_uid != os.getuid() or info.st_mode & 0o077
                    or not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES):
                return None
            return file.read(MAX_BYTES + 1)
    except OSError:
        return None


def write_owned(folder: Path, name: str, data: bytes) -> None:
    """Best effort: ``data`` as ``folder/name``, owner-only, replaced whole; the oldest
    files of the same kind (suffix) beyond ``KEEP`` are removed."""
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kept-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, folder / name)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder, Path(name).suffix)


def recall(key: str, kind: type[T]) -> T | None:
    """The ``kind`` checked earlier under ``key``, or None (missing, not owner-only,
    unreadable or not one: the caller validates)."""
    data = read_owned(_folder() / f"{key}.policy")
    if data is None:
        return None
    try:
        value = _PolicyUnpickler(io.BytesIO(data)).load()
    except Exception:
        return None
    return value if isinstance(value, kind) else None


def keep(key: str, value: object) -> None:
    """Best effort: a user without a writable cache folder validates every time."""
    write_owned(_folder(), f"{key}.policy",
                pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _prune(folder: Path, suffix: str) -> None:
    entries = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
