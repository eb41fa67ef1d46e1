"""The desk context handed to every use case: policy in force, store, clock, terminal."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import field
from datetime import datetime
from pathlib import Path

from kiosk.config import Settings
from kiosk.core.clock import Clock, system_clock
from kiosk.core.errors import PolicyError, PolicyProblem
from kiosk.core.i18n import _
from kiosk.core.plain import Record
from kiosk.core.policy_publish import (
    Manifest,
    file_hashes,
    load_published,
    pending_files,
    publish_hint,
    read_manifest,
)
from kiosk.core.policy_set import Policy
from kiosk.store import open_store
from kiosk.store.api import StoreApi


class PolicyHolder(Record):
    """The published policy in force. Only a published edit replaces it (see
    ``core/policy_publish.py``): an edit not yet published is ``pending`` (the files that
    differ), a broken publication is ``last_error``, and ``manifest`` is None while the
    folder has never been published."""

    folder: Path
    current: Policy
    loaded_at: datetime
    last_error: PolicyError | None = None
    manifest: Manifest | None = None
    pending: tuple[str, ...] = ()
    _loaded_files: dict[str, str] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, folder: Path, now: datetime) -> PolicyHolder:
        hashes = file_hashes(folder)
        policy, manifest = load_published(folder)
        return cls(folder=folder, current=policy, loaded_at=now, manifest=manifest,
                   _loaded_files=hashes)

    @property
    def published(self) -> bool:
        return self.manifest is not None

    def reload(self, now: datetime) -> bool:
        """Look at the folder again. True when a newly published version took effect."""
        try:
            manifest = read_manifest(self.folder)
            if manifest is None:  # never published: edits wait for the first publish
                now_files = file_hashes(self.folder)
                self._settle(tuple(n for n in now_files
                                   if now_files[n] != self._loaded_files.get(n)))
                return False
            changed = pending_files(self.folder, manifest)
            if changed:
                self._settle(tuple(changed))
                return False
            current = self.current
            if (manifest.version, manifest.policy_hash) == (current.version,
                                                            current.policy_hash):
                self.manifest = manifest  # e.g. published for the first time, unchanged
                self._settle(())
                return False
            if manifest.version == current.version and self.manifest is not None:
                raise PolicyError([PolicyProblem(
                    "property.toml", None, "policy.version",
                    _("published with different rules under version {version}, the "
                      "version already in force; give {setting} a new value and publish "
                      "again ({hint})").format(version=current.version,
                                               setting="[policy] version",
                                               hint=publish_hint(self.folder)))],
                    str(self.folder))
            fresh, manifest = load_published(self.folder)
        except PolicyError as exc:
            self.last_error = exc
            self.pending = ()
            return False
        with self._lock:
            self.last_error = None
            self.pending = ()
            self.current = fresh
            self.manifest = manifest
            self.loaded_at = now
        return True

    def _settle(self, pending: tuple[str, ...]) -> None:
        self.last_error = None
        self.pending = pending


# Sends a PDF to a printer queue with a job title; the CUPS job id.
Printer = Callable[[Path, str, str], str]


class Desk(Record):
    """One terminal's session: its settings, store, policy in force and clock."""

    settings: Settings
    store: StoreApi
    policies: PolicyHolder
    clock: Clock = system_clock
    # The handles a practice run swaps, all at once (kiosk/desk/practice.py): where
    # letters print (None: the CUPS queues of kiosk.printing, which the letters import,
    # so a command that opens the desk and prints nothing never loads it), and the word
    # marked across every page of a letter ("" for none).
    printer: Printer | None = None
    letter_mark: str = ""

    @property
    def policy(self) -> Policy:
        """The policy in force. Take it once per decision so a reload never lands
        in the middle of one."""
        return self.policies.current

    @property
    def terminal(self) -> str:
        return self.settings.terminal

    def now(self) -> datetime:
        return self.clock()

    @classmethod
    def open(cls, settings: Settings, clock: Clock = system_clock, *,
             create: bool = True) -> Desk:
        """Load the policy (``PolicyError`` if broken) and open the store; with
        ``create=False`` the store must already exist (``StoreError`` otherwise)."""
        policies = PolicyHolder.load(settings.policies, clock())
        store = open_store(settings.store, clock=clock, terminal=settings.terminal,
                           create=create)
        return cls(settings=settings, store=store, policies=policies, clock=clock)
