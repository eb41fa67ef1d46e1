"""The desk benchmark's peer in a terminal: Textual alone, pushing a bare screen (a line,
a text box and a footer) on ctrl+n and leaving it on escape, as the kiosk opens and
leaves its new-incident form.

    python tests/bench/bare_app.py
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static


class BareScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static("bare screen drawn")
        yield Input(id="box")
        yield Footer()


class BareApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("ctrl+n", "bare", "Bare screen")]

    def compose(self) -> ComposeResult:
        yield Static("bare app ready")
        yield Footer()

    def action_bare(self) -> None:
        self.push_screen(BareScreen())


if __name__ == "__main__":
    BareApp().run()
