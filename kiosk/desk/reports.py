"""Supervisor use cases over the record: the report and a replay of a proposed policy
(exports to CSV and PDF are in ``kiosk.desk.report_export``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path

from kiosk.core.digest import IncidentDigest
from kiosk.core.display import hotel_zone
from kiosk.core.errors import StoreError
from kiosk.core.policy_load import load_policy
from kiosk.core.replay import ReplayResult, replay
from kiosk.desk.context import Desk
from kiosk.desk.guest_list import stays_history
from kiosk.reports.compute import (
    Report,
    Stay,
    build_report,
    build_report_by_day,
    combine_partials,
    day_partial,
    partial_stamp,
)


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
    stays = [Stay(*s) for s in stays_history(desk)] or None
    names, now = staff_names(desk), desk.now()
    days = desk.store.report_days(partial(day_partial, policy=policy), partial_stamp(policy),
                                  since, until, partial(combine_partials, policy=policy))
    try:
        return build_report_by_day(days, policy, now, since, until, names, stays)
    except (TypeError, ValueError, KeyError, IndexError):
        # A kept partial that is not one (the cache is derived data, never trusted to
        # crash a report): the figures from the digests, in one pass.
        return build_report(history(desk, since, until), policy, now, since, until, names,
                            stays)


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
