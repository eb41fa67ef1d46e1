"""Reopening a draft: the screen it came from, filled in as the agent left it."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from kiosk.core.models import Draft
from kiosk.desk import incident_report, work_orders
from kiosk.desk.context import Desk
from kiosk.tui.screens.checklist import ChecklistScreen
from kiosk.tui.screens.compensation import CompensationScreen
from kiosk.tui.screens.followup import FollowUpScreen
from kiosk.tui.screens.incident import IncidentScreen
from kiosk.tui.screens.incident_report import IncidentReportScreen
from kiosk.tui.screens.work_orders import OrderDialog


def screen_for_draft(draft: Draft, incident: Any = None,
                     desk: Desk | None = None) -> Screen[Any] | None:
    """The screen for a draft; screens about an existing incident need it loaded (and
    the incident report and the work order, the desk they are read from)."""
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
    if desk is None:
        return None
    if kind == "incident_report" and desk.policy.report_fields:
        return IncidentReportScreen(incident_report.form_of(desk.policy, incident),
                                    typed={str(k): str(v) for k, v in
                                           dict(data.get("values", {})).items()})
    if kind == "work_order" and (row := work_orders.order_row(desk, incident)) is not None:
        return OrderDialog(row, typed={k: str(data.get(k, "")) for k in
                                       ("status", "owner", "note") if k in data})
    return None
