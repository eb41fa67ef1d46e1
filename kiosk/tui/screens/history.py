"""Incident history: every incident, resolved and closed ones too, found by guest, room,
reference or date; enter opens the whole record."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from kiosk.core.i18n import N_, _, lookup, ngettext
from kiosk.core.models import Incident
from kiosk.desk import history
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.record import RecordScreen, category_label, status_label
from kiosk.tui.tasks import explain
from kiosk.tui.text import column_width, day, inert
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader

COLUMNS = ((N_("Ref"), 6), (N_("Reported"), 8), (N_("Guest"), 20), (N_("Room"), 5),
           (N_("Category"), 16), (N_("Status"), 11))
GUEST = 2  # the column that takes what the others leave (or give up)
CELL_PADDING = 2  # one column either side of each cell
LIMIT = 200  # rows at once; a narrower search finds older ones


class HistoryScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.HISTORY)
    AUTO_FOCUS = "#history-search"

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Incident history"))
        with Horizontal(classes="field-row", id="history-find"):
            yield Label(_("Find"), classes="field-label")
            yield Input(placeholder=_("Guest, room, reference or date (YYYY-MM-DD)"),
                        id="history-search", compact=True, max_length=80)
        table: DataTable[Text] = DataTable(id="history-table", cursor_type="row",
                                           zebra_stripes=True)
        table.border_title = _("Incidents, newest first")
        yield table
        yield Static("", id="history-status", classes="status")
        yield KioskFooter()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        for label, width in COLUMNS:
            table.add_column(lookup(label), width=column_width(lookup(label), width))
        self.load()

    def on_resize(self) -> None:
        """Each column as wide as its header in the staff's words; the guest's name
        takes the width left (a wider terminal's too)."""
        table = self.query_one("#history-table", DataTable)
        inside = table.content_size.width - 1  # less a scroll bar
        columns = list(table.columns.values())
        others = sum(column_width(lookup(label), width) + CELL_PADDING
                     for place, (label, width) in enumerate(COLUMNS) if place != GUEST)
        columns[GUEST].width = max(COLUMNS[GUEST][1] // 2, inside - others - CELL_PADDING)
        table.refresh()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        query = self.query_one("#history-search", Input).value
        desk = self.desk
        self.run_job(lambda: history.find(desk, query, LIMIT), self.show,
                     failed=self.not_found, group="history", exclusive=True)

    def show(self, found: list[Incident]) -> None:
        policy = self.desk.policy
        table = self.query_one("#history-table", DataTable)
        keep = table.cursor_row
        table.clear()
        guest, room, category = (column.width for place, column
                                 in enumerate(table.columns.values()) if place in (2, 3, 4))
        for incident in found:
            table.add_row(Text(incident.ref), Text(day(incident.reported_at, policy)),
                          inert(incident.guest.name, limit=guest),
                          inert(incident.guest.room, limit=room),
                          inert(category_label(policy, incident.category), limit=category),
                          status_label(incident), key=incident.id)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        status = ngettext("{n} incident", "{n} incidents", len(found)).format(n=len(found))
        if len(found) >= LIMIT:
            status += " · " + _("the newest {n}; narrow the search for older ones").format(
                n=LIMIT)
        self.query_one("#history-status", Static).update(Text(status))

    def not_found(self, exc: BaseException) -> None:
        self.query_one("#history-status", Static).update(Text(explain(exc), style="red"))

    @on(Input.Changed, "#history-search")
    def search_changed(self) -> None:
        self.load()

    @on(Input.Submitted, "#history-search")
    def search_done(self) -> None:
        self.query_one("#history-table", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#history-search", Input).focus()

    @on(DataTable.RowSelected, "#history-table")
    def open_record(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(RecordScreen(event.row_key.value))
