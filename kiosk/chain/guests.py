"""A loyalty guest's incidents at the group's other properties, as head office holds
them: what happened, when, where and how it ended, never the guest's own words."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

import psycopg

from kiosk.chain.link import connect
from kiosk.core.errors import ChainError
from kiosk.core.i18n import _
from kiosk.core.plain import Value

SHOWN = 20  # the most recent ones; the desk needs the pattern, not the archive


class SisterIncident(Value):
    property_name: str
    reported_at: str  # ISO date and time, UTC
    category: str
    severity: str
    status: str
    compensation: str  # decimal text, in the property's currency
    currency: str
    outcome: str

    def to_plain(self) -> list[str]:
        return list(astuple(self))

    @classmethod
    def from_plain(cls, row: list[Any]) -> SisterIncident:
        return cls(*(str(v) for v in row[:8]))


def sister_incidents(dsn: str, property_id: str, loyalty_id: str) -> list[SisterIncident]:
    try:
        with connect(dsn, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT p.name, i.reported_at, i.category, i.severity, i.status, "
                "i.compensation, p.currency, coalesce(i.outcome, '') "
                "FROM incident i JOIN property p USING (property_id) "
                "WHERE i.loyalty_id = %s AND i.property_id <> %s "
                "ORDER BY i.reported_at DESC LIMIT %s",
                (loyalty_id, property_id, SHOWN)).fetchall()
    except psycopg.Error as exc:
        raise ChainError(_("head office did not answer: {kind}").format(
            kind=type(exc).__name__)) from None
    return [SisterIncident(name, at.isoformat(timespec="minutes"), cat, sev, status,
                           str(comp), cur, outcome)
            for name, at, cat, sev, status, comp, cur, outcome in rows]
