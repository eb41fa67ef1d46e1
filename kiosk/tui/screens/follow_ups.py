"""The follow-up calls still to make, soonest first: when each is due (in the staff's
own date and time format), an overdue mark, which call it is; enter records how the
call went (satisfied, not satisfied → a second recovery, unreachable → the next call)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.widgets import DataTable

from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.policy_set import Policy
from kiosk.desk import records
from kiosk.desk.follow_through import UpcomingCall, upcoming_follow_ups
from kiosk.tui import bindings
from kiosk.tui.screens.followup import FollowUpScreen
from kiosk.tui.screens.listing import ListScreen
from kiosk.tui.text import day, hhmm, inert

LATE_STYLE = "bold reverse red"


def when(call: UpcomingCall, policy: Policy) -> str:
    """The day and the time, as the staff's language writes them."""
    return f"{day(call.due, policy)} {hhmm(call.due, policy)}"


class FollowUpsScreen(ListScreen[UpcomingCall]):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.FOLLOW_UPS)
    COLUMNS = ((N_("Ref"), 6), (N_("Due"), 14), (N_("Guest"), 17), (N_("Room"), 6),
               (N_("Call"), 5), (N_("State"), 14))
    ROW_ACTIONS = frozenset({"record"})

    def heading(self) -> str:
        return _("Follow-up calls")

    def table_title(self) -> str:
        return _("Calls to make, soonest first")

    def reader(self) -> Callable[[], list[UpcomingCall]]:
        desk = self.desk
        return lambda: upcoming_follow_ups(desk)

    def cells(self, row: UpcomingCall) -> tuple[list[Text], str]:
        state = Text()
        if row.overdue:
            state.append(_("overdue"), style=LATE_STYLE)
        if row.second_recovery:
            state.append((" " if state else "") + _("2nd"), style="bold magenta")
        return [Text(row.ref),
                Text(when(row, self.desk.policy), style="bold red" if row.overdue else ""),
                inert(row.guest, limit=17), inert(row.room, limit=6),
                Text(f"{row.attempt}/{row.attempts}"), state], row.incident_id

    def status(self, rows: list[UpcomingCall]) -> str:
        late = sum(1 for c in rows if c.overdue)
        parts = [ngettext("{n} call to make", "{n} calls to make", len(rows))
                 .format(n=len(rows))]
        if late:
            parts.append(ngettext("{n} overdue", "{n} overdue", late).format(n=late))
        return " · ".join(parts)

    def action_record(self) -> None:
        call = self.current()
        if call is not None:
            self.open_call(call.incident_id)

    @on(DataTable.RowSelected, "#list")
    def call_chosen(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open_call(event.row_key.value)

    def open_call(self, incident_id: str) -> None:
        self.run_job(lambda: records.get_incident(self.desk, incident_id),
                     lambda incident: self.app.push_screen(FollowUpScreen(incident)),
                     title=_("Cannot open the follow-up"))
