"""Reopening a draft: the screen it came from, filled in as the agent left it."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from kiosk.core.models import Draft
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.compensation import CompensationScreen
from kiosk.tui.screens.followup import FollowUpScreen
from kiosk.tui.screens.incident import IncidentScreen


def screen_for_draft(draft: Draft, incident: Any = None) -> Screen[Any] | None:
    """The screen for a draft; screens about an existing incident need it loaded."""
    data = draft.data
    kind = data.get("screen")
    if kind == "incident":
        return IncidentScreen(prefill=dict(data.get("fields", {})))
    if kind == "checklist":
        return ChecklistScreen(str(data.get("incident_id", "")), note=str(data.get("note", "")))
    if incident is None:
        return None
    if kind == "compensation":
        return CompensationScreen(incident, qty=dict(data.get("qty", {})),
                                  remarks=dict(data.get("remarks", {})))
    if kind == "followup":
        return FollowUpScreen(incident, feedback=str(data.get("feedback", "")),
                              outcome=str(data.get("outcome", "")),
                              score=str(data.get("score", "")))
    return None
