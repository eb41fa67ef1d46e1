"""The supervisors' report at the kiosk: the same figures as `kiosk report`, as tables,
bar charts and a weekly sparkline. Pushed from the supervisor area as ``ReportScreen()``
(it reads the app's desk) or, where there is no kiosk app around it, as
``ReportScreen(desk)``; escape goes back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Sparkline, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from kiosk.core.display import amount, percent
from kiosk.core.errors import KioskError
from kiosk.desk.context import Desk
from kiosk.desk.reports import period, run_report
from kiosk.reports.charts import bar
from kiosk.reports.compute import Report
from kiosk.reports.render import inert
from kiosk.tui import bindings

# (label, days back from today; None for the whole history)
PERIODS: list[tuple[str, int | None]] = [
    ("last 7 days", 7), ("last 30 days", 30), ("last 90 days", 90),
    ("last 12 months", 365), ("all history", None)]


def _minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} min"


def _cell(value: str) -> Text:
    """People's words (names, locations) shown as plain text, never as markup."""
    return Text(inert(value))


class ReportScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = list(bindings.REPORT)
    DEFAULT_CSS = """
    ReportScreen #report-title { padding: 0 1; text-style: bold; }
    ReportScreen #report-tabs, ReportScreen #report-tabs ContentSwitcher,
    ReportScreen #report-tabs TabPane { height: 1fr; }
    ReportScreen #report-summary { padding: 0 1; }
    ReportScreen Sparkline { height: 3; margin: 0 1; }
    ReportScreen DataTable { height: auto; max-height: 20; margin: 0 1 1 1; }
    ReportScreen .caption { padding: 0 1; color: $text-muted; }
    """

    def __init__(self, desk: Desk | None = None, period_index: int = 1) -> None:
        super().__init__()
        self._desk = desk
        self.period_index = period_index
        self.report: Report | None = None

    @property
    def desk(self) -> Desk:
        return self._desk if self._desk is not None else self.app.desk  # type: ignore[attr-defined]

    # --- layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("Reports", id="report-title")
        with TabbedContent(id="report-tabs"):
            with TabPane("Overview", id="report-overview"), VerticalScroll():
                yield Static("Reading the store…", id="report-summary")
                yield Static("Incidents per week", classes="caption")
                yield Sparkline([], id="report-weekly")
                yield DataTable(id="report-categories", cursor_type="row")
            with TabPane("Compensation", id="report-compensation"), VerticalScroll():
                yield DataTable(id="report-comp-category", cursor_type="row")
                yield DataTable(id="report-comp-item", cursor_type="row")
                yield DataTable(id="report-comp-agent", cursor_type="row")
                yield DataTable(id="report-approvals", cursor_type="row")
            with TabPane("Follow-up", id="report-followup"), VerticalScroll():
                yield Static("", id="report-recovery")
                yield DataTable(id="report-causes", cursor_type="row")
                yield DataTable(id="report-versions", cursor_type="row")
            with TabPane("Escalations", id="report-escalations"), VerticalScroll():
                yield Static("", id="report-escalation-note")
                yield DataTable(id="report-escalation-table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        columns = {
            "report-categories": ("Category", "Incidents", "", "SLA breached"),
            "report-comp-category": ("Category", "Given", ""),
            "report-comp-item": ("Item", "Qty", "Value"),
            "report-comp-agent": ("Agent", "Given"),
            "report-approvals": ("Approved by", "Decisions"),
            "report-causes": ("Category", "Location", "Department", "Incidents"),
            "report-versions": ("Policy", "Version", "Decisions", "Value"),
            "report-escalation-table": ("Ref", "Category", "Late to", "Level", "Notify",
                                        "Overdue"),
        }
        for table_id, names in columns.items():
            self.query_one(f"#{table_id}", DataTable).add_columns(*names)
        self.load()

    # --- data -----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="report")
    def load(self) -> None:
        """Read and compute off the UI thread; the store may hold years of history."""
        label, days = PERIODS[self.period_index]
        desk = self.desk
        try:
            today = desk.now().date()
            since = today - timedelta(days=days - 1) if days else None
            start, end = period(desk, since, None)
            report = run_report(desk, start, end)
        except KioskError as exc:
            reason = str(exc).splitlines()[0]
            self._deliver(lambda: self.notify(reason,
                                              title="Report not available",
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
        self.query_one("#report-title", Static).update(
            Text(f"Reports — {label} ({report.incidents} incidents)"))
        self.query_one("#report-summary", Static).update(Text(
            f"Time to acknowledge: median {_minutes(report.acknowledge.median_min)}, "
            f"p90 {_minutes(report.acknowledge.p90_min)}.  Time to resolve: median "
            f"{_minutes(report.resolve.median_min)}, p90 {_minutes(report.resolve.p90_min)}."
            f"\nCompensation {amount(report.compensation_total)} {cur}; "
            f"{report.approvals} approvals.  Recovery rate {percent(report.recovery_rate)}, "
            f"unreachable {percent(report.unreachable_rate)}.  Repeat guests: "
            f"{report.repeat_guests}."))
        self.query_one("#report-weekly", Sparkline).data = [n for _, n in report.weekly]
        top = max(report.by_category.values(), default=0)
        self._fill("report-categories", [
            (_cell(c), str(n), Text(bar(n, top, 24), style="cyan"),
             percent(report.sla_breach[c].rate)) for c, n in report.by_category.items()])
        top_value = max(report.compensation_by_category.values(), default=Decimal(0))
        self._fill("report-comp-category", [
            (_cell(c), f"{amount(v)} {cur}", Text(bar(v, top_value, 24), style="green"))
            for c, v in report.compensation_by_category.items()])
        self._fill("report-comp-item", [
            (_cell(i), str(u.qty), f"{amount(u.value)} {cur}")
            for i, u in report.compensation_by_item.items()])
        self._fill("report-comp-agent", [
            (_cell(report.staff_label(a)), f"{amount(v)} {cur}")
            for a, v in report.compensation_by_agent.items()])
        self._fill("report-approvals", [
            (_cell(report.staff_label(a)), str(n))
            for a, n in report.approvals_by_approver.items()])
        self.query_one("#report-recovery", Static).update(Text(
            f"Follow-ups with an outcome: {report.follow_ups} — satisfied "
            f"{report.satisfied}, not satisfied {report.not_satisfied}, unreachable "
            f"{report.unreachable}.\nRecovery rate {percent(report.recovery_rate)}."))
        self._fill("report-causes", [
            (_cell(r.category), _cell(r.location or "–"), _cell(r.department), str(r.count))
            for r in report.root_causes])
        self._fill("report-versions", [
            (p.policy_hash[:12], p.version or "(earlier)", str(p.decisions),
             f"{amount(p.value)} {cur}") for p in report.policy_versions])
        self.query_one("#report-escalation-note", Static).update(Text(
            f"{len(report.escalations)} incidents past their time now." if report.escalations
            else "No incident is past its time."))
        self._fill("report-escalation-table", [
            (_cell(e.ref), _cell(e.category), e.phase, str(e.level),
             e.notify_role or "–", f"{e.overdue_min} min") for e in report.escalations])

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
