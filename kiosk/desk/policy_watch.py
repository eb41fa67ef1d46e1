"""Live policy: notice edited policy files, validate them, switch at a safe point.

The kiosk calls ``PolicyWatcher(desk).poll()`` every couple of seconds (from a timer or
a worker) and shows the event it returns, if any. Polling reads the few small policy
files and hashes them: cheap, and it sees an edit even where file times are coarse.

Why a swap is safe: ``PolicyHolder.reload`` validates the whole folder first and only
then replaces its ``current`` policy, under its lock; a policy object never changes once
loaded; and every use case takes ``desk.policy`` once per decision. A decision in
progress therefore finishes under the policy it started with, and the next decision
uses the new one. A broken edit never replaces the last good policy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from kiosk.desk.context import Desk


class ReloadKind(StrEnum):
    CHANGED = "changed"  # a new valid version is in force
    REFUSED = "refused"  # the edit is invalid; the last good version stays
    RESTORED = "restored"  # a refused edit was put right; the same rules stay in force


@dataclass(frozen=True)
class ReloadEvent:
    kind: ReloadKind
    at: datetime
    version: str  # the version in force after the event
    policy_hash: str
    problems: tuple[str, ...] = ()  # FILE:LINE: key: message, when refused

    @property
    def message(self) -> str:
        short = self.policy_hash[:12]
        if self.kind is ReloadKind.CHANGED:
            return f"Policy {self.version} ({short}) is now in force."
        if self.kind is ReloadKind.RESTORED:
            return f"Policy files are valid again; {self.version} ({short}) stays in force."
        first = self.problems[0] if self.problems else "unknown problem"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        return (f"Policy edit refused; still using {self.version} ({short}). "
                f"{first}{more}")


@dataclass(frozen=True)
class PolicyStatus:
    """What the supervisor area shows: the policy in force and any pending problem."""

    folder: Path
    version: str
    policy_hash: str
    loaded_at: datetime
    problems: tuple[str, ...]


def folder_fingerprint(folder: Path) -> str:
    """A hash of every policy file's name and bytes; changes with any edit."""
    digest = hashlib.sha256()
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".toml")
    except OSError:
        return "(unreadable folder)"
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"(unreadable)")
        digest.update(b"\0")
    return digest.hexdigest()


class PolicyWatcher:
    """Polls the desk's policy folder and reloads it when its files change.

    With ``settle`` (the default) a change is acted on only once the files have stayed
    the same for one more poll, so an editor caught half-way through saving does not
    produce a false "refused".
    """

    def __init__(self, desk: Desk, settle: bool = True):
        self._desk = desk
        self._settle = settle
        self._seen = folder_fingerprint(desk.policies.folder)
        self._pending: str | None = None

    def poll(self) -> ReloadEvent | None:
        """Reload if the files changed (and settled); the event to show, if any."""
        fingerprint = folder_fingerprint(self._desk.policies.folder)
        if fingerprint == self._seen:
            self._pending = None
            return None
        if self._settle and fingerprint != self._pending:
            self._pending = fingerprint
            return None
        self._seen, self._pending = fingerprint, None
        return self._reload()

    def reload_now(self) -> ReloadEvent | None:
        """A supervisor's "reload": read the folder now, changed or not."""
        self._seen = folder_fingerprint(self._desk.policies.folder)
        self._pending = None
        return self._reload()

    def _reload(self) -> ReloadEvent | None:
        holder = self._desk.policies
        was_refused = holder.last_error is not None
        changed = holder.reload(self._desk.now())
        current = holder.current
        if holder.last_error is not None:
            problems = tuple(str(p) for p in holder.last_error.problems)
            return ReloadEvent(ReloadKind.REFUSED, self._desk.now(), current.version,
                               current.policy_hash, problems)
        if changed or was_refused:
            kind = ReloadKind.CHANGED if changed else ReloadKind.RESTORED
            return ReloadEvent(kind, self._desk.now(), current.version, current.policy_hash)
        return None  # e.g. only comments were edited: the rules are the same

    def status(self) -> PolicyStatus:
        holder = self._desk.policies
        error = holder.last_error
        return PolicyStatus(holder.folder, holder.current.version,
                            holder.current.policy_hash, holder.loaded_at,
                            tuple(str(p) for p in error.problems) if error else ())
