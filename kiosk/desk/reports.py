"""Supervisor use cases over the record: the report and a replay of a proposed policy."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from kiosk.core.digest import IncidentDigest
from kiosk.core.display import hotel_zone
from kiosk.core.errors import ReportError, StoreError
from kiosk.core.i18n import _
from kiosk.core.policy_load import load_policy
from kiosk.core.replay import ReplayResult, replay
from kiosk.desk.context import Desk
from kiosk.desk.guest_list import stays_history
from kiosk.letters.pdf import html_to_pdf
from kiosk.reports.compute import Report, Stay, build_report
from kiosk.reports.monthly import monthly_html
from kiosk.reports.render import render_csv


def period(desk: Desk, since: date | None, until: date | None
           ) -> tuple[datetime | None, datetime | None]:
    """Days as the hotel counts them: from the start of ``since`` to the end of
    ``until`` (both included), in the property's time zone."""
    zone = hotel_zone(desk.policy)
    start = datetime.combine(since, time(), zone) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), zone) if until else None
    return start, end


def staff_names(desk: Desk) -> dict[str, str]:
    """Staff id → display name, so the report names people; empty if unreadable."""
    try:
        return {s.id: s.name for s in desk.store.list_staff()}
    except StoreError:
        return {}


def history(desk: Desk, since: datetime | None = None,
            until: datetime | None = None) -> Iterator[IncidentDigest]:
    """Digests of the incidents reported in [since, until), oldest first."""
    return desk.store.history(since, until)


def run_report(desk: Desk, since: datetime | None = None,
               until: datetime | None = None) -> Report:
    """The report over incidents reported in [since, until), under the policy in force."""
    policy = desk.policy
    stays = [Stay(*s) for s in stays_history(desk)]
    return build_report(history(desk, since, until), policy, desk.now(), since=since, until=until,
                        staff_names=staff_names(desk), stays=stays or None)


def replay_policy(desk: Desk, folder: Path, since: datetime | None = None,
                  until: datetime | None = None) -> ReplayResult:
    """Decide past compensation again under the policy in ``folder`` (``PolicyError``
    when that folder is not a valid policy)."""
    proposal = load_policy(folder)
    return replay(proposal, history(desk, since, until))



def shift_start(desk: Desk) -> datetime:
    """The start of "this shift": the policy's shift length back from now."""
    return desk.now() - timedelta(hours=desk.policy.property.shift_hours)


def today_start(desk: Desk) -> datetime | None:
    return period(desk, hotel_time_today(desk), None)[0]


def hotel_time_today(desk: Desk) -> date:
    return desk.now().astimezone(hotel_zone(desk.policy)).date()


def report_pdf(desk: Desk, report: Report) -> bytes:
    """The general manager's report as a PDF, through the letters' page machinery (and
    its folder: a letterhead image there may be used, nothing outside it)."""
    return html_to_pdf(monthly_html(report, desk.policy), desk.settings.letters)


EXPORTS = ("csv", "pdf")


def default_export(desk: Desk, fmt: str, what: str) -> Path:
    """Where an export goes when no file is chosen: the store's letters folder."""
    stamp = desk.now().astimezone(hotel_zone(desk.policy)).strftime("%Y%m%d-%H%M%S")
    return desk.store.letters_dir / "reports" / f"report-{what}-{stamp}.{fmt}"


def export_report(desk: Desk, report: Report, fmt: str, path: Path) -> Path:
    """Write the report as CSV or PDF to ``path`` (readable by its owner only)."""
    if fmt not in EXPORTS:
        raise ReportError(_("cannot export as {fmt}: csv or pdf").format(fmt=fmt))
    data = render_csv(report).encode("utf-8") if fmt == "csv" else report_pdf(desk, report)
    target = path.expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError as exc:
        raise ReportError(_("cannot write {path}: {reason}").format(
            path=target, reason=exc.strerror or exc)) from None
    return target
