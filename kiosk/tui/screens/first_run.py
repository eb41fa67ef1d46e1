"""First run: a store with no staff yet. Says how to add the first supervisor from the
command line, and offers to do it here."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from kiosk.core.i18n import _, current_language, next_language
from kiosk.core.models import Staff
from kiosk.desk import staff
from kiosk.tui import bindings
from kiosk.tui.messages import FirstSupervisorCreated, LanguageChosen
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.tasks import explain
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader
from kiosk.tui.widgets.language_hint import language_hint


class FirstRunScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.FIRST_RUN)
    AUTO_FOCUS = "#first-name"

    def compose(self) -> ComposeResult:
        role = self.desk.policy.supervisor_role
        yield KioskHeader(_("First run"), show_staff=False)
        with Vertical(id="first-box", classes="box"):
            yield Static(Text.assemble(
                (_("No staff yet.") + " ", "bold"),
                _("Create the first supervisor here, or close the kiosk (ctrl+q) and run:")
                + "\n",
                ('  kiosk staff add "' + _("Name") + f'" --role {role}', "bold"),
                "\n" + _("That supervisor then adds the rest of the team."),
            ), classes="hint")
            yield Input(placeholder=_("Full name"), id="first-name", max_length=120)
            yield Input(placeholder=_("PIN (digits)"), id="first-pin", password=True,
                        max_length=32)
            yield Input(placeholder=_("PIN again"), id="first-pin2", password=True,
                        max_length=32)
            yield Static("", id="first-message", classes="message")
            yield from language_hint()
        yield KioskFooter()

    def action_language(self) -> None:
        self.post_message(LanguageChosen(next_language()))

    async def respeak(self) -> None:
        """Draw the screen again in the current language, the name typed kept (the PINs
        are typed again)."""
        name = self.query_one("#first-name", Input).value
        await self.recompose()
        self.query_one("#first-name", Input).value = name
        self.query_one("#first-name", Input).focus()

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
            self.say(_("Type the supervisor's name."))
            return
        if pin != again:
            self.say(_("The two PINs differ; type them again."))
            return
        policy = self.desk.policy
        role = policy.supervisor_role
        # The language chosen here stays theirs; the property's own needs no setting.
        chosen = current_language()
        ui_lang = "" if chosen == policy.property.staff_language else chosen
        self.run_job(lambda: staff.add_staff(self.desk, name, role, pin, actor="first-run",
                                             ui_lang=ui_lang),
                     self.created, failed=lambda exc: self.say(explain(exc)))

    def created(self, member: Staff) -> None:
        self.notify(_("{name} can now sign in with id {id}.").format(name=member.name,
                                                                     id=member.id),
                    title=_("Supervisor created"), timeout=10)
        self.post_message(FirstSupervisorCreated(member))

    def say(self, message: str) -> None:
        self.query_one("#first-message", Static).update(Text(message))
