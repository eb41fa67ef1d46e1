"""The desk's side of the chain: send the record to head office, say how far behind it
is, and a loyalty guest's incidents at sister properties (from the last copy when the
line is down). The desk never needs the chain to work."""

from __future__ import annotations

from datetime import datetime

from kiosk.chain import local
from kiosk.chain.guests import SisterIncident, sister_incidents
from kiosk.chain.link import chain_dsn
from kiosk.chain.sync import BATCH, SyncResult, sync
from kiosk.core.errors import ChainError
from kiosk.core.i18n import _
from kiosk.core.plain import Value
from kiosk.desk.context import Desk
from kiosk.desk.guest_list import stays_history


class ChainSettings(Value):
    property_id: str
    dsn: str


def chain_settings(desk: Desk) -> ChainSettings | None:
    """The property's id and connection string; None when it belongs to no chain
    (``ChainError`` when the chain is configured but the property has no id)."""
    policy = desk.policy
    dsn = chain_dsn(policy.chain, desk.settings.policies)
    if dsn is None:
        return None
    if not policy.property.id:
        raise ChainError(_("{file} needs a stable id under {section} ({example}) before "
                           "this property can join the chain").format(
            file="property.toml", section="[property]", example='id = "…"'))
    return ChainSettings(policy.property.id, dsn)


def _required(desk: Desk) -> ChainSettings:
    found = chain_settings(desk)
    if found is None:
        raise ChainError(_("this property has no chain: add a {section} section to {file} "
                           "or set {variable}").format(section="[chain]", file="property.toml",
                                                       variable="KIOSK_CHAIN_DSN"))
    return found


def sync_now(desk: Desk, batch: int = BATCH) -> SyncResult:
    """Send everything head office lacks; remember how it went for the supervisor."""
    link = _required(desk)
    root = desk.store.root
    state = local.read(root, local.STATE_FILE)
    try:
        result = sync(desk.store, desk.policy, link.dsn, link.property_id, batch=batch,
                      stays=stays_history(desk))
    except ChainError as exc:
        local.write(root, local.STATE_FILE, {**state, "error": str(exc),
                                             "tried_at": desk.now().isoformat()})
        raise
    local.write(root, local.STATE_FILE, {
        "last_sync_at": desk.now().isoformat(), "acked": result.acked, "error": ""})
    return result


class SyncStatus(Value):
    configured: bool
    last_sync_at: datetime | None
    backlog: int  # audit entries head office does not have yet
    error: str


def sync_status(desk: Desk) -> SyncStatus:
    """From what this property remembers: no network, so it is quick and always there."""
    try:
        configured = chain_settings(desk) is not None
    except ChainError as exc:
        return SyncStatus(True, None, 0, str(exc))
    if not configured:
        return SyncStatus(False, None, 0, "")
    state = local.read(desk.store.root, local.STATE_FILE)
    acked = state.get("acked")
    acked = acked if isinstance(acked, int) else 0
    last = state.get("last_sync_at")
    try:
        when = datetime.fromisoformat(last) if isinstance(last, str) else None
    except ValueError:
        when = None
    backlog = len(desk.store.audit_entries(after=acked))
    return SyncStatus(True, when, backlog, str(state.get("error") or ""))


class SisterHistory(Value):
    incidents: list[SisterIncident]
    live: bool  # False: from the copy kept at the last reachable look-up
    note: str  # why it is not live, when it is not


def sister_history(desk: Desk, loyalty_id: str) -> SisterHistory:
    """A loyalty guest's incidents at the group's other properties."""
    loyalty_id = loyalty_id.strip()
    if not loyalty_id:
        return SisterHistory([], True, "")
    try:
        link = chain_settings(desk)
    except ChainError as exc:
        return SisterHistory([], False, str(exc))
    if link is None:
        return SisterHistory([], True, "")
    root = desk.store.root
    cache = local.read(root, local.GUESTS_FILE)
    try:
        found = sister_incidents(link.dsn, link.property_id, loyalty_id)
    except ChainError as exc:
        kept = cache.get(loyalty_id)
        rows = [SisterIncident.from_plain(r) for r in kept] if isinstance(kept, list) else []
        return SisterHistory(rows, False, str(exc))
    cache[loyalty_id] = [r.to_plain() for r in found]
    local.write(root, local.GUESTS_FILE, cache)
    return SisterHistory(found, True, "")
