"""The desk context handed to every use case: policy in force, store, clock, terminal."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kiosk.config import Settings
from kiosk.core.clock import Clock, system_clock
from kiosk.core.errors import PolicyError
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_set import Policy
from kiosk.store.api import StoreApi


@dataclass
class PolicyHolder:
    """The last good policy. A broken edit never replaces it; ``last_error`` says why."""

    folder: Path
    current: Policy
    loaded_at: datetime
    last_error: PolicyError | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, folder: Path, now: datetime) -> PolicyHolder:
        return cls(folder=folder, current=load_policy(folder), loaded_at=now)

    def reload(self, now: datetime) -> bool:
        """Re-read the folder. True when a new valid version took effect."""
        try:
            fresh = load_policy(self.folder)
        except PolicyError as exc:
            self.last_error = exc
            return False
        with self._lock:
            self.last_error = None
            changed = fresh.policy_hash != self.current.policy_hash
            self.current = fresh
            self.loaded_at = now
        return changed


@dataclass
class Desk:
    settings: Settings
    store: StoreApi
    policies: PolicyHolder
    clock: Clock = system_clock

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
        from kiosk.store import open_store

        policies = PolicyHolder.load(settings.policies, clock())
        store = open_store(settings.store, clock=clock, terminal=settings.terminal,
                           create=create)
        return cls(settings=settings, store=store, policies=policies, clock=clock)
