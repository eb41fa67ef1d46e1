"""Folio credits and discounts on their way to the PMS: what is pending, exporting a
batch, and the PMS's acknowledgement of what it posted.

Nothing is posted twice: a posting goes into one export only (``again`` repeats the
exported but unacknowledged ones, marked as repeats, for a file that got lost), and an
acknowledgement of a posting already posted changes nothing. Postings are derived from
the incidents each time, keyed by incident, decision and line; the store keeps only
what happened to each (exported in which batch, posted when).
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.core.display import hotel_time
from kiosk.core.errors import ValidationError
from kiosk.core.i18n import _
from kiosk.core.plain import Record, Value
from kiosk.core.postings import Posting, all_postings
from kiosk.desk.context import Desk
from kiosk.desk.text_rules import clean_for_message

RECORDS = "postings"
LOOKBACK = timedelta(days=400)  # an incident reported this long before --since may still
MAX_ACK_ROWS = 100_000


class Pending(Value):
    posting: Posting
    state: str  # new | exported | held
    batch: str = ""


class AckResult(Record):
    posted: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one line each


def _postings(desk: Desk, since: date | None) -> list[Posting]:
    policy = desk.policy
    start = None
    if since is not None:
        start = datetime.combine(since, datetime.min.time(), tzinfo=desk.now().tzinfo)
        start -= LOOKBACK
    found = all_postings(policy, desk.store.iter_incidents(since=start))
    if since is None:
        return found
    return [p for p in found if hotel_time(policy, p.decided_at).date() >= since]


def pending(desk: Desk, since: date | None = None) -> list[Pending]:
    """Every posting the PMS has not acknowledged yet, oldest first."""
    done = desk.store.records(RECORDS)
    out = []
    for posting in _postings(desk, since):
        doc = done.get(posting.id, {})
        if doc.get("posted_at"):
            continue
        if not posting.transaction_code:
            out.append(Pending(posting, "held"))
        elif doc.get("batch"):
            out.append(Pending(posting, "exported", str(doc["batch"])))
        else:
            out.append(Pending(posting, "new"))
    return out


def export(desk: Desk, actor: str, since: date | None = None,
           again: bool = False) -> tuple[str, list[Pending]]:
    """Mark a batch of postings exported and return it (batch id, postings). A held
    posting (its item has no transaction code) is never exported."""
    candidates = [p for p in pending(desk, since)
                  if p.state == "new" or (again and p.state == "exported")]
    now = desk.now()
    batch = "P" + hotel_time(desk.policy, now).strftime("%Y%m%d%H%M%S")

    def change(docs: dict[str, dict[str, Any]]) -> list[Pending]:
        taken = []
        for item in candidates:
            doc = docs.get(item.posting.id, {})
            if doc.get("posted_at") or (doc.get("batch") and not again):
                continue  # another terminal exported or the PMS posted it meanwhile
            if not doc.get("batch"):
                docs[item.posting.id] = {"batch": batch, "exported_at": now.isoformat(),
                                         "exported_by": actor}
            taken.append(item)
        return taken

    taken = desk.store.change_records(RECORDS, change, actor, "postings.export", batch,
                                      {"count": len(candidates), "again": again})
    return batch, taken


def acknowledge(desk: Desk, actor: str, rows: list[tuple[int, str, str]]) -> AckResult:
    """Record what the PMS posted: ``rows`` of (row number, posting id, PMS reference).
    Unknown or unexported ids are refused one line each; nothing is changed then."""
    if len(rows) > MAX_ACK_ROWS:
        raise ValidationError(_("more than {n} rows; is this the PMS's answer?").format(
            n=MAX_ACK_ROWS))
    known = {p.id for p in _postings(desk, None)}
    now = desk.now()
    result = AckResult()

    def change(docs: dict[str, dict[str, Any]]) -> None:
        seen: set[str] = set()
        for row, posting_id, pms_ref in rows:
            doc = docs.get(posting_id)
            if posting_id not in known:
                result.refused.append(f"row {row}: no posting "
                                      f"'{clean_for_message(posting_id, 60)}'")
            elif doc is None or not doc.get("batch"):
                result.refused.append(f"row {row}: posting {posting_id} was never exported")
            elif doc.get("posted_at") or posting_id in seen:
                result.already.append(posting_id)
            else:
                doc.update({"posted_at": now.isoformat(), "acked_by": actor,
                            "pms_ref": pms_ref})
                result.posted.append(posting_id)
            seen.add(posting_id)
        if result.refused:
            raise _Refused

    try:
        desk.store.change_records(RECORDS, change, actor, "postings.ack", RECORDS,
                                  {"posted": len(result.posted)})
    except _Refused:
        result.posted.clear()
        result.already.clear()
    return result


class _Refused(Exception):
    """Abandons an acknowledgement with refused rows, so none of it is recorded."""
