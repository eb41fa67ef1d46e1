"""The shift log on screen, for the handover: the same log as `kiosk shift log` — the
shift's incidents, the compensation given and the approvals behind it, and the open items
the next shift takes over — one section after the other."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.reactive import reactive

from kiosk.core.i18n import N_, _, lookup, ngettext
from kiosk.desk.shift_log import (
    APPROVALS,
    COMPENSATION,
    INCIDENTS,
    OPEN_ITEMS,
    ShiftEntry,
    ShiftLog,
    shift_log,
)
from kiosk.desk.shift_paper import print_shift_log
from kiosk.tui import bindings
from kiosk.tui.screens.listing import ListScreen
from kiosk.tui.tasks import explain
from kiosk.tui.text import day, hhmm, inert

SECTIONS = ((INCIDENTS, N_("Incidents")), (COMPENSATION, N_("Compensation")),
            (APPROVALS, N_("Approvals")), (OPEN_ITEMS, N_("Open items for the next shift")))

# A line of the screen: a section's title (with its count) or one entry of it.
Line = tuple[str, int] | ShiftEntry


class ShiftLogScreen(ListScreen[Line]):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.SHIFT_LOG)
    COLUMNS = ((N_("Ref"), 6), (N_("At"), 12), (N_("Room"), 6), (N_("What"), 23),
               (N_("Amount"), 10), (N_("By"), 7))
    WIDE_COLUMN = 3  # what happened
    # A print on its way: the print key waits for it.
    printing: reactive[bool] = reactive(False, bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self.shift: ShiftLog | None = None  # as last read

    def heading(self) -> str:
        return _("Shift log")

    def table_title(self) -> str:
        return _("Incidents, compensation, approvals, open items")

    def reader(self) -> Callable[[], list[Line]]:
        desk = self.desk

        def read() -> list[Line]:
            log = shift_log(desk)
            self.shift = log
            by_section = {INCIDENTS: log.incidents, COMPENSATION: log.compensation,
                          APPROVALS: log.approvals, OPEN_ITEMS: log.open_items}
            lines: list[Line] = []
            for section, _words in SECTIONS:
                entries = by_section[section]
                lines.append((section, len(entries)))
                lines.extend(entries)
            return lines

        return read

    def cells(self, row: Line) -> tuple[list[Text], str]:
        if isinstance(row, tuple):
            section, count = row
            words = lookup(dict(SECTIONS)[section])
            # In the widest column, on a second line where it needs one: a title cut
            # short would say nothing.
            title = Text(f"{words} ({count})", style="bold underline")
            return [Text(""), Text(""), Text(""), title, Text(""), Text("")], ""
        policy = self.desk.policy
        at = f"{day(row.at, policy)} {hhmm(row.at, policy)}" if row.at else ""
        return [Text(row.ref), Text(at), inert(row.room, limit=6),
                inert(row.what, limit=self.limit(3)), inert(row.amount, limit=10),
                inert(row.by, limit=7)], ""

    def height(self, row: Line) -> int | None:
        return None if isinstance(row, tuple) else 1  # a section's title wraps

    def status(self, rows: list[Line]) -> str:
        log = self.shift
        if log is None:
            return ""
        policy = self.desk.policy
        span = _("Shift log {start} to {end}").format(
            start=f"{day(log.start, policy)} {hhmm(log.start, policy)}",
            end=f"{day(log.end, policy)} {hhmm(log.end, policy)}")
        handed = len(log.open_items)
        return span + " · " + ngettext("{n} open item", "{n} open items", handed).format(
            n=handed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "print":
            return None if self.printing else True
        return super().check_action(action, parameters)

    def action_print(self) -> None:
        """The log on paper, as `kiosk shift log --print` prints it."""
        if self.printing:
            return
        desk, member = self.desk, self.me
        self.printing = True
        self.run_job(lambda: print_shift_log(desk, member), self.printed,
                     failed=self.not_printed)

    def printed(self, job: str) -> None:
        self.printing = False
        self.notify(_("Shift log sent to the printer (job {job}).").format(job=job),
                    title=_("Shift log"))

    def not_printed(self, exc: BaseException) -> None:
        self.printing = False
        self.notify(explain(exc), title=_("Not printed"), severity="error", timeout=8)
