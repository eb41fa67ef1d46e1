"""The PRACTICE banner: first on the top line of every screen of a practice run, so
nobody takes a rehearsal for a real guest's recovery (kiosk.tcss styles it)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kiosk.core.i18n import _


class PracticeBanner(Static):
    def on_mount(self) -> None:
        self.update(Text(" " + _("PRACTICE") + " "))
