"""The supervisor-override dialog: a different staff member of sufficient role picks
their name, enters their PIN and a reason. The dialog only collects them: the screen
that opened it hands in ``submit``, which gives the compensation with the approval (the
one place the PIN is checked), so the PIN never leaves this dialog and a refusal (the
agent's own PIN, a wrong one) is shown here."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kiosk.core.display import role_word
from kiosk.core.engine import Decision
from kiosk.core.i18n import _, current_language
from kiosk.core.models import Incident, Staff
from kiosk.core.plain import Value
from kiosk.desk import staff
from kiosk.desk.incidents import ApprovalRequest
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskModal
from kiosk.tui.tasks import explain
from kiosk.tui.text import inert, money
from kiosk.tui.widgets.footer import KioskFooter


class Given(Value):
    """Compensation recorded, and the approver's name as the desk shows it ("" when
    none was needed): read in the worker that saved it, not on the screen's thread."""

    incident: Incident
    approver: str = ""


class ApprovalDialog(KioskModal):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.APPROVAL)
    AUTO_FOCUS = "#approvers"

    def __init__(self, decision: Decision, agent_id: str,
                 submit: Callable[[ApprovalRequest], Given]):
        super().__init__()
        self.decision = decision
        self.agent_id = agent_id
        self.submit = submit
        self.needed = decision.approver_role or self.desk.policy.supervisor_role
        self.busy = False

    def compose(self) -> ComposeResult:
        policy = self.desk.policy
        needed = policy.label(policy.role(self.needed).label, current_language())
        with Vertical(id="approval-box", classes="dialog"):
            total = money(self.decision.total, self.decision.currency, policy)
            yield Static(Text.assemble(
                (_("Approval needed"), "bold"),
                " — " + _("{amount} needs a {role} or above.").format(
                    amount=total, role=needed.lower()) + "\n",
                (_("The approver picks their own name, enters their PIN and a reason."),
                 "dim")), id="approval-title")
            yield OptionList(id="approvers")
            # Labels beside the boxes: a placeholder is gone once something is typed.
            yield from _row(_("Approver"), Input(
                placeholder=_("Approver's staff id"), id="approver-id", compact=True,
                max_length=40))
            yield from _row(_("PIN"), Input(
                placeholder=_("Approver's PIN"), id="approver-pin", password=True,
                compact=True, max_length=32))
            yield from _row(_("Reason"), Input(
                placeholder=_("Reason for the approval"), id="approval-reason", compact=True,
                max_length=300))
            yield Static("", id="approval-message", classes="message error")
            yield KioskFooter()

    def on_mount(self) -> None:
        self.run_job(lambda: staff.list_staff(self.desk), self.show_approvers,
                  title=_("Cannot read the staff list"))

    def show_approvers(self, members: list[Staff]) -> None:
        policy = self.desk.policy
        options = self.query_one("#approvers", OptionList)
        for member in members:
            try:
                eligible = member.active and staff.may_approve(policy, member.role,
                                                               self.needed)
            except KeyError:
                eligible = False
            if eligible:
                options.add_option(Option(
                    Text.assemble(inert(member.name, limit=36),
                                  ("  " + role_word(policy, member.role), "dim")),
                    id=member.id))
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#approvers")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#approver-id", Input).value = event.option.id or ""
        self.query_one("#approver-pin", Input).focus()

    @on(Input.Submitted, "#approver-id")
    @on(Input.Submitted, "#approver-pin")
    def next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#approval-reason")
    def action_approve(self) -> None:
        if self.busy:
            return
        approver_id = self.query_one("#approver-id", Input).value.strip()
        pin_input = self.query_one("#approver-pin", Input)
        pin = pin_input.value
        reason = self.query_one("#approval-reason", Input).value.strip()
        # Every problem at once, each under the label beside its box.
        problems = [(box, f"{label}: {problem}") for box, label, problem in (
            ("#approver-id", _("Approver"), _("pick your name or type your staff id.")),
            ("#approver-pin", _("PIN"), _("enter your PIN.")),
            ("#approval-reason", _("Reason"), _("give a reason for the approval.")))
            if not self.query_one(box, Input).value.strip()]
        if problems:
            self.say("\n".join(problem for _box, problem in problems))
            self.query_one(problems[0][0], Input).focus()
            return
        self.busy = True
        request = ApprovalRequest(approver_id=approver_id, pin=pin, reason=reason)
        pin_input.value = ""
        submit = self.submit
        self.run_job(lambda: submit(request), self.dismiss, failed=self.refused)

    def refused(self, exc: BaseException) -> None:
        self.busy = False
        self.query_one("#approver-pin", Input).value = ""
        self.say(explain(exc))
        self.query_one("#approver-pin", Input).focus()

    def say(self, message: str) -> None:
        self.query_one("#approval-message", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _row(label: str, box: Input) -> ComposeResult:
    with Horizontal(classes="field-row"):
        yield Label(label, classes="field-label")
        yield box
