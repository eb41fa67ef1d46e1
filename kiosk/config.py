"""Where the kiosk finds its policies, letters and store: flags, environment, defaults."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from kiosk.core.plain import Value

_PACKAGE = Path(__file__).resolve().parent
_REPO_ROOT = _PACKAGE.parent


def _shipped(name: str) -> Path:
    """The shipped folder: inside an installed wheel, or at the top of a checkout."""
    packaged = _PACKAGE / "_shipped" / name
    if packaged.is_dir():
        return packaged
    return _REPO_ROOT / name


def shipped_policies() -> Path:
    return _shipped("policies")


def shipped_letters() -> Path:
    return _shipped("letters")


def default_store() -> Path:
    return platformdirs.user_data_path("kiosk", appauthor=False) / "store"


def default_terminal() -> str:
    # The host's name as gethostname() has it, without importing the network library.
    return os.environ.get("KIOSK_TERMINAL") or os.uname().nodename or "desk"


class Settings(Value):
    """Where the policies, letters and store are, and this terminal's name."""

    policies: Path
    letters: Path
    store: Path
    terminal: str

    @classmethod
    def resolve(
        cls,
        policies: Path | str | None = None,
        letters: Path | str | None = None,
        store: Path | str | None = None,
        terminal: str | None = None,
    ) -> Settings:
        """Flags win over KIOSK_* variables, which win over the shipped defaults."""
        env = os.environ
        return cls(
            policies=Path(policies or env.get("KIOSK_POLICIES") or shipped_policies()),
            letters=Path(letters or env.get("KIOSK_LETTERS") or shipped_letters()),
            store=Path(store or env.get("KIOSK_STORE") or default_store()),
            terminal=terminal or default_terminal(),
        )
