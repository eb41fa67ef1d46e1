"""The store cannot be read: say so plainly, say where, and offer to try again (or, for
whoever looks after the terminal, to close the kiosk). Never a blank screen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from kiosk.core.i18n import _
from kiosk.tui import bindings
from kiosk.tui.messages import RetryStore
from kiosk.tui.screens.base import StaffWords
from kiosk.tui.text import inert
from kiosk.tui.widgets.footer import KioskFooter


class StoreProblemScreen(StaffWords, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.STORE_PROBLEM)

    def __init__(self, reason: str, folder: Path) -> None:
        super().__init__()
        self.reason = reason
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="store-problem-box", classes="box"):
            yield Static(Text(_("The kiosk cannot read its store."), style="bold red"))
            yield Static("", id="store-problem-reason")
            yield Static(Text.assemble(
                _("Store folder:") + " ", inert(self.folder, limit=200),
                "\n" + _("Nothing has been changed. Ask whoever looks after this terminal "
                         "to run {command}, then press ctrl+r to try again.")
                .format(command="kiosk store verify")),
                classes="hint")
        yield KioskFooter()

    def on_mount(self) -> None:
        self.show(self.reason)

    def show(self, reason: str) -> None:
        self.reason = reason
        self.query_one("#store-problem-reason", Static).update(inert(reason, limit=300))

    def action_retry(self) -> None:
        self.post_message(RetryStore())
