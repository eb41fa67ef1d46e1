"""Open the kiosk app on a settings object. The CLI loads this module only when the kiosk
opens, so a command never loads Textual."""

from __future__ import annotations

import os

from kiosk.config import Settings
from kiosk.desk.context import Desk
from kiosk.tui.app import KioskApp


def launch(settings: Settings, demo: bool = False) -> None:
    """Run the kiosk in this terminal until a supervisor closes it.

    ``PolicyError`` and ``StoreError`` from opening the desk propagate to the CLI, which
    prints them as one line."""
    # Kiosk mode: ctrl+c / ctrl+z / ctrl+\ must reach the app as keys, not as signals.
    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
    desk = Desk.open(settings)
    high_contrast = os.environ.get("KIOSK_HIGH_CONTRAST", "") not in ("", "0", "no")
    KioskApp(desk, demo=demo, high_contrast=high_contrast).run()
