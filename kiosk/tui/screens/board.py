"""The board (home): open incidents with their SLA clocks, follow-ups due and the
agent's own drafts; search by guest name or room."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static
from textual.widgets.data_table import ColumnKey

from kiosk.core.i18n import N_, _, current_language, lookup, ngettext
from kiosk.core.models import Draft, Incident
from kiosk.core.plain import Value
from kiosk.desk import drafts, records
from kiosk.desk.board import Board, BoardRow, FollowUpRow, board
from kiosk.tui import bindings
from kiosk.tui.messages import DraftKept, PolicyChanged
from kiosk.tui.screens.base import KioskScreen
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.follow_ups import FollowUpsScreen
from kiosk.tui.screens.followup import FollowUpScreen
from kiosk.tui.screens.history import HistoryScreen
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.screens.practice import ScenarioPickerScreen
from kiosk.tui.screens.resume import screen_for_draft
from kiosk.tui.screens.shift_log import ShiftLogScreen
from kiosk.tui.screens.supervisor import SupervisorScreen
from kiosk.tui.screens.work_orders import OrdersScreen
from kiosk.tui.text import column_width, day, duration, hhmm, inert
from kiosk.tui.widgets.footer import KioskFooter
from kiosk.tui.widgets.header import KioskHeader
from kiosk.tui.widgets.sla import ESCALATION, sla_cell

REFRESH_SECONDS = 15.0
# Open incidents: (key, label, least width, share of what is left). The SLA column
# first takes what its clocks need to be read whole (``fit_columns``), up to the board's
# spare width; the rest goes to the text that gets cut (guest, category). Where even so
# an escalation does not fit on the clock's line, whom to tell goes on a line of its own.
# Each column is at least as wide as its header; at 80 columns the guest's name is the
# one that gives way («Juma…»), so the category still reads by its first word.
AGE_HEADER, SEVERITY_HEADER = N_("Age"), N_("Sev")
OPEN_COLUMNS = (("ref", N_("Ref"), 6, 0), ("guest", N_("Guest"), 5, 3),
                ("room", N_("Room"), 4, 0), ("category", N_("Category"), 5, 7),
                ("severity", SEVERITY_HEADER, 4, 0), ("owner", N_("Owner"), 6, 0),
                ("age", AGE_HEADER, 6, 0), ("sla", N_("SLA"), 14, 0))
OPEN_HEADERS = {key: label for key, label, _width, _share in OPEN_COLUMNS}
CELL_PADDING = 2  # one column either side of each cell
# Short words for the severity column, which is as wide as the longest of them.
SEVERITY_SHOWN = {"low": (N_("low"), ""), "medium": (N_("med"), ""),
                  "high": (N_("HIGH"), "bold"), "critical": (N_("CRIT"), "bold reverse red")}
FOLLOW_UP_COLUMNS = ((N_("Ref"), 6), (N_("Guest"), 13), (N_("Due"), 12))
DRAFT_COLUMNS = ((N_("Saved"), 5), (N_("What"), 28))


SECOND_STYLE = "bold magenta"
CHECKOUT_STYLE = "bold yellow"


def row_marks(row: BoardRow) -> list[tuple[str, str]]:
    """What a row says under its clock, a line each: that it is the second recovery of
    an earlier incident (named by its reference), and that its deadline falls after the
    guest's check-out."""
    marks = []
    if row.second_recovery:
        marks.append((_("2nd recovery of {ref}").format(ref=row.second_of_ref or "?"),
                      SECOND_STYLE))
    if row.sla.before_checkout:
        marks.append((_("before checkout"), CHECKOUT_STYLE))
    return marks


def _base_width(column_key: str, width: int) -> int:
    """A column's width at 80 columns, never narrower than its header in the staff's
    words; the severity column holds its longest word in the staff's language."""
    header = column_width(lookup(OPEN_HEADERS[column_key]), width)
    if column_key != "severity":
        return header
    return max(header, *(cell_len(lookup(word)) for word, _style in SEVERITY_SHOWN.values()))


