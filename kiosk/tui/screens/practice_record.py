"""The supervisor area's view of practice: every agent's runs and their debriefs."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from kiosk.core.display import yes_no
from kiosk.core.i18n import _, current_language, ngettext
from kiosk.desk import practice
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.practice import minutes
from kiosk.tui.text import clock_text, column_width, inert
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader


def _verdict(fits: bool | None) -> Text:
    """Whether the compensation fitted; a dash for a run left unfinished."""
    return Text(yes_no(fits) if fits is not None else "—",
                style="green" if fits else "yellow")


class PracticeRecordScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.PRACTICE_RECORD)
    AUTO_FOCUS = "#practice-record"

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Practice record"))
        table: DataTable[Text] = DataTable(id="practice-record", cursor_type="row",
                                           zebra_stripes=True)
        yield table
        yield Static("", id="practice-status", classes="status")
        yield KioskFooter()

    def on_mount(self) -> None:
        real = self.kiosk.real_desk
        root, language = real.settings.store, current_language()
        self.run_job(lambda: practice.record_rows(practice.record_at(root), real.policies,
                                                  language),
                     self.show, title=_("Cannot read the practice record"))

    def show(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one("#practice-record", DataTable)
        policy = self.desk.policy
        cells = [(Text(clock_text(row["started_at"], policy) if row["started_at"] else ""),
                  row["name"] or row["agent"], row["title"], Text(row["steps"]),
                  Text("" if row["apology_minutes"] is None
                       else minutes(row["apology_minutes"], policy)),
                  _verdict(row["fits"]))
                 for row in reversed(rows)]  # newest first
        headers = (_("Started"), _("Agent"), _("Scenario"), _("Steps"), _("Apology (min)"),
                   _("Fit"))
        # The name and the scenario share what the other columns leave, so every column
        # is in view at 80 columns in every language (the verdict is the one to read):
        # the name whole if it can be, the scenario at least its first words.
        fixed = [column_width(headers[n], max((c[n].cell_len for c in cells), default=0))
                 for n in (0, 3, 4, 5)]
        room = table.size.width - sum(fixed) - 2 * len(headers) - 1  # padding, scrollbar
        title_least = column_width(headers[2], 10)
        name_cells = max(cell_len(headers[1]),
                         min(max((cell_len(c[1]) for c in cells), default=0),
                             room - title_least))
        title_cells = max(title_least, room - name_cells)
        table.add_columns(*headers)
        for started, name, title, steps, apology, verdict in cells:
            table.add_row(started, inert(name, limit=name_cells),
                          inert(title, limit=title_cells), steps, apology, verdict)
        self.query_one("#practice-status", Static).update(Text(ngettext(
            "{n} practice run", "{n} practice runs", len(rows)).format(n=len(rows))))
