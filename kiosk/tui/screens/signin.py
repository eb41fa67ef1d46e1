"""Sign-in: pick a name (or type a staff id), then the PIN. Shows the property and the
time and nothing of the previous agent's work."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.models import Staff
from kiosk.desk import staff
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import inert
from kiosk.tui.widgets.header import KioskHeader


class SignInScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.SIGN_IN)
    AUTO_FOCUS = "#staff-list"

    def compose(self) -> ComposeResult:
        yield KioskHeader("Sign in", show_staff=False)
        with Vertical(id="signin-box", classes="box"):
            yield Static("Choose your name (or type your staff id), then your PIN.",
                         classes="hint")
            yield OptionList(id="staff-list")
            yield Input(placeholder="Staff id", id="staff-id", max_length=40)
            yield Input(placeholder="PIN", id="pin", password=True, max_length=32)
            yield Static("", id="signin-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.load_staff()

    def on_screen_resume(self) -> None:
        # Back after a lock: nothing of the last person stays on screen.
        self.query_one("#staff-id", Input).value = ""
        self.query_one("#pin", Input).value = ""
        self.query_one("#signin-message", Static).update("")
        self.load_staff()
        self.query_one("#staff-list", OptionList).focus()

    def load_staff(self) -> None:
        self.task(lambda: staff.list_staff(self.desk), self.show_staff,
                  title="Cannot read the staff list")

    def show_staff(self, members: list[Staff]) -> None:
        options = self.query_one("#staff-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for member in members:
            if member.active:
                label = Text.assemble(inert(member.name, limit=30),
                                      (f"  {member.id} · {member.role.replace('_', ' ')}",
                                       "dim"))
                options.add_option(Option(label, id=member.id))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

    @on(OptionList.OptionSelected, "#staff-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#staff-id", Input).value = event.option.id or ""
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#staff-id")
    def id_typed(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def action_sign_in(self) -> None:
        staff_id = self.query_one("#staff-id", Input).value.strip()
        pin_input = self.query_one("#pin", Input)
        pin = pin_input.value
        if not staff_id:
            options = self.query_one("#staff-list", OptionList)
            if options.highlighted is not None:
                staff_id = options.get_option_at_index(options.highlighted).id or ""
        if not staff_id or not pin:
            self.say("Choose your name and enter your PIN.")
            return
        pin_input.value = ""
        self.say("Checking…", error=False)
        self.task(lambda: staff.sign_in(self.desk, staff_id, pin), self.kiosk.signed_in,
                  failed=lambda exc: self.say(explain(exc)))

    def say(self, message: str, error: bool = True) -> None:
        box = self.query_one("#signin-message", Static)
        box.set_class(error, "error")
        box.update(Text(message))
