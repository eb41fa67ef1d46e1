"""The sync under faults, all against the real server: killed mid-batch, the server
stopped and restarted mid-sync, the server refusing connections for a while, two
terminals syncing the same store at once, a batch pushed twice. After each: nothing
lost, nothing twice, and head office's figures for the property equal its own report."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from kiosk.chain import summary
from kiosk.chain.link import connect
from kiosk.chain.sync import _send_batch, _snapshots, _touched, sync
from kiosk.core.models import Incident
from tests.integration.chain_setup import Property, comparable, make_property
from tests.pg_fixture import Cluster

pytestmark = pytest.mark.chain


def start_sync(prop: Property, batch: int = 3, terminal: str = "desk-1") -> subprocess.Popen[str]:
    env = prop.env(KIOSK_TERMINAL=terminal)
    return subprocess.Popen([sys.executable, "-m", "kiosk", "sync", "--batch", str(batch)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def acked(dsn: str, property_id: str = "ararat") -> int:
    try:
        with psycopg.connect(dsn, connect_timeout=2) as conn:
            row = conn.execute("SELECT acked_seq FROM property WHERE property_id = %s",
                               (property_id,)).fetchone()
    except psycopg.Error:
        return -1
    return int(row[0]) if row else 0


def wait_for_progress(dsn: str, proc: subprocess.Popen[str], total: int) -> int:
    """Until head office holds part of the trail (not all of it); the position then."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        seen = acked(dsn)
        if 0 < seen < total:
            return seen
        assert proc.poll() is None, "the sync finished before it could be interrupted"
        time.sleep(0.005)
    raise AssertionError("the sync made no progress")


def assert_whole(prop: Property, dsn: str) -> None:
    """Everything there once, and head office's figures equal the property's own."""
    store = prop.desk().store
    entries = store.audit_entries()
    with psycopg.connect(dsn) as conn:
        held = conn.execute("SELECT count(*), count(DISTINCT seq), max(seq) FROM audit_entry "
                            "WHERE property_id = 'ararat'").fetchone()
        incidents = conn.execute("SELECT count(*) FROM incident WHERE property_id = 'ararat'"
                                 ).fetchone()[0]
        hashes = dict(conn.execute("SELECT seq, hash FROM audit_entry").fetchall())
    assert held == (len(entries), len(entries), len(entries))
    assert hashes == {e["seq"]: e["hash"] for e in entries}
    assert incidents == len(list(store.iter_incidents()))
    done = prop.kiosk("report", "--chain", "--property", "ararat", "--format", "json")
    assert done.returncode == 0, done.stderr
    chain = json.loads(done.stdout)["properties"]["ararat"]["report"]
    assert comparable(chain) == comparable(prop.own_report())


