"""Live policy: notice a published policy, validate it, switch at a safe point.

The kiosk calls ``PolicyWatcher(desk).poll()`` every couple of seconds (from a timer or
a worker) and shows the event it returns, if any. Polling reads the manifest and the
few small policy files (bounded reads, never anything else in the folder) and hashes
them: cheap, and it sees an edit even where file times are coarse. An edit takes effect
only once a supervisor publishes it (``kiosk policy publish``); until then it is shown
as pending, so a file caught half-saved never goes live.

Why a swap is safe: ``PolicyHolder.reload`` validates the whole folder first and only
then replaces its ``current`` policy, under its lock; a policy object never changes once
loaded; and every use case takes ``desk.policy`` once per decision. A decision in
progress therefore finishes under the policy it started with, and the next decision
uses the new one. Neither a pending edit nor a broken publication replaces it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from kiosk.core.plain import Value
from kiosk.core.plain_file import NotPlainFile, read_plain
from kiosk.core.policy_publish import MANIFEST, file_hashes, publish_hint
from kiosk.desk.context import Desk


class ReloadKind(StrEnum):
    CHANGED = "changed"  # a newly published version is in force
    PENDING = "pending"  # files edited, not published; the version in force stays
    REFUSED = "refused"  # the publication is invalid; the last good version stays
    RESTORED = "restored"  # the files match the version in force again


class ReloadEvent(Value):
    kind: ReloadKind
    at: datetime
    version: str  # the version in force after the event
    policy_hash: str
    problems: tuple[str, ...] = ()  # FILE:LINE: key: message, when refused
    pending: tuple[str, ...] = ()  # files edited and not yet published
    folder: Path | None = None

    @property
    def message(self) -> str:
        short = self.policy_hash[:12]
        if self.kind is ReloadKind.CHANGED:
            return f"Policy {self.version} ({short}) is now in force."
        if self.kind is ReloadKind.RESTORED:
            return f"Policy files are valid again; {self.version} ({short}) stays in force."
        if self.kind is ReloadKind.PENDING:
            files = ", ".join(self.pending)
            return (f"Policy edit pending ({files}): not in force until published with "
                    f"'{publish_hint(self.folder or Path('.'))}'; still using "
                    f"{self.version} ({short}).")
        first = self.problems[0] if self.problems else "unknown problem"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        return (f"Policy edit refused; still using {self.version} ({short}). "
                f"{first}{more}")


class PolicyStatus(Value):
    """What the supervisor area shows: the policy in force and any pending problem."""

    folder: Path
    version: str
    policy_hash: str
    loaded_at: datetime
    problems: tuple[str, ...]
    pending: tuple[str, ...] = ()  # files edited and not yet published
    published: bool = True  # False while the folder has never been published


def folder_fingerprint(folder: Path) -> str:
    """A hash of the manifest and of every policy file's bytes; changes with any edit.
    Only those files are read, each bounded, so a stray huge file costs nothing."""
    digest = hashlib.sha256()
    try:
        digest.update(read_plain(folder / MANIFEST, 64_000))
    except (OSError, NotPlainFile):
        digest.update(b"(no manifest)")
    for name, file_hash in file_hashes(folder).items():
        digest.update(f"{name}\0{file_hash}\0".encode())
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
        was_refused, was_pending = holder.last_error is not None, holder.pending
        changed = holder.reload(self._desk.now())
        current = holder.current
        now = self._desk.now()
        if holder.last_error is not None:
            problems = tuple(str(p) for p in holder.last_error.problems)
            return ReloadEvent(ReloadKind.REFUSED, now, current.version,
                               current.policy_hash, problems)
        if changed:
            return ReloadEvent(ReloadKind.CHANGED, now, current.version, current.policy_hash)
        if holder.pending and holder.pending != was_pending:
            return ReloadEvent(ReloadKind.PENDING, now, current.version, current.policy_hash,
                               pending=holder.pending, folder=holder.folder)
        if (was_refused or was_pending) and not holder.pending:
            return ReloadEvent(ReloadKind.RESTORED, now, current.version,
                               current.policy_hash)
        return None  # e.g. the same version published again after a comment edit

    def status(self) -> PolicyStatus:
        holder = self._desk.policies
        error = holder.last_error
        return PolicyStatus(holder.folder, holder.current.version,
                            holder.current.policy_hash, holder.loaded_at,
                            tuple(str(p) for p in error.problems) if error else (),
                            holder.pending, holder.published)
