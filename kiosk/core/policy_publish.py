"""Publishing a policy folder: the step that makes an edit count.

A supervisor edits the TOML files in place, and an editor saves them one by one (and a
file caught half-written can still be valid TOML: a truncated ``tiers.toml`` without its
last tier loads fine). So the files alone never decide what is in force.
``publish_policy`` checks the whole folder and writes ``published.json`` beside the
files: the version and the SHA-256 of each file's bytes. A kiosk takes a policy only
when the manifest matches the files byte for byte; an edit not yet published is
*pending*, shown to supervisors and not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.errors import PolicyError, PolicyProblem
from kiosk.core.group_policy import overrides_refused
from kiosk.core.i18n import _
from kiosk.core.plain import Value
from kiosk.core.plain_file import NotPlainFile, read_plain
from kiosk.core.policy_load import MAX_FILE_BYTES, load_policy
from kiosk.core.policy_read import POLICY_FILES
from kiosk.core.policy_set import Policy

MANIFEST = "published.json"
_MANIFEST_BYTES = 64_000


class Manifest(Value):
    """What was published: the version, its hash and each file's SHA-256."""

    version: str
    policy_hash: str
    published_at: str  # ISO 8601
    files: dict[str, str]  # file name -> SHA-256 of its bytes

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "policy_hash": self.policy_hash,
                           "published_at": self.published_at, "files": self.files},
                          ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _problem(file: str, message: str, key: str = "(published)") -> PolicyProblem:
    return PolicyProblem(file, None, key, message)


def publish_hint(folder: Path) -> str:
    return f"kiosk policy publish {folder}"


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of each policy file's bytes; "" for one that is missing or unreadable."""
    hashes: dict[str, str] = {}
    for name in POLICY_FILES:
        try:
            hashes[name] = hashlib.sha256(read_plain(folder / name, MAX_FILE_BYTES)
                                          ).hexdigest()
        except (OSError, NotPlainFile):
            hashes[name] = ""
    return hashes


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest; None when it has none. ``PolicyError`` when it is broken."""
    try:
        data = read_plain(folder / MANIFEST, _MANIFEST_BYTES)
    except FileNotFoundError:
        return None
    except (OSError, NotPlainFile) as exc:
        reason = exc.reason if isinstance(exc, NotPlainFile) else exc.strerror
        raise PolicyError([_problem(MANIFEST, _(
            "cannot be read ({reason}); publish the folder again ({hint})").format(
                reason=reason, hint=publish_hint(folder)))],
                          str(folder)) from None
    try:
        raw: Any = json.loads(data.decode("utf-8"))
        files = raw["files"]
        manifest = Manifest(str(raw["version"]), str(raw["policy_hash"]),
                            str(raw["published_at"]),
                            {str(k): str(v) for k, v in files.items()})
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PolicyError([_problem(MANIFEST, _(
            "is not a manifest written by {command}; publish the folder again "
            "({hint})").format(command="kiosk policy publish", hint=publish_hint(folder)))],
            str(folder)) from None
    return manifest


def pending_files(folder: Path, manifest: Manifest) -> list[str]:
    """The policy files whose bytes differ from what was published."""
    now = file_hashes(folder)
    return [name for name in POLICY_FILES if manifest.files.get(name) != now[name]]


def load_published(folder: Path) -> tuple[Policy, Manifest | None]:
    """The published policy of ``folder`` and its manifest. A folder never published
    loads as it stands (manifest None: the caller tells the supervisor to publish);
    a folder edited since it was published is refused, naming the files."""
    manifest = read_manifest(folder)
    if manifest is None:
        return load_policy(folder), None
    changed = pending_files(folder, manifest)
    if changed:
        raise PolicyError([_problem(name, _(
            "changed since version {version} was published; check and publish it ({hint}) "
            "or undo the edit").format(version=manifest.version, hint=publish_hint(folder)))
                           for name in changed], str(folder))
    policy = load_policy(folder)
    if policy.version != manifest.version or policy.policy_hash != manifest.policy_hash:
        raise PolicyError([_problem(MANIFEST, _(
            "does not describe these files; publish the folder again ({hint})").format(
                hint=publish_hint(folder)))],
                          str(folder))
    return policy, manifest


def publish_policy(folder: Path, now: datetime) -> Manifest:
    """Check ``folder`` and write its manifest; the one way a policy edit goes live.
    ``PolicyError`` (nothing written) when the files are invalid, changed while being
    read, change a file the group's policy sets (``core/group_policy.py``), or changed
    their rules under a version that was already published."""
    before = file_hashes(folder)
    policy = load_policy(folder)
    if file_hashes(folder) != before:
        raise PolicyError([_problem("(folder)", _(
            "the files changed while they were being checked; save your edits and "
            "publish again"))],
                          str(folder))
    refused = overrides_refused(folder, before)
    if refused:
        raise PolicyError(refused, str(folder))
    try:
        previous = read_manifest(folder)
    except PolicyError:
        previous = None  # a broken manifest is replaced
    if previous is not None and previous.version == policy.version and (
            previous.policy_hash != policy.policy_hash):
        raise PolicyError([_problem(
            "property.toml", _(
                "the rules changed but the version is still {version}, which was "
                "published already; give {setting} a new value and publish again (a "
                "folder no kiosk uses yet: delete {manifest} first)").format(
                    version=policy.version, setting="[policy] version", manifest=MANIFEST),
            key="policy.version")], str(folder))
    manifest = Manifest(policy.version, policy.policy_hash, now.isoformat(), before)
    _write_atomically(folder / MANIFEST, manifest.to_json())
    return manifest


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".published-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
