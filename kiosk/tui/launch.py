"""Open the kiosk app on a settings object. The CLI loads this module only when the kiosk
opens, so a command never loads Textual."""

from __future__ import annotations

import os

from kiosk.config import Settings
from kiosk.core.models import Staff
from kiosk.desk import staff
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
    KioskApp(desk, demo=demo, high_contrast=high_contrast,
             staff_list=_staff_at_start(desk)).run()


def _staff_at_start(desk: Desk) -> list[Staff] | None:
    """The staff list, read while the store is open anyway, so the sign-in is drawn
    with the first frame. None when it cannot be read: the app reads it again and
    shows the store's problem on a screen of its own."""
    try:
        return staff.list_staff(desk)
    except Exception:  # whatever it is, the app's own read meets it again and says so
        return None
