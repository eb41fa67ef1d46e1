"""What the list screens share (follow-up calls, work orders, the shift log): a header,
one table of rows read off the UI thread, a status line and the footer; the rows are
read again whenever the screen comes back on top."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from kiosk.core.i18n import lookup
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import column_width
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader

Row = TypeVar("Row")
CELL_PADDING = 2  # one column either side of each cell


class ListScreen(KioskScreen, Generic[Row]):
    # (label marked with N_, width at 80 columns) per column.
    COLUMNS: ClassVar[Sequence[tuple[str, int]]] = ()
    # Actions that need a row under the cursor.
    ROW_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    # The column (by its place) that takes a wider terminal's spare width: the one whose
    # text gets cut at 80 columns. None keeps every width.
    WIDE_COLUMN: ClassVar[int | None] = None
    AUTO_FOCUS = ".list-table"

    # Whether a row is under the cursor: keys that act on one work only then.
    has_rows: reactive[bool] = reactive(False, bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []

    # --- what each list says -------------------------------------------------------
    def heading(self) -> str:
        raise NotImplementedError

    def table_title(self) -> str:
        raise NotImplementedError

    def reader(self) -> Callable[[], list[Row]]:
        """The job that reads the rows (runs in a worker: no UI in it)."""
        raise NotImplementedError

    def cells(self, row: Row) -> tuple[list[Text], str]:
        """One row's cells and its key ("" when the row has none of its own)."""
        raise NotImplementedError

    def status(self, rows: list[Row]) -> str:
        raise NotImplementedError

    def height(self, row: Row) -> int | None:
        """A row's lines: one, or None for as many as its cells wrap to."""
        return 1

    # --- the shared part -----------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield KioskHeader(self.heading())
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True,
                                           classes="list-table", id="list")
        table.border_title = self.table_title()
        yield table
        yield from self.below_table()
        yield Static("", id="list-status", classes="status")
        yield KioskFooter()

    def below_table(self) -> ComposeResult:
        """What a list shows between its table and the status line (nothing here)."""
        yield from ()

    def on_mount(self) -> None:
        table = self.query_one("#list", DataTable)
        for width, (label, _least) in zip(self.widths(), self.COLUMNS, strict=True):
            table.add_column(lookup(label), width=width)
        self.load()

    def widths(self) -> list[int]:
        """Each column's width at 80 columns, never narrower than its header in the
        staff's words."""
        return [column_width(lookup(label), width) for label, width in self.COLUMNS]

    def on_screen_resume(self) -> None:
        self.load()

    def on_resize(self) -> None:
        if self.WIDE_COLUMN is None:
            return
        table = self.query_one("#list", DataTable)
        inside = table.content_size.width - 1  # less a scroll bar
        widths = self.widths()
        fixed = sum(width + CELL_PADDING for width in widths)
        column = list(table.columns.values())[self.WIDE_COLUMN]
        # Wider headers are paid for by the wide column, down to half its own width.
        least = self.COLUMNS[self.WIDE_COLUMN][1]
        column.width = max(least // 2, widths[self.WIDE_COLUMN] + inside - fixed)
        table.refresh()
        if self.rows:
            self.show(self.rows)

    def limit(self, place: int) -> int:
        """How many cells the column at ``place`` has now."""
        return list(self.query_one("#list", DataTable).columns.values())[place].width

    def load(self) -> None:
        self.run_job(self.reader(), self.show, failed=self.not_read, group="list",
                     exclusive=True)

    def show(self, rows: list[Row]) -> None:
        self.rows = rows
        table = self.query_one("#list", DataTable)
        keep = table.cursor_row
        table.clear()
        for row in rows:
            cells, key = self.cells(row)
            table.add_row(*cells, key=key or None, height=self.height(row))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.has_rows = bool(rows)
        self.query_one("#list-status", Static).update(Text(self.status(rows)))

    def not_read(self, exc: BaseException) -> None:
        self.query_one("#list-status", Static).update(Text(explain(exc), style="red"))

    def current(self) -> Row | None:
        """The row under the cursor."""
        table = self.query_one("#list", DataTable)
        if not table.row_count or not self.rows:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ROW_ACTIONS:
            return self.has_rows
        return True
