"""Where the report goes: CSV or PDF, to the store's letters folder or a file the
supervisor types. Dismisses with (format, path) or None."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from kiosk.core.i18n import _
from kiosk.tui import bindings
from kiosk.tui.screens.base import StaffWords
from kiosk.tui.widgets.footer import KioskFooter

FORMATS = ("csv", "pdf")


class ExportDialog(StaffWords, ModalScreen[tuple[str, Path] | None]):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.REPORT_EXPORT)
    AUTO_FOCUS = "#export-format"
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog #export-box { width: 76; height: auto; border: round $accent;
        padding: 0 1; background: $surface; }
    ExportDialog .field-label { color: $text-muted; }
    """

    def __init__(self, defaults: dict[str, Path]) -> None:
        super().__init__()
        self.defaults = defaults  # format → where it goes when no file is typed

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(_("Export the report"), classes="field-label")
            with RadioSet(id="export-format"):
                yield RadioButton(_("CSV for a spreadsheet"), value=True, id="export-csv")
                yield RadioButton(_("PDF with charts, for the general manager"),
                                  id="export-pdf")
            yield Static(_("Save to (the letters folder unless you type another file):"),
                         classes="field-label")
            yield Input(str(self.defaults["csv"]), id="export-path", max_length=1000)
            yield KioskFooter()

    def chosen(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        return "pdf" if pressed is not None and pressed.id == "export-pdf" else "csv"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        box = self.query_one("#export-path", Input)
        if box.value.strip() in {str(p) for p in self.defaults.values()}:
            box.value = str(self.defaults[self.chosen()])  # still ours: follow the format

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        typed = self.query_one("#export-path", Input).value.strip()
        fmt = self.chosen()
        self.dismiss((fmt, Path(typed) if typed else self.defaults[fmt]))

    def action_cancel(self) -> None:
        self.dismiss(None)