class Wanted(Value):
    """What the rows shown need of the board's width (see ``BoardScreen._wanted``)."""

    whole: int = 0  # each SLA clock with whom to tell, on one line
    split: int = 0  # the same with whom to tell on a line of its own
    age: int = 0
    severity: int = 0
    category: int = 0  # the first word of each category


class BoardView(Value):
    board: Board
    drafts: list[Draft]  # the signed-in agent's own, newest first


class BoardScreen(KioskScreen):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.BOARD)
    AUTO_FOCUS = "#open-incidents"

    def __init__(self) -> None:
        super().__init__()
        self.view: BoardView | None = None

    def compose(self) -> ComposeResult:
        yield KioskHeader(_("Board"))
        with Horizontal(classes="field-row", id="board-find"):
            yield Label(_("Search"), classes="field-label")
            yield Input(placeholder=_("guest name or room (ctrl+f)"), id="board-search",
                        compact=True, max_length=80)
        table: DataTable[Text] = DataTable(id="open-incidents", cursor_type="row",
                                           zebra_stripes=True)
        table.border_title = _("Open incidents")
        yield table
        with Horizontal(id="board-lower"):
            with Vertical():
                follow: DataTable[Text] = DataTable(id="follow-ups", cursor_type="row")
                follow.border_title = _("Follow-ups due")
                yield follow
            with Vertical():
                mine: DataTable[Text] = DataTable(id="my-drafts", cursor_type="row")
                mine.border_title = _("Your drafts")
                yield mine
        yield Static("", id="board-status", classes="status")
        yield KioskFooter()

    def on_mount(self) -> None:
        # Widths are fixed (a column sized to its content is drawn at the header's width
        # until the table is next filled) and follow the board's width (fit_columns).
        table = self.query_one("#open-incidents", DataTable)
        for column_key, label, width, _share in OPEN_COLUMNS:
            table.add_column(lookup(label), width=_base_width(column_key, width),
                             key=column_key)
        follow = self.query_one("#follow-ups", DataTable)
        for label, width in FOLLOW_UP_COLUMNS:
            follow.add_column(lookup(label), width=width)
        mine = self.query_one("#my-drafts", DataTable)
        for label, width in DRAFT_COLUMNS:
            mine.add_column(lookup(label), width=column_width(lookup(label), width))
        self.set_interval(REFRESH_SECONDS, self.load)
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Share the board's width out: the 80-column widths (the age and severity
        columns only as wide as their headers and the rows shown need), then what the
        SLA clocks need, then what the categories need for their first word, then each
        column's part of whatever is left (the table's own inside, less a scroll bar)."""
        self._fit_drafts()
        table = self.query_one("#open-incidents", DataTable)
        inside = table.content_size.width - 1
        wanted = self._wanted()
        widths = {key: _base_width(key, width) for key, _label, width, _share in OPEN_COLUMNS}
        if wanted.age:
            widths["age"], widths["severity"] = wanted.age, wanted.severity
        spare = max(0, inside - sum(w + CELL_PADDING for w in widths.values()))
        # A clock and its escalation on one line when the spare width holds them; else
        # whom to tell goes on a line of its own, and the SLA column takes no more than
        # that longest line: the rest is for the category and the guest.
        sla = wanted.whole if wanted.whole - widths["sla"] <= spare else wanted.split
        sla_extra = min(spare, max(0, sla - widths["sla"]))
        spare -= sla_extra
        widths["sla"] += sla_extra
        # What went wrong reads by its first word at least, before the guest's name grows.
        category_extra = min(spare, max(0, wanted.category - widths["category"]))
        spare -= category_extra
        widths["category"] += category_extra
        shares = sum(column[3] for column in OPEN_COLUMNS)
        given = 0
        for column_key, _label, _width, share in OPEN_COLUMNS:
            extra = spare * share // shares
            given += extra
            widths[column_key] += extra
        widths["guest"] += spare - given  # what rounding left over goes to the guest's name
        for column_key, width in widths.items():
            table.columns[ColumnKey(column_key)].width = width
        table.refresh()
        if self.view is not None:
            self.show(self.view, fitted=True)

    def _fit_drafts(self) -> None:
        """The drafts' time under its whole header; what each draft is takes the rest."""
        mine = self.query_one("#my-drafts", DataTable)
        saved, what = (column.width for column in mine.columns.values())
        inside = mine.content_size.width - 1
        if inside > 0:
            what = max(DRAFT_COLUMNS[1][1] // 2, inside - saved - 2 * CELL_PADDING)
            list(mine.columns.values())[1].width = what
            mine.refresh()

    def _wanted(self) -> Wanted:
        """The widths the rows shown need: the SLA clocks read whole, their marks
        (second recovery, before checkout) included, each clock on one line with whom to
        tell and with whom to tell on a line of its own; the ages and the severities
        with their headers; each category's first word and the ellipsis after it."""
        if self.view is None:
            return Wanted()
        policy = self.desk.policy
        whole = split = category = 0
        age, severity = cell_len(lookup(AGE_HEADER)), cell_len(lookup(SEVERITY_HEADER))
        for row in self.view.board.open:
            clock = sla_cell(row.sla, policy).plain
            marks = [cell_len(mark) for mark, _style in row_marks(row)]
            at = clock.find(ESCALATION)
            parts = [clock[:at], clock[at + 1:]] if at >= 0 else [clock]
            whole = max(whole, cell_len(clock), *marks)
            split = max(split, *(cell_len(part) for part in parts), *marks)
            age = max(age, cell_len(duration(row.age, policy, units=1)))
            word, _style = SEVERITY_SHOWN.get(row.severity, (row.severity, ""))
            severity = max(severity, cell_len(lookup(word)))
            first, _space, rest = row.category.partition(" ")
            category = max(category, cell_len(first) + (1 if rest else 0))
        return Wanted(whole, split, age, severity, category)

    def on_policy_changed(self, _: PolicyChanged) -> None:
        self.load()

    def on_draft_kept(self, _: DraftKept) -> None:
        self.load()

    # --- data ----------------------------------------------------------------------
    def load(self) -> None:
        if self.kiosk.staff is None:
            return
        query = self.query_one("#board-search", Input).value.strip()
        staff_id = self.me.id

        def job() -> BoardView:
            return BoardView(board(self.desk, query, language),
                             drafts.drafts_for(self.desk, staff_id))

        language = current_language()
        self.run_job(job, self.show, group="board", exclusive=True,
                     title=_("Board not refreshed"))

    def show(self, view: BoardView, fitted: bool = False) -> None:
        wanted = self._wanted()
        self.view = view
        if not fitted and self._wanted() != wanted:
            self.fit_columns()  # draws the rows itself, at the new widths
            return
        table = self.query_one("#open-incidents", DataTable)
        keep = table.cursor_row
        table.clear()
        widths = {str(k.value): c.width for k, c in table.columns.items()}
        for row in view.board.open:
            word, style = SEVERITY_SHOWN.get(row.severity, (row.severity, ""))
            severity = set_cell_size(lookup(word), widths["severity"]).rstrip()
            sla = sla_cell(row.sla, self.desk.policy)
            lines = 1
            if sla.cell_len > widths["sla"] and ESCALATION in sla.plain:
                # Whom to tell on a line of its own rather than cut.
                at = sla.plain.index(ESCALATION)
                clock, target = sla[:at], sla[at + 1:]
                sla = clock
                sla.append("\n")
                sla.append_text(target)
                lines += 1
            marks = row_marks(row)
            for mark, mark_style in marks:
                sla.append("\n")
                sla.append_text(inert(mark, mark_style, limit=widths["sla"]))
            table.add_row(
                Text(row.ref, style=SECOND_STYLE if row.second_recovery else ""),
                inert(row.guest, limit=widths["guest"]),
                inert(row.room, limit=widths["room"]),
                inert(row.category, limit=widths["category"]),
                Text(severity, style=style),
                inert(row.owner, limit=widths["owner"]),
                Text(duration(row.age, self.desk.policy, units=1)),
                sla,
                key=row.incident_id,
                height=lines + len(marks),
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._fill_follow_ups(view.board.follow_ups)
        self._fill_drafts(view.drafts)
        late = sum(1 for row in view.board.open if row.sla.breached)
        opened, due = len(view.board.open), len(view.board.follow_ups)
        parts = [ngettext("{n} open", "{n} open", opened).format(n=opened)]
        if late:
            parts.append(ngettext("{n} past its SLA", "{n} past their SLA", late)
                         .format(n=late))
        if due:
            parts.append(ngettext("{n} follow-up due", "{n} follow-ups due", due)
                         .format(n=due))
        status = " · ".join(parts)
        self.query_one("#board-status", Static).update(Text(status))

    def _fill_follow_ups(self, due: list[FollowUpRow]) -> None:
        table = self.query_one("#follow-ups", DataTable)
        table.clear()
        policy = self.desk.policy
        today = day(self.desk.now(), policy)
        for row in due:
            # Today's calls by the hour, older ones by the day (they are late).
            when = hhmm(row.due, policy) if day(row.due, policy) == today else day(row.due,
                                                                                   policy)
            table.add_row(Text(row.ref), inert(row.guest, limit=13),
                          Text(when, style="bold red" if row.overdue.days else ""),
                          key=row.incident_id)

    def _fill_drafts(self, mine: list[Draft]) -> None:
        table = self.query_one("#my-drafts", DataTable)
        table.clear()
        for draft in mine:
            what = list(table.columns.values())[1].width
            table.add_row(Text(hhmm(draft.saved_at, self.desk.policy)),
                          inert(draft.data.get("title") or _("draft"), limit=what),
                          key=draft.id)

    # --- actions -------------------------------------------------------------------
    @on(Input.Changed, "#board-search")
    def search_changed(self) -> None:
        self.load()

    @on(Input.Submitted, "#board-search")
    def search_done(self) -> None:
        self.query_one("#open-incidents", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#board-search", Input).focus()

    def action_refresh(self) -> None:
        self.load()

    def action_new_incident(self) -> None:
        self.app.push_screen(IncidentScreen())

    def action_follow_ups(self) -> None:
        self.app.push_screen(FollowUpsScreen())

    def action_drafts(self) -> None:
        self._focus_list("#my-drafts", _("You have no drafts."))

    def _focus_list(self, selector: str, empty: str) -> None:
        table = self.query_one(selector, DataTable)
        if table.row_count:
            table.focus()
        else:
            self.notify(empty)

    def action_work_orders(self) -> None:
        self.app.push_screen(OrdersScreen())

    def action_shift_log(self) -> None:
        self.app.push_screen(ShiftLogScreen())

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen())

    def action_supervisor(self) -> None:
        self.app.push_screen(SupervisorScreen())

    def action_practice(self) -> None:
        self.app.push_screen(ScenarioPickerScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "supervisor":
            return self.kiosk.is_supervisor
        return True

    @on(DataTable.RowSelected, "#open-incidents")
    def open_incident(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(ChecklistScreen(event.row_key.value))

    @on(DataTable.RowSelected, "#follow-ups")
    def open_follow_up(self, event: DataTable.RowSelected) -> None:
        incident_id = event.row_key.value
        if incident_id:
            self.run_job(lambda: records.get_incident(self.desk, incident_id),
                      lambda incident: self.app.push_screen(FollowUpScreen(incident)),
                      title=_("Cannot open the follow-up"))

    @on(DataTable.RowSelected, "#my-drafts")
    def open_draft(self, event: DataTable.RowSelected) -> None:
        if self.view is None:
            return
        draft = next((d for d in self.view.drafts if d.id == event.row_key.value), None)
        if draft is None:
            return
        incident_id = str(draft.data.get("incident_id") or "")
        if incident_id:
            self.run_job(lambda: records.get_incident(self.desk, incident_id),
                      lambda incident: self.resume(draft, incident),
                      title=_("Cannot reopen the draft"))
        else:
            self.resume(draft, None)

    def resume(self, draft: Draft, incident: Incident | None) -> None:
        """Reopen the draft's screen as it was left; the draft itself is then spent."""
        screen = screen_for_draft(draft, incident, self.desk)
        staff_id = self.me.id
        self.run_job(lambda: drafts.discard_draft(self.desk, draft.id, staff_id),
                  title=_("Draft not removed"))
        if screen is not None:
            self.app.push_screen(screen)
