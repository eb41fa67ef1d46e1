"""Policy across the group: head office publishes a checked folder for a group; a
property pulls the latest into its own policy folder through the usual check."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.chain.bundles import Bundle, latest_bundle, publish_bundle, stage_bundle
from kiosk.config import Settings
from kiosk.core.errors import ChainError
from kiosk.core.policy_files import POLICY_FILES
from kiosk.core.policy_load import load_policy
from kiosk.desk.head_office import head_office_dsn


def publish_for_group(settings: Settings, folder: Path, group: str, overridable: list[str],
                      dsn_file: Path | None = None) -> Bundle:
    return publish_bundle(head_office_dsn(settings, dsn_file), folder, group, overridable)


@dataclass(frozen=True)
class Pulled:
    bundle: Bundle
    kept: list[str]  # the property's own files the bundle let it keep
    changed: bool


def publish_locally(staged: Path, policies: Path) -> None:
    """Put a checked folder in force: each file replaced atomically, so a running kiosk's
    watcher sees either the old file or the new one, never half of one."""
    for name in POLICY_FILES:
        source = staged / name
        if not source.is_file():
            continue
        fd, tmp = tempfile.mkstemp(dir=policies, prefix=".pull-")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.replace(tmp, policies / name)


def pull_for_property(settings: Settings, group: str | None = None) -> Pulled:
    """Bring the group's latest bundle into this property's policy folder: staged beside
    it, checked as any edit is (``PolicyError`` leaves the folder untouched), then put
    in force."""
    current = load_policy(settings.policies)
    group = group or (current.chain.group if current.chain else None)
    if not group:
        raise ChainError("which group? give --group or set group under [chain] in "
                         "property.toml")
    bundle = latest_bundle(head_office_dsn(settings), group)
    with tempfile.TemporaryDirectory(dir=settings.policies.parent) as tmp:
        staged = Path(tmp) / "policies"
        kept = stage_bundle(bundle, settings.policies, staged)
        fresh = load_policy(staged)
        changed = fresh.policy_hash != current.policy_hash
        if changed:
            publish_locally(staged, settings.policies)
    return Pulled(bundle, kept, changed)
