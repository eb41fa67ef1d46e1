"""A digest of an incident: only what reports and replays read, in plain tuples.

Ten years of incidents are too many to rebuild as full records for every report, so
the report and the replay work on digests. A digest comes from an ``Incident`` or
straight from its stored JSON document (no dataclasses in between), and converts to and
from plain JSON lists for a cache. Times are POSIX seconds (UTC).
"""

from __future__ import annotations

import functools
import sys
from datetime import UTC, datetime
from typing import Any, NamedTuple

from kiosk.core.guest_keys import name_key, stay_key
from kiosk.core.models import Incident, Status

DIGEST_VERSION = 4  # 2: names, rooms and stays folded; 3: apology, reopen, score, return;
# 4: the second recovery link both ways

# Steps recorded before checklists marked their apology step (``apology = true``) are
# read by the id LEARN and HEARD give it.
LEGACY_APOLOGY_STEP = "apologize"


class DecisionDigest(NamedTuple):
    at: float
    by: str
    role: str
    verdict: str
    policy_hash: str
    total: str  # decimal string
    approver: str | None
    lines: tuple[tuple[str, int, str], ...]  # (item, qty, unit value as decimal string)


class IncidentDigest(NamedTuple):
    id: str
    ref: str
    reported: float
    category: str
    severity: str
    location: str
    guest_key: str  # name folded for matching the same guest
    guest_name: str
    stay_key: str
    ack_min: float | None  # minutes from report to acknowledgement
    resolve_min: float | None  # minutes from report to resolution
    unresolved: bool
    tier: str
    outcome: str | None
    decisions: tuple[DecisionDigest, ...]
    apology_min: float | None  # minutes from report to the confirmed apology step
    reopened: bool  # opened again after it was resolved
    recovery_of: str  # the id of the incident this one is the second recovery of
    has_second: bool  # a second recovery was opened for this one
    score: int | None  # 0-10 at the follow-up call
    loyalty_id: str
    departure: str  # the stay's last day, ISO


def _apology(start: float, steps: Any) -> float | None:
    """Minutes to the first confirmed apology step (records or their documents)."""
    for step in steps:
        doc = step if isinstance(step, dict) else None
        step_id = doc["step_id"] if doc else step.step_id
        confirmed = doc.get("confirmed", True) if doc else step.confirmed
        marked = doc.get("apology") if doc else step.apology
        if marked is None:
            marked = step_id == LEGACY_APOLOGY_STEP
        if marked and confirmed:
            return _after(start, _ts(doc["at"] if doc else step.at))
    return None


def _reopened(notes: Any) -> bool:
    return any((n["kind"] if isinstance(n, dict) else n.kind) == "reopen" for n in notes)


def guest_key(name: str) -> str:
    return name_key(name)


def _ts(value: datetime | str | None) -> float | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _after(start: float, end: float | None) -> float | None:
    return None if end is None else (end - start) / 60


def from_incident(incident: Incident) -> IncidentDigest:
    reported = _ts(incident.reported_at)
    assert reported is not None
    decisions = tuple(
        DecisionDigest(
            _ts(d.decided_at) or 0.0, d.decided_by, d.decided_role, d.verdict, d.policy_hash,
            str(d.total), d.approval.approver_id if d.approval else None,
            tuple((x.item_id, x.qty, str(x.unit_value)) for x in d.lines))
        for d in incident.compensation)
    follow = incident.follow_up
    return IncidentDigest(
        incident.id, incident.ref, reported, incident.category, incident.severity,
        incident.location.strip(), guest_key(incident.guest.name), incident.guest.name,
        incident.guest.stay_key, _after(reported, _ts(incident.acknowledged_at)),
        _after(reported, _ts(incident.resolved_at)),
        incident.resolved_at is None and incident.status == Status.OPEN,
        incident.tier, follow.outcome.value if follow and follow.outcome else None,
        decisions, _apology(reported, incident.steps), _reopened(incident.notes),
        # The second recovery's link both ways (``second_of``, ``second_recovery``).
        getattr(incident, "second_of", "") or "", bool(getattr(incident, "second_recovery", "")),
        follow.score if follow else None,
        incident.guest.loyalty_id, incident.guest.departure.isoformat())


def from_document(doc: dict[str, Any]) -> IncidentDigest:
    """The same digest from a stored incident document (``to_dict`` shape), its
    decisions plain tuples as ``from_plain`` gives them."""
    return _label(plain_from_document(doc))


def plain_from_document(doc: dict[str, Any]) -> tuple[Any, ...]:
    """``to_plain(from_document(doc))`` in one step: what a cache keeps of a stored
    document (100,000 of them at a store's first report)."""
    reported = _ts(doc["reported_at"])
    assert reported is not None
    guest = doc["guest"]
    decisions = tuple(
        (_ts(d["decided_at"]) or 0.0, _shared(d["decided_by"]), _shared(d["decided_role"]),
         _shared(d["verdict"]), _shared(d["policy_hash"]), _shared(str(d["total"])),
         _shared(d["approval"]["approver_id"]) if d.get("approval") else None,
         tuple((_shared(x["item_id"]), int(x["qty"]), _shared(str(x["unit_value"])))
               for x in d["lines"]))
        for d in doc.get("compensation") or ())
    follow = doc.get("follow_up") or {}
    name = guest["name"]
    return (
        doc["id"], doc["ref"], reported, _shared(doc["category"]), _shared(doc["severity"]),
        _shared((doc.get("location") or "").strip()), guest_key(name), name,
        stay_key(name, guest["room"], guest["arrival"]),
        _after(reported, _ts(doc.get("acknowledged_at"))),
        _after(reported, _ts(doc.get("resolved_at"))),
        doc.get("resolved_at") is None and doc.get("status", "open") == Status.OPEN.value,
        _shared(doc.get("tier") or ""), _shared(follow.get("outcome")), decisions,
        _apology(reported, doc.get("steps") or ()), _reopened(doc.get("notes") or ()),
        doc.get("second_of") or "", bool(doc.get("second_recovery")), follow.get("score"),
        guest.get("loyalty_id") or "",
        str(guest["departure"]))


def _shared(value: Any) -> Any:
    return sys.intern(value) if isinstance(value, str) else value


def to_plain(d: IncidentDigest) -> tuple[Any, ...]:
    """Plain nested tuples (for a cache); ``from_plain`` gives the digest back.

    The many repeated words (categories, roles, policy hashes, item ids, prices) are
    interned, so a cache writer such as marshal stores each once and reading the cache
    back allocates each once."""
    head = (d.id, d.ref, d.reported, *map(_shared, d[3:6]), d.guest_key, d.guest_name,
            d.stay_key, d.ack_min, d.resolve_min, d.unresolved, *map(_shared, d[12:14]))
    decisions = tuple(  # by position: ``from_plain`` leaves the decisions plain tuples
        (x[0], *map(_shared, x[1:7]), tuple((_shared(i), q, _shared(v)) for i, q, v in x[7]))
        for x in d.decisions)
    return (*head, decisions, *d[15:])


def from_plain(row: tuple[Any, ...]) -> IncidentDigest:
    """The digest from ``to_plain`` output (tuples, as marshal gives them back). This
    runs 100,000 times a report, so it only re-labels the tuple: the decisions stay
    plain tuples in ``DecisionDigest`` field order, and readers unpack them
    (``for at, by, role, verdict, policy_hash, total, approver, lines in ...``)."""
    return _label(row)


_label = functools.partial(tuple.__new__, IncidentDigest)
