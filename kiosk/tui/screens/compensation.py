"""Compensation: items allowed for the category (suggested first) and quantities, with
the engine's decision live beside them. Over the agent's limits, a supervisor approves
on the same terminal (``ApprovalDialog``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.console import Console
from rich.containers import Lines
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Static

from kiosk.core.engine import Decision, Line, Verdict
from kiosk.core.i18n import _, current_language
from kiosk.core.models import Incident
from kiosk.core.reasons import said
from kiosk.desk import drafts, incidents, staff
from kiosk.desk.incidents import ApprovalRequest, missing_remarks
from kiosk.tui import bindings
from kiosk.tui.screens.approval import ApprovalDialog, Given
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import column_width, inert, money
from kiosk.tui.widgets.decision import DecisionPanel
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader

ITEM_WIDTH = 20


def fold(label: Text, console: Console, width: int = ITEM_WIDTH) -> Lines:
    """An item's name on as many lines of the item column as it needs, wrapped by the
    cells it takes: Armenian and Swahili names are longer than the column, and a name
    cut short is an item the agent cannot tell from the next."""
    return label.wrap(console, width)


class CompensationScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.COMPENSATION)
    AUTO_FOCUS = "#items"

    # The engine's decision on the chosen items (None: nothing chosen, or still
    # deciding) and a give on its way to the store: both decide whether ctrl+s works.
    decision: reactive[Decision | None] = reactive(None, bindings=True, init=False)
    busy: reactive[bool] = reactive(False, bindings=True)

    def __init__(self, incident: Incident, qty: dict[str, int] | None = None,
                 remarks: dict[str, str] | None = None):
        super().__init__()
        self.incident = incident
        self.qty: dict[str, int] = dict(qty or {})
        self.remarks: dict[str, str] = dict(remarks or {})

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Compensation"))
        summary = Text.assemble((self.incident.ref, "bold"), "  ")
        summary.append_text(inert(self.incident.guest.name, limit=30))
        summary.append("  " + _("room {room}").format(room=self.incident.guest.room[:8]))
        yield Static(summary, classes="summary")
        with Horizontal(id="comp-body"):
            with Vertical(id="comp-left"):
                yield DataTable(id="items", cursor_type="row")
                yield Input(placeholder=_("Remark for the highlighted item"), id="remark",
                            compact=True, max_length=200)
            panel = DecisionPanel(id="decision")
            panel.border_title = _("Decision")
            yield panel
        yield KioskFooter()

    def on_mount(self) -> None:
        table = self.query_one("#items", DataTable)
        # Quantity first, so it is never the column cut off on a narrow screen; as wide
        # as its header, the item's name giving up what that takes.
        qty = column_width(_("Qty"), 3)
        table.add_column(_("Qty"), key="qty", width=qty)
        table.add_column(_("Item"), key="item", width=ITEM_WIDTH - (qty - 3))
        table.add_column(_("Value"), key="value", width=11)
        policy = self.desk.policy
        category = policy.categories.get(self.incident.category)
        suggested = set(category.suggested) if category else set()
        for item in policy.offered_items(self.incident.category):
            name = policy.label(item.label, current_language())
            label = Text()
            label.append("★ " if item.id in suggested else "  ", style="yellow")
            label.append(name)
            if item.remark_required:
                label.append(" ✎", style="dim")
            lines = fold(label, self.app.console, ITEM_WIDTH - (qty - 3))
            table.add_row(Text(str(self.qty.get(item.id, 0)), justify="right"),
                          Text("\n").join(lines),
                          Text(money(item.unit_value, policy.currency, policy), justify="right"),
                          key=item.id, height=len(lines))
        self.query_one(DecisionPanel).show(None, policy)
        if self.qty:
            self.decide()

    # --- choosing ------------------------------------------------------------------
    def highlighted_item(self) -> str | None:
        table = self.query_one("#items", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def change(self, delta: int) -> None:
        item_id = self.highlighted_item()
        if item_id is None:
            return
        value = max(0, self.qty.get(item_id, 0) + delta)
        self.qty[item_id] = value
        if not value:
            del self.qty[item_id]
        table = self.query_one("#items", DataTable)
        table.update_cell(item_id, "qty", Text(str(value), justify="right"))
        self.decide()

    def action_more(self) -> None:
        self.change(+1)

    def action_less(self) -> None:
        self.change(-1)

    def lines(self) -> list[Line]:
        return [Line(item_id, qty) for item_id, qty in sorted(self.qty.items()) if qty > 0]

    def decide(self) -> None:
        lines = self.lines()
        if not lines:
            self.decision = None
            self.query_one(DecisionPanel).show(None, self.desk.policy)
            return
        incident, agent_id = self.incident, self.me.id
        self.run_job(lambda: incidents.propose(self.desk, incident, agent_id, lines),
                  self.decided, group="propose", exclusive=True, title=_("No decision"))

    def decided(self, decision: Decision) -> None:
        self.decision = decision
        self.query_one(DecisionPanel).show(decision, self.desk.policy)

    @on(DataTable.RowHighlighted, "#items")
    def item_highlighted(self) -> None:
        item_id = self.highlighted_item()
        remark = self.query_one("#remark", Input)
        remark.value = self.remarks.get(item_id or "", "")
        item = self.desk.policy.items.get(item_id or "")
        remark.placeholder = (_("Remark (required for this item)") if item and
                              item.remark_required else _("Remark (optional)"))

    @on(Input.Changed, "#remark")
    def remark_changed(self, event: Input.Changed) -> None:
        item_id = self.highlighted_item()
        if item_id is not None:
            if event.value.strip():
                self.remarks[item_id] = event.value.strip()
            else:
                self.remarks.pop(item_id, None)

    @on(Input.Submitted, "#remark")
    def remark_done(self) -> None:
        self.query_one("#items", DataTable).focus()

    def draft_data(self) -> dict[str, Any] | None:
        if self.busy:  # on its way to the store; kept there if that fails (see give)
            return None
        return self._draft()

    def _draft(self) -> dict[str, Any] | None:
        if not self.qty:
            return None
        return {"screen": "compensation", "incident_id": self.incident.id,
                "qty": dict(self.qty), "remarks": dict(self.remarks),
                "title": _("Compensation on {ref}").format(ref=self.incident.ref)}

    # --- giving --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "give" and (self.busy or self.decision is None):
            return None  # nothing decided yet, or the last give not yet answered
        return True

    def action_give(self) -> None:
        lines = self.lines()
        if not lines:
            self.notify(_("Choose at least one item with +."), severity="warning")
            return
        decision = self.decision
        if decision is None or self.busy:
            return
        missing = [item_id for item_id in self.qty
                   if missing_remarks(self.desk.policy, [Line(item_id, 1)], self.remarks)]
        if missing and decision.verdict != Verdict.FORBIDDEN:
            # Before anyone is called to approve: a supervisor's PIN is never typed for
            # a give that the missing remark would refuse.
            self.notify(" ".join(missing_remarks(self.desk.policy, lines, self.remarks)),
                        title=_("Remark needed"), severity="error", timeout=10)
            table = self.query_one("#items", DataTable)
            table.move_cursor(row=table.get_row_index(missing[0]))
            self.query_one("#remark", Input).focus()
            return
        if decision.verdict == Verdict.FORBIDDEN:
            self.notify(" ".join(said(decision.reasons, self.desk.policy, on_screen=True)),
                        title=_("Not possible"), severity="error", timeout=10)
        elif decision.verdict == Verdict.NEEDS_APPROVAL:
            self.app.push_screen(ApprovalDialog(decision, self.me.id, self.giver()),
                                 self.approved)
        else:
            self.give(None)

    def give(self, approval: ApprovalRequest | None) -> None:
        if self.decision is not None and self.decision.verdict == Verdict.NEEDS_APPROVAL \
                and approval is None:
            return  # the dialog was cancelled
        desk, agent_id, draft = self.desk, self.me.id, self._draft()
        give = self.giver()
        self.busy = True

        def keep(_: BaseException) -> None:  # failed after a lock: the choice is kept
            if draft is not None:
                drafts.save_draft(desk, agent_id, draft)

        self.run_job(lambda: give(approval), self.given, failed=self.not_given,
                     orphaned=keep)

    def giver(self) -> Callable[[ApprovalRequest | None], Given]:
        """Giving these lines, as they stand now, with an approval or none: run in a
        worker, here or by the approval dialog."""
        desk, incident_id, agent_id = self.desk, self.incident.id, self.me.id
        lines, remarks = self.lines(), dict(self.remarks)

        def give(approval: ApprovalRequest | None) -> Given:
            incident = incidents.give_compensation(desk, incident_id, agent_id, lines,
                                                   remarks=remarks, approval=approval)
            approver = (staff.name_of(desk, approval.approver_id)
                        if approval is not None else "")
            return Given(incident, approver)

        return give

    def approved(self, done: Given | None) -> None:
        if done is not None:  # None: the dialog was cancelled
            self.given(done)

    def given(self, done: Given) -> None:
        self.busy = False
        policy, incident = self.desk.policy, done.incident
        last = incident.compensation[-1] if incident.compensation else None
        message = _("Compensation recorded.")
        if last is not None:
            given = money(last.total, last.currency, policy)
            if last.approval is not None:
                message = _("Given {amount}, approved by {approver}.").format(
                    amount=given, approver=done.approver or last.approval.approver_id)
            else:
                message = _("Given {amount}.").format(amount=given)
        tier = policy.tier_for(incident.compensation_total)
        message += " " + policy.label(tier.action, current_language())
        self.notify(message, title=_("Compensation"), timeout=8)
        self.qty.clear()
        self.dismiss()

    def not_given(self, exc: BaseException) -> None:
        self.busy = False
        self.notify(explain(exc), title=_("Not given"), severity="error", timeout=10)
