"""The group's policy at a property: which files came from head office's bundle and
stay as head office wrote them. ``kiosk policy pull`` writes ``group-policy.json``
beside the files it brings in; publishing the folder checks it (the one publish path,
``core/policy_publish.py``), so a property changes only what the bundle lets it keep
its own copy of."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.core.errors import PolicyError, PolicyProblem
from kiosk.core.i18n import _
from kiosk.core.plain import Value
from kiosk.core.plain_file import NotPlainFile, read_plain

GROUP_LOCK = "group-policy.json"
_LOCK_BYTES = 64_000


class GroupLock(Value):
    """The group's bundle a property's folder came from: the files the property may
    keep its own copy of, and the bytes of every other."""

    group: str
    version: str
    bundle_hash: str
    overridable: tuple[str, ...]  # files the property may keep its own copy of
    files: dict[str, str]  # every other file the bundle brought → SHA-256 of its bytes

    def to_json(self) -> str:
        return json.dumps({"group": self.group, "version": self.version,
                           "bundle_hash": self.bundle_hash,
                           "overridable": list(self.overridable), "files": self.files},
                          ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_group_lock(folder: Path) -> GroupLock | None:
    """The folder's record of the group's policy; None when it never pulled one.
    ``PolicyError`` when the record is broken (pulling again rewrites it)."""
    try:
        data = read_plain(folder / GROUP_LOCK, _LOCK_BYTES)
    except FileNotFoundError:
        return None
    except (OSError, NotPlainFile, ValueError):
        data = b""
    try:
        raw: Any = json.loads(data.decode("utf-8"))
        return GroupLock(str(raw["group"]), str(raw["version"]), str(raw["bundle_hash"]),
                         tuple(str(n) for n in raw["overridable"]),
                         {str(k): str(v) for k, v in raw["files"].items()})
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PolicyError([PolicyProblem(GROUP_LOCK, None, "(group policy)", _(
            "is not the record kiosk policy pull writes; pull the group's policy again "
            "(kiosk policy pull)"))], str(folder)) from None


def overrides_refused(folder: Path, hashes: dict[str, str]) -> list[PolicyProblem]:
    """One problem for each file the group's policy sets whose bytes (``hashes``, as
    ``file_hashes`` gives them) differ from what the bundle brought."""
    lock = read_group_lock(folder)
    if lock is None:
        return []
    allowed = ", ".join(lock.overridable)
    return [PolicyProblem(name, None, "(group policy)", _(
        "is set by {group}'s policy {version} and this property may not change it (it "
        "may keep its own {allowed}); undo the edit or pull the group's policy again"
    ).format(group=lock.group, version=lock.version, allowed=allowed))
        for name, digest in sorted(lock.files.items()) if hashes.get(name) != digest]
