"""The letter step's adjustments: how to address the guest in this letter, a short
paragraph of the agent's own and the remedy in the guest's words. All optional; they
are stored with the letter version that is saved."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from kiosk.core.display import language_in
from kiosk.core.i18n import _, current_language
from kiosk.core.models import LetterWording
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskModal
from kiosk.tui.widgets.footer import KioskFooter


class WordingDialog(KioskModal):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.WORDING)
    AUTO_FOCUS = "#wording-address"

    def __init__(self, wording: LetterWording | None, language: str):
        super().__init__()
        self.wording = wording or LetterWording()
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical(id="wording-box", classes="dialog"):
            yield Static(Text.assemble(
                (_("Letter wording"), "bold"),
                " — " + _("written in the letter's language ({language}); leave blank to "
                          "keep the letter as it is.").format(
                              language=language_in(self.language, current_language())), ),
                id="wording-title")
            yield Input(self.wording.address_as, id="wording-address", compact=True,
                        max_length=120, placeholder=_('Address as ("Mr Smith", "Bi. Fatuma")'))
            yield Input(self.wording.personal, id="wording-personal", compact=True,
                        max_length=600, placeholder=_("A short paragraph of your own"))
            yield Input(self.wording.remedy, id="wording-remedy", compact=True,
                        max_length=300, placeholder=_("What was done to put it right"))
            yield KioskFooter()

    def action_apply(self) -> None:
        def value(widget_id: str) -> str:
            return self.query_one(widget_id, Input).value.strip()

        self.dismiss(LetterWording(address_as=value("#wording-address"),
                                   personal=value("#wording-personal"),
                                   remedy=value("#wording-remedy")))

    def action_cancel(self) -> None:
        self.dismiss(None)
