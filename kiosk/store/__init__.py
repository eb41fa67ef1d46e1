"""The local store shared by the desk terminals (TinyDB under a process lock)."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.clock import Clock, system_clock
from kiosk.store.api import StoreApi


def open_store(root: Path, clock: Clock = system_clock, terminal: str = "desk") -> StoreApi:
    """Open (creating if needed) the store in folder ``root``."""
    raise NotImplementedError("the store is being built")
