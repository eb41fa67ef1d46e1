"""The supervisor area's view of practice: every agent's runs and their debriefs."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Footer, Static

from kiosk.core.i18n import _, current_language, ngettext
from kiosk.desk import practice
from kiosk.tui import bindings
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.practice import minutes
from kiosk.tui.text import clock_text, inert
from kiosk.tui.widgets.header import KioskHeader


class PracticeRecordScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.PRACTICE_RECORD)
    AUTO_FOCUS = "#practice-record"

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Practice record"))
        table: DataTable[Text] = DataTable(id="practice-record", cursor_type="row",
                                           zebra_stripes=True)
        yield table
        yield Static("", id="practice-status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#practice-record", DataTable)
        table.add_columns(_("Started"), _("Agent"), _("Scenario"), _("Steps"),
                          _("Apology (min)"), _("Fit"))
        real = self.kiosk.real_desk
        root, language = real.settings.store, current_language()
        self.run_job(lambda: practice.record_rows(practice.record_at(root), real.policies,
                                                  language),
                     self.show, title=_("Cannot read the practice record"))

    def show(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one("#practice-record", DataTable)
        for row in reversed(rows):  # newest first
            fits = row["fits"]
            started = row["started_at"]
            table.add_row(Text(clock_text(started, self.desk.policy) if started else ""),
                          inert(row["name"] or row["agent"], limit=18),
                          inert(row["title"], limit=22), Text(row["steps"]),
                          Text("" if row["apology_minutes"] is None
                               else minutes(row["apology_minutes"], self.desk.policy)),
                          Text(_("yes") if fits else _("no") if fits is False else "—",
                               style="green" if fits else "yellow"))
        self.query_one("#practice-status", Static).update(Text(ngettext(
            "{n} practice run", "{n} practice runs", len(rows)).format(n=len(rows))))
