"""The department view: the work orders each category's department was given — owner,
promised time, status (open / in progress / done) — one department at a time or all,
and moving one along (status, owner, a note saying what was done) from here."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Label, RadioButton, RadioSet, Static

from kiosk.core.i18n import N_, _, current_language, lookup, ngettext
from kiosk.core.models import OrderStatus
from kiosk.desk import work_orders
from kiosk.desk.text_rules import NOTE_MAX
from kiosk.desk.work_orders import OrderRow
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskModal
from kiosk.tui.screens.listing import ListScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import day, hhmm, inert
from kiosk.tui.widgets.footer import KioskFooter

STATUS_WORDS = {OrderStatus.OPEN: N_("open"), OrderStatus.IN_PROGRESS: N_("in progress"),
                OrderStatus.DONE: N_("done")}
# The desk's rules name a field as the command line does (--note); here each is named by
# the label beside its box.
OPTION_LABELS = {"--status": N_("Status"), "--owner": N_("Owner"), "--note": N_("Note")}
OPTION_RE = re.compile(r"^(--[a-z]+)\s*[:.։]?\s*")
STATUS_STYLE = {OrderStatus.OPEN: "bold yellow", OrderStatus.IN_PROGRESS: "cyan",
                OrderStatus.DONE: "green"}


class OrdersScreen(ListScreen[OrderRow]):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.ORDERS)
    COLUMNS = ((N_("Ref"), 6), (N_("Department"), 12), (N_("Room"), 6), (N_("Owner"), 12),
               (N_("Promised"), 13), (N_("Status"), 13))
    ROW_ACTIONS = frozenset({"update"})

    def __init__(self) -> None:
        super().__init__()
        self.department = ""  # "" for every department
        self.with_done = False

    def below_table(self) -> ComposeResult:
        yield Static("", id="order-note", classes="status")

    def heading(self) -> str:
        return _("Work orders")

    def table_title(self) -> str:
        return _("Soonest promised first")

    def reader(self) -> Callable[[], list[OrderRow]]:
        desk, department, done = self.desk, self.department, self.with_done
        return lambda: work_orders.list_orders(desk, department or None, include_done=done)

    def cells(self, row: OrderRow) -> tuple[list[Text], str]:
        policy = self.desk.policy
        status = Text(lookup(STATUS_WORDS[row.status]), style=STATUS_STYLE[row.status])
        if row.overdue:
            status.append(" !", style="bold red")
        return [Text(row.ref), inert(row.department_label, limit=12),
                inert(row.room, limit=6), inert(row.owner or "—", limit=12),
                Text(f"{day(row.promised_at, policy)} {hhmm(row.promised_at, policy)}",
                     style="bold red" if row.overdue else ""), status], row.incident_id

    def status(self, rows: list[OrderRow]) -> str:
        which = (self.desk.policy.department_label(self.department, current_language())
                 if self.department else _("every department"))
        late = sum(1 for r in rows if r.overdue)
        parts = [which, ngettext("{n} order", "{n} orders", len(rows)).format(n=len(rows))]
        if late:
            parts.append(ngettext("{n} past its promised time", "{n} past their promised time",
                                  late).format(n=late))
        if not self.with_done:
            parts.append(_("done ones hidden"))
        return " · ".join(parts)

    def show(self, rows: list[OrderRow]) -> None:
        super().show(rows)
        self.show_note()

    @on(DataTable.RowHighlighted, "#list")
    def show_note(self) -> None:
        row = self.current()
        note = Text()
        if row is not None:
            note.append(_("Note:") + " ", style="bold")
            note.append_text(inert(row.note or "—", limit=140))
            note.append("  " + row.guest, style="dim")
        self.query_one("#order-note", Static).update(note)

    def action_department(self) -> None:
        """The next department (all of them, then each in the policy's order)."""
        ids = ["", *work_orders.departments(self.desk.policy)]
        self.department = ids[(ids.index(self.department) + 1) % len(ids)
                              if self.department in ids else 0]
        self.load()

    def action_done_too(self) -> None:
        self.with_done = not self.with_done
        self.load()

    def action_update(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(OrderDialog(row), lambda _done: self.load())

    @on(DataTable.RowSelected, "#list")
    def row_chosen(self) -> None:
        self.action_update()


def in_desk_words(message: str) -> str:
    """A refusal led by the command line's option (``--note: …``) led by the box's
    label instead (``Note: …``)."""
    found = OPTION_RE.match(message)
    if found is None or found.group(1) not in OPTION_LABELS:
        return message
    return _("{label}: {problem}").format(label=lookup(OPTION_LABELS[found.group(1)]),
                                          problem=message[found.end():])


class OrderDialog(KioskModal):
    """Move one work order along: its status, owner and note."""

    BINDINGS: ClassVar[list[BindingType]] = list(bindings.CHANGE)

    def __init__(self, row: OrderRow, typed: dict[str, str] | None = None) -> None:
        """``typed``: what a draft kept (status, owner, note), shown over the order."""
        super().__init__()
        self.row = row
        self.typed = typed or {}
        self.busy = False

    def compose(self) -> ComposeResult:
        row, typed = self.row, self.typed
        status_now = typed.get("status", row.status.value)
        with Vertical(classes="dialog", id="order-box"):
            title = Text(_("Work order {ref}").format(ref=row.ref), style="bold")
            title.append("  ")
            title.append_text(inert(f"{row.department_label} · {row.category}", limit=40))
            yield Static(title)
            yield Label(_("Status"), classes="dialog-label")
            with RadioSet(id="order-status"):
                for status, words in STATUS_WORDS.items():
                    yield RadioButton(lookup(words), value=status.value == status_now,
                                      id=f"status-{status.value}")
            yield Label(_("Owner"), classes="dialog-label")
            yield Input(typed.get("owner", row.owner), id="order-owner", compact=True,
                        max_length=work_orders.OWNER_MAX)
            yield Label(_("Note: what was done (the guest's letter reads it)"),
                        classes="dialog-label")
            yield Input(typed.get("note", row.note), id="order-text", compact=True,
                        max_length=NOTE_MAX)
            yield Static("", id="order-message", classes="message error")
            yield KioskFooter()

    def chosen(self) -> OrderStatus:
        pressed = self.query_one("#order-status", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self.row.status
        return OrderStatus(pressed.id.removeprefix("status-"))

    @on(Input.Submitted)
    def action_save(self) -> None:
        if self.busy:
            return
        row, status = self.row, self.chosen()
        owner = self.query_one("#order-owner", Input).value.strip()
        note = self.query_one("#order-text", Input).value.strip()
        # Only what changed is sent, so the audit trail says what was done.
        new_status = status if status != row.status else None
        new_owner = owner if owner != row.owner else None
        new_note = note if note != row.note else None
        if new_status is None and new_owner is None and new_note is None:
            self.dismiss(None)
            return
        desk, member = self.desk, self.me
        self.busy = True
        self.run_job(lambda: work_orders.update_order(
                         desk, row.incident_id, member, status=new_status, owner=new_owner,
                         note=new_note), self.dismiss, failed=self.refused)

    def refused(self, exc: BaseException) -> None:
        self.busy = False
        self.query_one("#order-message", Static).update(Text(in_desk_words(explain(exc))))

    def typed_now(self) -> dict[str, str]:
        """What the dialog holds that differs from the order."""
        row = self.row
        now = {"status": self.chosen().value,
               "owner": self.query_one("#order-owner", Input).value,
               "note": self.query_one("#order-text", Input).value}
        was = {"status": row.status.value, "owner": row.owner, "note": row.note}
        return {k: v for k, v in now.items() if v.strip() != was[k].strip()}

    def draft_data(self) -> dict[str, Any] | None:
        """What is typed and not saved, kept as a draft when the dialog is left, the
        terminal locks or the kiosk ends (see ``DraftSource``)."""
        if self.busy or not self.is_mounted:
            return None
        changes = self.typed_now()
        if not changes:
            return None
        return {"screen": "work_order", "incident_id": self.row.incident_id,
                "title": _("Work order {ref}").format(ref=self.row.ref), **changes}

    def action_cancel(self) -> None:
        self.leave()
