"""The supervisors' report exported: CSV, or the general manager's monthly PDF. Apart
from ``kiosk.desk.reports`` so that a report printed on screen never loads the PDF
machinery."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.core.display import hotel_zone
from kiosk.core.errors import ReportError
from kiosk.core.i18n import _
from kiosk.desk.context import Desk
from kiosk.letters.pdf import html_to_pdf
from kiosk.reports.compute import Report
from kiosk.reports.monthly import monthly_html
from kiosk.reports.render import render_csv


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