def counted(conn: psycopg.Connection[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """The day and month summaries and the repeat links as head office holds them."""
    held = {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in summary.TABLES}
    held["links"] = conn.execute("SELECT incident_id, prev_at, prev_stay_at FROM incident "
                                 "ORDER BY incident_id").fetchall()
    return held


def assert_counted_as_rows(dsn: str) -> None:
    """The summaries kept batch by batch equal a count of the rows from scratch."""
    with psycopg.connect(dsn) as conn:
        held = counted(conn)
        with conn.cursor() as cur:
            summary.rebuild(cur, "ararat")
        recount = counted(conn)
        conn.rollback()
    assert held["day_incidents"] and held["day_money"] and held["day_minutes"]
    assert held["month_incidents"] and held["month_money"] and held["month_minutes"]
    assert any(prev is not None for _, prev, _ in held["links"])
    assert held == recount


def finish(prop: Property) -> None:
    done = prop.kiosk("sync")
    assert done.returncode == 0, done.stderr


@pytest.fixture
def prop(tmp_path: Path, chain_db: str) -> Property:
    return make_property(tmp_path, "ararat", chain_db, incidents=250)


def test_sync_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
        prop: Property, chain_db: str) -> None:
    total = len(prop.desk().store.audit_entries())
    for _ in range(2):
        proc = start_sync(prop)
        before = wait_for_progress(chain_db, proc, total)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        assert before <= acked(chain_db) < total
    finish(prop)
    assert_whole(prop, chain_db)


def test_summaries_equal_a_recount_after_a_killed_sync_and_changes(
        prop: Property, chain_db: str) -> None:
    total = len(prop.desk().store.audit_entries())
    proc = start_sync(prop)
    wait_for_progress(chain_db, proc, total)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    finish(prop)
    assert_counted_as_rows(chain_db)
    # Incidents sent again with other figures: moved, re-categorised, another guest's.
    store = prop.desk().store
    some = store.find_incidents(limit=6)
    other = some[0].guest.name

    def change(i: Incident) -> None:
        i.location, i.category = "terrace", some[1].category
        i.guest = replace(i.guest, name=other)

    for incident in some[2:]:
        store.update_incident(incident.id, change, actor="sv000", action="incident.edit")
    finish(prop)
    desk = prop.desk()
    entries = desk.store.audit_entries()
    with connect(chain_db, autocommit=True) as conn:  # and a duplicate push
        snapshots = _snapshots(desk.store, _touched(entries[-5:]), "ararat", desk.policy, False)
        assert _send_batch(conn, "ararat", entries[-5:], snapshots, False,
                           len(entries)) == (0, 0)
    assert_counted_as_rows(chain_db)
    assert_whole(prop, chain_db)


def test_server_stopped_and_restarted_mid_sync(prop: Property, chain_db: str,
                                               pg_cluster: Cluster) -> None:
    total = len(prop.desk().store.audit_entries())
    proc = start_sync(prop)
    try:
        wait_for_progress(chain_db, proc, total)
        pg_cluster.stop("immediate")
        _, err = proc.communicate(timeout=60)
    finally:
        if not pg_cluster.running():
            pg_cluster.start()
    assert proc.returncode == 1
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    finish(prop)
    assert_whole(prop, chain_db)


def test_server_refusing_connections_for_a_while(prop: Property, chain_db: str,
                                                 pg_cluster: Cluster) -> None:
    dbname = psycopg.conninfo.conninfo_to_dict(chain_db)["dbname"]
    assert isinstance(dbname, str)
    total = len(prop.desk().store.audit_entries())
    proc = start_sync(prop)
    try:
        wait_for_progress(chain_db, proc, total)
        pg_cluster.allow_connections(dbname, False)  # and ends the sync's session
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 1 and err.count("\n") == 1, err
        # The desk works on while the line is down; the sync says so in one line.
        store = prop.desk().store
        some = store.find_incidents(limit=1)[0]
        store.update_incident(some.id, lambda i: setattr(i, "location", "terrace"),
                              actor="sv000", action="incident.edit")
        refused = prop.kiosk("sync")
        assert refused.returncode == 1
        assert refused.stderr.startswith("error: head office is not reachable")
    finally:
        pg_cluster.allow_connections(dbname, True)
    finish(prop)
    assert_whole(prop, chain_db)


def test_same_store_synced_from_two_terminals_at_once(prop: Property, chain_db: str) -> None:
    procs = [start_sync(prop, batch=5, terminal=f"desk-{n}") for n in (1, 2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    sent = sum(int(out.split()[1]) for out, _ in outs)
    assert sent == len(prop.desk().store.audit_entries())
    assert_whole(prop, chain_db)


def test_a_duplicate_push_changes_nothing(prop: Property, chain_db: str) -> None:
    desk = prop.desk()
    entries = desk.store.audit_entries()
    first = sync(desk.store, desk.policy, chain_db, "ararat", batch=50)
    assert first.sent == len(entries)
    # The same batch again, as after an acknowledgement lost on the way back.
    with connect(chain_db, autocommit=True) as conn:
        snapshots = _snapshots(desk.store, _touched(entries[:50]), "ararat", desk.policy, False)
        assert _send_batch(conn, "ararat", entries[:50], snapshots, False,
                           len(entries)) == (0, 0)
    again = sync(desk.store, desk.policy, chain_db, "ararat")
    assert again.sent == 0
    assert_whole(prop, chain_db)
