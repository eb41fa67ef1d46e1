"""Policy across the group: head office publishes a checked folder for a group; a
property pulls the latest into its own policy folder through the usual check, and puts
it in force with the usual local publish."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from kiosk.chain.bundles import Bundle, latest_bundle, publish_bundle, stage_bundle
from kiosk.config import Settings
from kiosk.core.errors import ChainError, PolicyError
from kiosk.core.group_policy import GROUP_LOCK, GroupLock, read_group_lock
from kiosk.core.i18n import _
from kiosk.core.plain import Value
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_publish import file_hashes, pending_files, publish_policy, read_manifest
from kiosk.core.policy_read import POLICY_FILES
from kiosk.desk.head_office import head_office_dsn


def publish_for_group(settings: Settings, folder: Path, group: str, overridable: list[str],
                      dsn_file: Path | None = None) -> Bundle:
    return publish_bundle(head_office_dsn(settings, dsn_file), folder, group, overridable)


class Pulled(Value):
    bundle: Bundle
    kept: list[str]  # the property's own files the bundle let it keep
    changed: bool  # the folder's files changed
    published: bool  # the folder is published as it now stands (in force at the desk)


def _replace(path: Path, text: str) -> None:
    """Replace one file atomically, so a running kiosk's watcher sees either the old
    file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".pull-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _bring_in(staged: Path, policies: Path, lock: GroupLock) -> None:
    """Write the checked files into the property's folder, with the record of what the
    group's policy sets. They wait there, pending, until the folder is published."""
    for name in POLICY_FILES:
        source = staged / name
        if source.is_file():
            _replace(policies / name, source.read_text(encoding="utf-8"))
    _replace(policies / GROUP_LOCK, lock.to_json())


def pull_for_property(settings: Settings, group: str | None = None, *,
                      publish: bool = False, now: datetime | None = None) -> Pulled:
    """Bring the group's latest bundle into this property's policy folder: staged beside
    it and checked as any edit is (``PolicyError`` leaves the folder untouched), then
    written in, pending. The desk runs it once the folder is published, through the one
    publish path (``publish=True`` does it at once), which also refuses any change to
    a file the bundle does not let the property keep its own."""
    current = load_policy(settings.policies)
    group = group or (current.chain.group if current.chain else None)
    if not group:
        raise ChainError(_("which group? give --group or set group under [chain] in "
                           "property.toml"))
    bundle = latest_bundle(head_office_dsn(settings), group)
    with tempfile.TemporaryDirectory(dir=settings.policies.parent) as tmp:
        staged = Path(tmp) / "policies"
        kept = stage_bundle(bundle, settings.policies, staged)
        fresh = load_policy(staged)
        hashes = file_hashes(staged)
        lock = GroupLock(bundle.group, bundle.version, bundle.bundle_hash, bundle.overridable,
                         {name: hashes[name] for name in bundle.files if name not in kept})
        changed = fresh.policy_hash != current.policy_hash or \
            file_hashes(settings.policies) != hashes
        if changed or read_group_lock(settings.policies) != lock:
            _bring_in(staged, settings.policies, lock)
    if publish:
        publish_policy(settings.policies, now or datetime.now(UTC))
    return Pulled(bundle, kept, changed, _published(settings.policies))


def _published(folder: Path) -> bool:
    try:
        manifest = read_manifest(folder)
    except PolicyError:
        return False
    return manifest is not None and not pending_files(folder, manifest)
