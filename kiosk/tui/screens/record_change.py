"""A change to an incident's record: a note, a new owner, or a reopening with its
reason. The dialog runs the change itself, as the signed-in person, so a refusal is
shown here with what was typed still in place."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from kiosk.core.i18n import _
from kiosk.core.models import PERSON, Incident, Staff
from kiosk.desk import history
from kiosk.desk.text_rules import NOTE_MAX
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskModal
from kiosk.tui.tasks import explain
from kiosk.tui.widgets.dropdown import Dropdown
from kiosk.tui.widgets.footer import KioskFooter

Change = Literal["note", "reassign", "reopen"]


class ChangeDialog(KioskModal):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.CHANGE)

    def __init__(self, kind: Change, incident: Incident, people: list[Staff]):
        super().__init__()
        self.kind = kind
        self.incident = incident
        owner = incident.owner or incident.agent_id
        self.owners = [p for p in people if p.active and p.kind == PERSON and p.id != owner]
        self.busy = False

    def compose(self) -> ComposeResult:
        titles = {"note": _("Add a note to {ref}"), "reassign": _("Give {ref} a new owner"),
                  "reopen": _("Reopen {ref}")}
        with Vertical(classes="dialog", id="change-box"):
            yield Static(Text(titles[self.kind].format(ref=self.incident.ref),
                              style="bold"))
            if self.kind == "reassign":
                yield Label(_("New owner"), classes="dialog-label")
                yield Dropdown([(f"{p.name} ({p.id})", p.id) for p in self.owners],
                             prompt=_("Choose a colleague"), id="change-owner",
                             compact=True)
            label = {"note": _("Note"), "reassign": _("Reason (optional)"),
                     "reopen": _("Reason (kept with the incident)")}[self.kind]
            yield Label(label, classes="dialog-label")
            yield Input(id="change-text", compact=True,
                        max_length=NOTE_MAX if self.kind == "note" else history.REASON_MAX)
            yield Static("", id="change-message", classes="message error")
            yield KioskFooter()

    def on_mount(self) -> None:
        first = "#change-owner" if self.kind == "reassign" else "#change-text"
        self.query_one(first).focus()

    @on(Input.Submitted, "#change-text")
    def action_save(self) -> None:
        if self.busy:
            return
        text = self.query_one("#change-text", Input).value
        desk, member, ref = self.desk, self.me, self.incident.id
        if self.kind == "note":
            job = lambda: history.add_note(desk, ref, member, text)  # noqa: E731
        elif self.kind == "reopen":
            job = lambda: history.reopen(desk, ref, member, text)  # noqa: E731
        else:
            owner = self.query_one("#change-owner", Select).value
            if not isinstance(owner, str):
                self.say(_("Choose the new owner."))
                return
            job = lambda: history.reassign(desk, ref, member, owner, text)  # noqa: E731
        self.busy = True
        self.run_job(job, self.dismiss, failed=self.refused)

    def refused(self, exc: BaseException) -> None:
        self.busy = False
        self.say(explain(exc))

    def say(self, message: str) -> None:
        self.query_one("#change-message", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)
