"""The supervisors' report at the kiosk: the same figures as `kiosk report`, as tables,
bar charts, a weekly chart with its dates (plotext) and the measures research asks for,
for today, this shift or a span of days; exported as CSV or the PDF. Pushed from the
supervisor area as ``ReportScreen()`` (it reads the app's desk) or, where there is no
kiosk app around it, as ``ReportScreen(desk)``; escape goes back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from kiosk.core.display import amount, percent, role_word, screen_money, unbroken, value_word
from kiosk.core.errors import KioskError
from kiosk.core.i18n import N_, _, current_language, lookup, ngettext
from kiosk.desk.context import Desk
from kiosk.desk.report_export import default_export, export_report
from kiosk.desk.reports import (
    hotel_time_today,
    period,
    run_report,
    shift_start,
    today_start,
)
from kiosk.reports.charts import bar, week_label
from kiosk.reports.compute import Report
from kiosk.reports.render import inert, measure_lines, minutes_text
from kiosk.tui import bindings
from kiosk.tui.screens.base import StaffWords
from kiosk.tui.screens.report_export import FORMATS, ExportDialog
from kiosk.tui.text import locale_of, money
from kiosk.tui.widgets.footer import KioskFooter

# (label, and what it covers: "today", "shift" or days back from today; None for all)
PERIODS: list[tuple[str, str | int | None]] = [
    (N_("today"), "today"), (N_("this shift"), "shift"), (N_("last 7 days"), 7),
    (N_("last 30 days"), 30), (N_("last 90 days"), 90), (N_("last 12 months"), 365),
    (N_("all history"), None)]
DEFAULT_PERIOD = 3  # the last 30 days
EXPORT_NAMES = {"today": "today", "shift": "shift", None: "all"}


def period_start(desk: Desk, span: str | int | None) -> datetime | None:
    """The first moment a period covers (it runs to now)."""
    if span == "today":
        return today_start(desk)
    if span == "shift":
        return shift_start(desk)
    if span is None:
        return None
    return period(desk, hotel_time_today(desk) - timedelta(days=int(span) - 1), None)[0]


# Each table's column names; an empty one is the bar beside the figure.
COLUMNS: dict[str, tuple[str, ...]] = {
    "report-categories": (N_("Category"), N_("Incidents"), "", N_("SLA breached")),
    "report-comp-category": (N_("Category"), N_("Given"), ""),
    "report-comp-item": (N_("Item"), N_("Qty"), N_("Value")),
    "report-comp-agent": (N_("Agent"), N_("Given")),
    "report-approvals": (N_("Approved by"), N_("Decisions")),
    "report-causes": (N_("Category"), N_("Location"), N_("Department"), N_("Incidents")),
    "report-versions": (N_("Policy"), N_("Version"), N_("Decisions"), N_("Value")),
    "report-escalation-table": (N_("Ref"), N_("Category"), N_("Late to"), N_("Level"),
                                N_("Notify"), N_("Overdue")),
}


BAR, BAR_LEAST = 24, 4  # a bar's cells, at most and at least
CELL_PADDING = 2  # one column either side of each cell


def took(minutes: float | None, loc: str) -> str:
    """Minutes as the staff's CLDR units write them (``35ր``, ``saa 1``), one word on
    screen."""
    return unbroken(minutes_text(minutes, loc))


def summary(report: Report, loc: str) -> str:
    """The overview's two lines: the clocks, then money and the follow-up; each figure
    one word in the staff's CLDR forms, never wrapped inside."""
    ack, fix = report.acknowledge, report.resolve
    return "  ".join((
        _("Time to acknowledge: median {median}, p90 {p90}.").format(
            median=took(ack.median_min, loc), p90=took(ack.p90_min, loc)),
        _("Time to resolve: median {median}, p90 {p90}.").format(
            median=took(fix.median_min, loc), p90=took(fix.p90_min, loc)),
    )) + "\n" + "  ".join((
        # TRANSLATORS: the amount comes with its currency code: "43 000 AMD".
        _("Compensation {amount};").format(
            amount=screen_money(report.compensation_total, report.currency, loc)),
        ngettext("{n} approval.", "{n} approvals.", report.approvals).format(
            n=report.approvals),
        _("Recovery rate {rate}, unreachable {unreachable}.").format(
            rate=percent(report.recovery_rate, loc),
            unreachable=percent(report.unreachable_rate, loc)),
        _("Repeat guests: {n}.").format(n=report.repeat_guests),
    ))


def _cell(value: str) -> Text:
    """People's words (names, locations) shown as plain text, never as markup."""
    return Text(inert(value))


