"""Letter use cases: preview, issue (store), print through CUPS, retry pending prints."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.models import LetterRecord, PrintRecord
from kiosk.desk.context import Desk


@dataclass(frozen=True)
class Preview:
    markdown: str
    language: str  # the language actually used
    template: str
    fallback_from: str  # the language asked for when its template was missing, else ""


def preview_letter(desk: Desk, incident_id: str, language: str | None = None) -> Preview:
    raise NotImplementedError


def issue_letter(desk: Desk, incident_id: str, staff_id: str,
                 language: str | None = None) -> LetterRecord:
    """Render the PDF, store it under a new version, record it on the incident."""
    raise NotImplementedError


def print_letter(desk: Desk, incident_id: str, staff_id: str, printer: str | None = None,
                 version: int | None = None) -> PrintRecord:
    """Send the stored PDF to CUPS. On failure the print is kept pending for retry and
    ``PrintError`` says why in one line."""
    raise NotImplementedError


def retry_pending(desk: Desk, staff_id: str) -> list[PrintRecord]:
    raise NotImplementedError
