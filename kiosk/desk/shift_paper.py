"""The shift log on paper, for a handover away from the screen: the same log as the
screen and `kiosk shift log`, laid out by a template in the letters folder (run in the
letters' sandbox and bounds, so a supervisor may edit it like a letter), in the staff's
language, printed through the same CUPS path as the letters."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from kiosk import printing
from kiosk.core.display import day_time, locale_now
from kiosk.core.i18n import _, current_language
from kiosk.core.models import Staff
from kiosk.desk.context import Desk
from kiosk.desk.letters import templates_for
from kiosk.desk.shift_log import ShiftEntry, ShiftLog, shift_log

SHEET = "shift_log.html.j2"  # in the letters folder


def _row(entry: ShiftEntry, locale: str) -> dict[str, str]:
    return {"ref": entry.ref, "at": day_time(entry.at, locale) if entry.at else "",
            "room": entry.room, "guest": entry.guest, "what": entry.what,
            "amount": entry.amount, "by": entry.by}


def sheet_view(desk: Desk, log: ShiftLog) -> dict[str, Any]:
    """What the template is given: plain dicts and text, every word already in the
    staff's language."""
    locale = locale_now(desk.policy)
    sections = ((_("Incidents"), log.incidents), (_("Compensation"), log.compensation),
                (_("Approvals"), log.approvals),
                (_("Open items for the next shift"), log.open_items))
    return {
        "language": current_language(),
        "hotel": {"name": desk.policy.property.name},
        "title": _("Shift log"),
        "period": _("Shift log {start} to {end}").format(start=day_time(log.start, locale),
                                                         end=day_time(log.end, locale)),
        "headers": {"ref": _("Ref"), "at": _("At"), "room": _("Room"), "guest": _("Guest"),
                    "what": _("What"), "amount": _("Amount"), "by": _("By")},
        "nothing": _("None."),
        "sections": [{"title": title, "count": len(entries),
                      "rows": [_row(e, locale) for e in entries]} for title, entries in sections],
    }


def shift_log_pdf(desk: Desk, log: ShiftLog) -> bytes:
    return templates_for(desk).sheet_pdf(SHEET, sheet_view(desk, log))


def print_shift_log(desk: Desk, staff: Staff, day: date | None = None,
                    printer: str | None = None) -> str:
    """Print the log of hotel day ``day`` (default: the shift now ending) on ``printer``
    (the policy's desk printer by default); the CUPS job id, audited under ``staff``."""
    log = shift_log(desk, day)
    pdf = shift_log_pdf(desk, log)
    queue = printer or desk.policy.property.printer
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"shift-log-{log.start.strftime('%Y%m%d-%H%M')}.pdf"
        path.write_bytes(pdf)
        job = printing.send(path, queue, _("Shift log {start}").format(
            start=log.start.strftime("%Y-%m-%d %H:%M")))
    desk.store.audit(staff.id, "shift.print", log.start.isoformat(timespec="minutes"),
                     {"queue": queue, "job": job})
    return job
