"""Open the kiosk app on a settings object (kept tiny so the CLI imports Textual lazily)."""

from __future__ import annotations

from kiosk.config import Settings


def launch(settings: Settings, demo: bool = False) -> None:
    raise NotImplementedError("the kiosk app is being built")
