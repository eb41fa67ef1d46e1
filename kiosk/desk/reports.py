"""Supervisor use cases over the record: the report, a replay of a proposed policy, and
the escalation list the board shows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kiosk.core.errors import StoreError
from kiosk.core.policy_load import load_policy
from kiosk.core.replay import ReplayResult, replay
from kiosk.desk.context import Desk
from kiosk.reports.compute import Escalated, Report, build_report, escalations_now


def staff_names(desk: Desk) -> dict[str, str]:
    """Staff id → display name, so the report names people; empty if unreadable."""
    try:
        return {s.id: s.name for s in desk.store.list_staff()}
    except StoreError:
        return {}


def run_report(desk: Desk, since: datetime | None = None,
               until: datetime | None = None) -> Report:
    """The report over incidents reported in [since, until), under the policy in force."""
    policy = desk.policy
    incidents = desk.store.iter_incidents(since=since, until=until)
    return build_report(incidents, policy, desk.now(), since=since, until=until,
                        staff_names=staff_names(desk))


def replay_policy(desk: Desk, folder: Path, since: datetime | None = None,
                  until: datetime | None = None) -> ReplayResult:
    """Decide past compensation again under the policy in ``folder`` (``PolicyError``
    when that folder is not a valid policy)."""
    proposal = load_policy(folder)
    return replay(proposal, desk.store.iter_incidents(since=since, until=until))


def board_escalations(desk: Desk) -> list[Escalated]:
    """Open incidents past their acknowledge or resolve time, most urgent first, with the
    role the policy says to notify: for the board on every terminal."""
    return escalations_now(desk.store.open_incidents(), desk.policy, desk.now())
