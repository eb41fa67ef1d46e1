"""Drafts: what an agent had typed when the terminal locked, offered back to them only."""

from __future__ import annotations

from typing import Any

from kiosk.core.models import Draft
from kiosk.desk.context import Desk


def save_draft(desk: Desk, staff_id: str, data: dict[str, Any],
               draft_id: str | None = None) -> Draft:
    raise NotImplementedError


def drafts_for(desk: Desk, staff_id: str) -> list[Draft]:
    raise NotImplementedError


def discard_draft(desk: Desk, draft_id: str, staff_id: str) -> None:
    raise NotImplementedError
