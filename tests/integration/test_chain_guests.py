"""A loyalty guest's incidents at sister properties, live from head office and from the
property's own copy when the line is down; and what the supervisor area shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.desk.sync import sister_history, sync_now, sync_status
from tests.integration.chain_setup import make_property
from tests.pg_fixture import Cluster

pytestmark = pytest.mark.chain


def loyal_guest(store: object) -> str:
    for incident in store.iter_incidents():  # type: ignore[attr-defined]
        if incident.guest.loyalty_id:
            return str(incident.guest.loyalty_id)
    raise AssertionError("the seed made no loyalty guest")


def test_sister_incidents_live_then_from_the_copy_when_the_line_is_down(
        tmp_path: Path, chain_db: str, pg_cluster: Cluster) -> None:
    ararat = make_property(tmp_path, "ararat", chain_db, incidents=40, name="Ararat Garden")
    sevan = make_property(tmp_path, "sevan", chain_db, incidents=0, name="Sevan Shore")
    loyalty = loyal_guest(ararat.desk().store)
    sync_now(ararat.desk())
    theirs = [i for i in ararat.desk().store.iter_incidents() if i.guest.loyalty_id == loyalty]

    desk = sevan.desk()
    live = sister_history(desk, loyalty)
    assert live.live and live.note == ""
    assert len(live.incidents) == len(theirs) > 0
    assert {i.property_name for i in live.incidents} == {"Ararat Garden"}
    assert sister_history(ararat.desk(), loyalty).incidents == []  # not its own, as sister

    pg_cluster.stop("immediate")
    try:
        cached = sister_history(desk, loyalty)
    finally:
        pg_cluster.start()
    assert not cached.live and "not reachable" in cached.note
    assert cached.incidents == live.incidents


def test_supervisor_status_shows_last_sync_and_backlog(tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=10)
    desk = prop.desk()
    before = sync_status(desk)
    assert before.configured and before.last_sync_at is None
    assert before.backlog == len(desk.store.audit_entries())
    sync_now(desk)
    after = sync_status(desk)
    assert after.backlog == 0 and after.last_sync_at is not None and after.error == ""
    some = desk.store.find_incidents(limit=1)[0]
    desk.store.update_incident(some.id, lambda i: setattr(i, "location", "bar"),
                               actor="sv000", action="incident.edit")
    assert sync_status(desk).backlog == 1
