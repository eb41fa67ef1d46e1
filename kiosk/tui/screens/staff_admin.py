"""The supervisor area's staff changes: add someone, disable or enable them, end a
lockout, set a new PIN. Each change is proved with the supervisor's own PIN and made by
the same use cases and rules as ``kiosk staff`` (``kiosk.desk.staff``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from kiosk.core.i18n import N_, _, current_language, lookup
from kiosk.core.models import Staff
from kiosk.desk import staff
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskModal
from kiosk.tui.tasks import explain
from kiosk.tui.text import inert
from kiosk.tui.widgets.dropdown import Dropdown
from kiosk.tui.widgets.footer import KioskFooter

ADD, DISABLE, ENABLE, UNLOCK, NEW_PIN = "add", "disable", "enable", "unlock", "new_pin"
TITLES = {ADD: N_("Add a staff member"), DISABLE: N_("Disable"), ENABLE: N_("Enable"),
          UNLOCK: N_("End the lockout"), NEW_PIN: N_("Set a new PIN")}


class StaffDialog(KioskModal):
    """Collects what the change needs and the supervisor's PIN; dismisses with the
    changed staff member, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings.STAFF_CHANGE)
    AUTO_FOCUS = "Input"

    def __init__(self, change: str, target: Staff | None = None) -> None:
        super().__init__()
        self.change = change
        self.target = target
        self.busy = False

    def compose(self) -> ComposeResult:
        heading = Text(lookup(TITLES[self.change]), style="bold")
        if self.target is not None:
            heading.append(" — ")
            heading.append_text(inert(f"{self.target.name} ({self.target.id})", limit=40))
        with Vertical(id="staff-box", classes="dialog"):
            yield Static(heading)
            if self.change == ADD:
                yield from _row(_("Name"), Input(id="new-name", compact=True, max_length=80))
                roles = [(self.desk.policy.label(r.label, current_language()), r.id)
                         for r in self.desk.policy.roles]
                yield from _row(_("Role"), Dropdown(roles, value=roles[0][1],
                                                  allow_blank=False, id="new-role",
                                                  compact=True))
            if self.change in (ADD, NEW_PIN):
                yield from _row(_("New PIN"), Input(id="new-pin", password=True,
                                                    compact=True, max_length=12))
                yield from _row(_("Repeat it"), Input(id="new-pin-again", password=True,
                                                      compact=True, max_length=12))
            yield from _row(_("Your PIN"), Input(id="my-pin", password=True, compact=True,
                                                 max_length=32))
            yield Static("", id="staff-message", classes="message error")
            yield KioskFooter()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "my-pin":
            self.action_apply()
        else:
            self.focus_next()

    def _value(self, selector: str) -> str:
        found = self.query(selector)
        return found.only_one(Input).value if found else ""

    def action_apply(self) -> None:
        if self.busy:
            return
        problems = []
        name = self._value("#new-name").strip()
        if self.change == ADD and not name:
            problems.append(_("Name: write the person's full name."))
        new_pin, again = self._value("#new-pin"), self._value("#new-pin-again")
        if self.change in (ADD, NEW_PIN) and new_pin != again:
            problems.append(_("New PIN: the two PINs differ."))
        my_pin = self._value("#my-pin")
        if not my_pin:
            problems.append(_("Your PIN: enter it to prove the change is yours."))
        if problems:
            self.say(" ".join(problems))
            return
        role = str(self.query_one("#new-role", Select).value) if self.change == ADD else ""
        job = self._job(name, role, new_pin)
        for box in self.query(Input):
            if box.password:
                box.value = ""
        self.busy = True
        manager_id = self.me.id
        target_role = role if self.change == ADD else (self.target.role if self.target
                                                      else None)
        desk = self.desk

        def run() -> Staff:
            manager = staff.authorize_manager(desk, manager_id, my_pin, target_role)
            return job(manager.id)

        self.run_job(run, self.dismiss, failed=self.refused)

    def _job(self, name: str, role: str, new_pin: str) -> Callable[[str], Staff]:
        desk, target_id = self.desk, self.target.id if self.target else ""
        if self.change == ADD:
            return lambda actor: staff.add_staff(desk, name, role, new_pin, actor=actor)
        if self.change == DISABLE:
            return lambda actor: staff.disable_staff(desk, target_id, actor)
        if self.change == ENABLE:
            return lambda actor: staff.enable_staff(desk, target_id, actor)
        if self.change == UNLOCK:
            return lambda actor: staff.unlock_staff(desk, target_id, actor)
        return lambda actor: staff.reset_pin(desk, target_id, new_pin, actor)

    def refused(self, exc: BaseException) -> None:
        self.busy = False
        self.say(explain(exc))
        self.query(Input).first().focus()

    def say(self, message: str) -> None:
        self.query_one("#staff-message", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _row(label: str, widget: Input | Select[str]) -> ComposeResult:
    with Horizontal(classes="field-row"):
        yield Label(label, classes="field-label")
        yield widget
