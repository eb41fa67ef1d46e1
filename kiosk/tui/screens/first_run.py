"""First run: a store with no staff yet. Says how to add the first supervisor from the
command line, and offers to do it here."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static

from kiosk.core.models import Staff
from kiosk.desk import staff
from kiosk.tui import bindings
from kiosk.tui.messages import FirstSupervisorCreated
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.tasks import explain
from kiosk.tui.widgets.header import KioskHeader


class FirstRunScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.FIRST_RUN)
    AUTO_FOCUS = "#first-name"

    def compose(self) -> ComposeResult:
        role = self.desk.policy.supervisor_role
        yield KioskHeader("First run", show_staff=False)
        with Vertical(id="first-box", classes="box"):
            yield Static(Text.assemble(
                ("No staff yet. ", "bold"),
                "Create the first supervisor here, or close the kiosk (ctrl+q) and run:\n",
                (f'  kiosk staff add "Name" --role {role}', "bold"),
                "\nThat supervisor then adds the rest of the team.",
            ), classes="hint")
            yield Input(placeholder="Full name", id="first-name", max_length=120)
            yield Input(placeholder="PIN (digits)", id="first-pin", password=True,
                        max_length=32)
            yield Input(placeholder="PIN again", id="first-pin2", password=True,
                        max_length=32)
            yield Static("", id="first-message", classes="message")
        yield Footer()

    @on(Input.Submitted, "#first-name")
    @on(Input.Submitted, "#first-pin")
    def next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#first-pin2")
    def action_create(self) -> None:
        name = self.query_one("#first-name", Input).value.strip()
        pin = self.query_one("#first-pin", Input).value
        again = self.query_one("#first-pin2", Input).value
        if not name:
            self.say("Type the supervisor's name.")
            return
        if pin != again:
            self.say("The two PINs differ; type them again.")
            return
        role = self.desk.policy.supervisor_role
        self.run_job(lambda: staff.add_staff(self.desk, name, role, pin, actor="first-run"),
                  self.created, failed=lambda exc: self.say(explain(exc)))

    def created(self, member: Staff) -> None:
        self.notify(f"{member.name} can now sign in with id {member.id}.",
                    title="Supervisor created", timeout=10)
        self.post_message(FirstSupervisorCreated(member))

    def say(self, message: str) -> None:
        self.query_one("#first-message", Static).update(Text(message))