def _whole_ticks(plt: Any, counts: list[int]) -> None:
    """Counts are whole: ticks at 0, 1, 2 … (at most five of them), never 0.17."""
    top = max(counts, default=0)
    step = max(1, -(-top // 4))
    plt.yticks(list(range(0, top + step, step)))


class ReportScreen(StaffWords, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.REPORT)
    DEFAULT_CSS = """
    ReportScreen #report-title { padding: 0 1; text-style: bold; }
    ReportScreen #report-tabs, ReportScreen #report-tabs ContentSwitcher,
    ReportScreen #report-tabs TabPane { height: 1fr; }
    ReportScreen #report-summary { padding: 0 1; }
    ReportScreen PlotextPlot { height: 10; margin: 0 1; }
    ReportScreen DataTable { height: auto; max-height: 20; margin: 0 1 1 1; }
    ReportScreen .caption { padding: 0 1; color: $text-muted; }
    """

    def __init__(self, desk: Desk | None = None, period_index: int = DEFAULT_PERIOD) -> None:
        super().__init__()
        self._desk = desk
        self.period_index = period_index
        self.report: Report | None = None

    @property
    def desk(self) -> Desk:
        return self._desk if self._desk is not None else self.app.desk  # type: ignore[attr-defined]

    # --- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(_("Reports"), id="report-title")
        with TabbedContent(id="report-tabs"):
            with TabPane(_("Overview"), id="report-overview"), VerticalScroll():
                yield Static(_("Reading the store…"), id="report-summary")
                yield PlotextPlot(id="report-weekly")
                yield DataTable(id="report-categories", cursor_type="row")
            with TabPane(_("Measures"), id="report-measures"), VerticalScroll():
                yield Static("", id="report-measure-text")
                yield PlotextPlot(id="report-scores")
            with TabPane(_("Compensation"), id="report-compensation"), VerticalScroll():
                yield DataTable(id="report-comp-category", cursor_type="row")
                yield DataTable(id="report-comp-item", cursor_type="row")
                yield DataTable(id="report-comp-agent", cursor_type="row")
                yield DataTable(id="report-approvals", cursor_type="row")
            with TabPane(_("Follow-up"), id="report-followup"), VerticalScroll():
                yield Static("", id="report-recovery")
                yield DataTable(id="report-causes", cursor_type="row")
                yield DataTable(id="report-versions", cursor_type="row")
            with TabPane(_("Escalations"), id="report-escalations"), VerticalScroll():
                yield Static("", id="report-escalation-note")
                yield DataTable(id="report-escalation-table", cursor_type="row")
        yield KioskFooter()

    def on_mount(self) -> None:
        for table_id, names in COLUMNS.items():
            self.query_one(f"#{table_id}", DataTable).add_columns(
                *(lookup(name) if name else "" for name in names))
        self.load()

    # --- data -----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="report")
    def load(self) -> None:
        """Read and compute off the UI thread; the store may hold years of history."""
        label, span = PERIODS[self.period_index]
        label = lookup(label)
        desk = self.desk
        try:
            report = run_report(desk, period_start(desk, span), None)
        except KioskError as exc:
            reason = str(exc).splitlines()[0]
            self._deliver(lambda: self.notify(reason,
                                              title=_("Report not available"),
                                              severity="error"))
            return
        self._deliver(lambda: self.show(report, label))

    def _deliver(self, show: Callable[[], None]) -> None:
        """Hand a result to the UI thread, unless the screen went meanwhile (back, a
        newer period, a lock): a late report never lands on someone else's screen."""
        worker = get_current_worker()
        if worker.is_cancelled:
            return

        def on_ui() -> None:
            if not worker.is_cancelled:
                show()

        self.app.call_from_thread(on_ui)

    def show(self, report: Report, label: str) -> None:
        self.report = report
        cur = report.currency
        policy, lang = self.desk.policy, current_language()
        loc = locale_of(policy)
        self.query_one("#report-title", Static).update(
            Text(_("Reports — {period} ({n} incidents)").format(period=label,
                                                                 n=report.incidents)))
        self.query_one("#report-summary", Static).update(Text(summary(report, loc)))
        self._weekly(report, lang)
        self._scores(report)
        self.query_one("#report-measure-text", Static).update(
            Text("\n".join(measure_lines(report, loc)).strip()))
        top = max(report.by_category.values(), default=0)
        rows = [(_cell(policy.category_label(c, lang)), amount(n, loc),
                 percent(report.sla_breach[c].rate, loc)) for c, n in report.by_category.items()]
        room = self._bar_room("report-categories", rows)
        self._fill("report-categories", [
            (label, count, Text(bar(n, top, room), style="cyan"), breached)
            for (label, count, breached), n in zip(rows, report.by_category.values(),
                                                    strict=True)])
        top_value = max(report.compensation_by_category.values(), default=Decimal(0))
        given = [(_cell(policy.category_label(c, lang)), money(v, cur, policy))
                 for c, v in report.compensation_by_category.items()]
        room = self._bar_room("report-comp-category", given)
        self._fill("report-comp-category", [
            (label, value, Text(bar(v, top_value, room), style="green"))
            for (label, value), v in zip(given, report.compensation_by_category.values(),
                                         strict=True)])
        self._fill("report-comp-item", [
            (_cell(policy.item_label(i, lang)), amount(u.qty, loc), money(u.value, cur, policy))
            for i, u in report.compensation_by_item.items()])
        self._fill("report-comp-agent", [
            (_cell(report.staff_label(a)), money(v, cur, policy))
            for a, v in report.compensation_by_agent.items()])
        self._fill("report-approvals", [
            (_cell(report.staff_label(a)), str(n))
            for a, n in report.approvals_by_approver.items()])
        self.query_one("#report-recovery", Static).update(Text(
            _("Follow-ups with an outcome: {n} — satisfied {satisfied}, not satisfied "
              "{not_satisfied}, unreachable {unreachable}.").format(
                n=report.follow_ups, satisfied=report.satisfied,
                not_satisfied=report.not_satisfied, unreachable=report.unreachable)
            + "\n" + _("Recovery rate {rate}.").format(
                rate=percent(report.recovery_rate, loc))))
        self._fill("report-causes", [
            (_cell(policy.category_label(r.category, lang)), _cell(r.location or "–"),
             _cell(policy.department_label(r.department, lang)), str(r.count))
            for r in report.root_causes])
        self._fill("report-versions", [
            (p.policy_hash[:12], p.version or _("(earlier)"), str(p.decisions),
             money(p.value, cur, policy)) for p in report.policy_versions])
        late = len(report.escalations)
        self.query_one("#report-escalation-note", Static).update(Text(
            ngettext("{n} incident is past its time now.",
                     "{n} incidents are past their time now.", late).format(n=late)
            if late else _("No incident is past its time.")))
        self._fill("report-escalation-table", [
            (_cell(e.ref), _cell(policy.category_label(e.category, lang)),
             value_word(e.phase), str(e.level),
             role_word(policy, e.notify_role) if e.notify_role else "–",
             took(e.overdue_min, loc)) for e in report.escalations])

    def _weekly(self, report: Report, lang: str) -> None:
        """Incidents per week as bars, each week named by its Monday (the last 26)."""
        widget = self.query_one("#report-weekly", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        weeks = report.weekly[-26:]
        plt.title(_("Incidents per week (from Monday)"))
        if weeks:
            counts = [n for _w, n in weeks]
            plt.bar([week_label(w, lang) for w, _n in weeks], counts, color="cyan", width=0.6)
            _whole_ticks(plt, counts)
        widget.refresh()

    def _scores(self, report: Report) -> None:
        widget = self.query_one("#report-scores", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(_("Scores at the follow-up call (0-10); top box is 9 and 10"))
        plt.bar([str(s) for s in range(11)], report.scores, color="green", width=0.6)
        _whole_ticks(plt, report.scores)
        widget.refresh()

    def _bar_room(self, table_id: str, rows: list[tuple[Any, ...]]) -> int:
        """The cells a table's bar may take: what its other columns (each as wide as its
        header or its widest cell) leave of the table's width, up to ``BAR``; a bar
        never pushes a column (the SLA share, the amount) off the screen."""
        table = self.query_one(f"#{table_id}", DataTable)
        inside = table.content_size.width - 1 or self.size.width - 4  # less a scroll bar
        names = [lookup(name) for name in COLUMNS[table_id] if name]
        cells = [[name, *(row[place] for row in rows)] for place, name in enumerate(names)]
        taken = sum(max(cell_len(str(c)) for c in column) + CELL_PADDING for column in cells)
        return max(BAR_LEAST, min(BAR, inside - taken - CELL_PADDING))

    def _fill(self, table_id: str, rows: list[tuple[Any, ...]]) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear()
        table.add_rows(rows or [tuple("–" for _ in table.columns)])

    # --- actions --------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next_period(self) -> None:
        self.period_index = (self.period_index + 1) % len(PERIODS)
        self.load()

    def action_refresh(self) -> None:
        self.load()

    def action_export(self) -> None:
        if self.report is None:
            self.notify(_("The report is still being read."), severity="warning")
            return
        span = PERIODS[self.period_index][1]
        what = f"{span}days" if isinstance(span, int) else EXPORT_NAMES[span]
        defaults = {fmt: default_export(self.desk, fmt, what) for fmt in FORMATS}
        self.app.push_screen(ExportDialog(defaults), self._export_to)

    def _export_to(self, choice: tuple[str, Path] | None) -> None:
        if choice is not None and self.report is not None:
            self.export(self.report, *choice)

    @work(thread=True, exclusive=True, group="report-export")
    def export(self, report: Report, fmt: str, path: Path) -> None:
        """Write the CSV or the PDF off the UI thread (a PDF takes a few seconds)."""
        try:
            saved = export_report(self.desk, report, fmt, path)
        except KioskError as exc:
            reason = str(exc).splitlines()[0]
            self._deliver(lambda: self.notify(reason, title=_("Not exported"),
                                              severity="error", timeout=8))
            return
        self._deliver(lambda: self.notify(_("Saved to {path}").format(path=saved),
                                          title=_("Report exported")))
