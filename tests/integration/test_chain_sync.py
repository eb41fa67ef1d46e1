"""`kiosk sync` and `kiosk report --chain` as real processes against a real PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psycopg
import pytest

from tests.conftest import republish
from tests.integration.chain_setup import Property, comparable, make_property

pytestmark = pytest.mark.chain


def chain_report(prop: Property, *args: str) -> dict:
    done = prop.kiosk("report", "--chain", "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def counts(dsn: str, property_id: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table} WHERE property_id = %s",
                                    (property_id,)).fetchone()[0]
                for table in ("audit_entry", "incident", "decision", "letter", "staff")}


def test_sync_ships_the_record_and_head_office_figures_equal_the_property_report(
        tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=150)
    done = prop.kiosk("sync")
    assert done.returncode == 0, done.stderr
    store = prop.desk().store
    entries = store.audit_entries()
    incidents = list(store.iter_incidents())
    assert f"sent {len(entries)} audit entries" in done.stdout
    held = counts(chain_db, "ararat")
    assert held["audit_entry"] == len(entries)
    assert held["incident"] == len(incidents)
    assert held["decision"] == sum(len(i.compensation) for i in incidents)
    assert held["letter"] == sum(len(i.letters) for i in incidents)
    assert held["staff"] == len(store.list_staff())
    chain = chain_report(prop, "--property", "ararat")
    assert comparable(chain["properties"]["ararat"]["report"]) == comparable(prop.own_report())


def test_second_sync_sends_only_what_is_new_and_a_repeat_sends_nothing(
        tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=40)
    assert prop.kiosk("sync").returncode == 0
    store = prop.desk().store
    first = store.find_incidents(limit=1)[0]
    relocate(prop, first.id, "lobby bar")
    done = prop.kiosk("sync")
    assert "sent 1 audit entries (1 incident records)" in done.stdout, done.stdout
    again = prop.kiosk("sync")
    assert "sent 0 audit entries" in again.stdout
    with psycopg.connect(chain_db) as conn:
        location = conn.execute("SELECT location FROM incident WHERE incident_id = %s",
                                (first.id,)).fetchone()[0]
    assert location == "lobby bar"
    assert counts(chain_db, "ararat")["audit_entry"] == len(store.audit_entries())


def test_staff_go_without_pin_hashes_and_contacts_stay_home_by_default(
        tmp_path: Path, chain_db: str) -> None:
    home = make_property(tmp_path, "ararat", chain_db, incidents=30)
    shared = make_property(tmp_path, "sevan", chain_db, incidents=30, seed=8,
                           chain_extra="share_contacts = true\n")
    for prop in (home, shared):
        assert prop.kiosk("sync").returncode == 0
    with psycopg.connect(chain_db) as conn:
        dump = json.dumps(conn.execute("SELECT * FROM staff").fetchall(), default=str)
        kept = conn.execute("SELECT count(*) FROM incident WHERE property_id = 'ararat' "
                            "AND contact IS NOT NULL").fetchone()[0]
        sent = conn.execute("SELECT count(*) FROM incident WHERE property_id = 'sevan' "
                            "AND contact IS NOT NULL").fetchone()[0]
    assert "$seeded$" not in dump and "pin" not in dump.lower()
    with_contact = sum(1 for i in shared.desk().store.iter_incidents() if i.guest.contact)
    assert kept == 0
    assert sent == with_contact > 0


def relocate(prop: Property, incident_id: str, location: str) -> None:
    prop.desk().store.update_incident(
        incident_id, lambda i: setattr(i, "location", location), actor="sv000",
        action="incident.edit", detail={"location": location})


def synced_then_restored(prop: Property, tmp_path: Path) -> str:
    """Back up, edit one incident, sync, then put the old backup back in place: head
    office now holds an entry the property no longer has. Returns the incident's id."""
    backup = tmp_path / "backup"
    prop.desk().store.backup(backup)
    some = prop.desk().store.find_incidents(limit=1)[0].id
    relocate(prop, some, "spa")
    assert prop.kiosk("sync").returncode == 0
    shutil.rmtree(prop.store)
    shutil.copytree(backup, prop.store)
    return some


def test_a_store_restored_from_an_old_backup_is_refused_and_flagged(
        tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=20)
    some = synced_then_restored(prop, tmp_path)
    done = prop.kiosk("sync")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "rewind" in done.stderr, done.stderr
    # It stays refused, whatever the property writes next.
    relocate(prop, some, "pool")
    again = prop.kiosk("sync")
    assert again.returncode == 1 and "refuses property ararat" in again.stderr
    with psycopg.connect(chain_db) as conn:
        flags = conn.execute("SELECT kind FROM chain_flag WHERE property_id = 'ararat'"
                             ).fetchall()
        location = conn.execute("SELECT location FROM incident WHERE incident_id = %s",
                                (some,)).fetchone()[0]
    assert [k for (k,) in flags] == ["rewind"]
    assert location == "spa"  # nothing of the refused trail reached head office
    table = prop.kiosk("report", "--chain")
    assert "REFUSED" in table.stdout and "rewind" in table.stdout


def test_a_different_entry_where_head_office_holds_one_is_a_fork(
        tmp_path: Path, chain_db: str) -> None:
    prop = make_property(tmp_path, "ararat", chain_db, incidents=20)
    some = synced_then_restored(prop, tmp_path)
    relocate(prop, some, "pool")
    done = prop.kiosk("sync")
    assert done.returncode == 1 and "fork" in done.stderr, done.stderr
    with psycopg.connect(chain_db) as conn:
        assert conn.execute("SELECT kind FROM chain_flag").fetchall() == [("fork",)]


def test_without_a_chain_sync_says_so_in_one_line(tmp_path: Path) -> None:
    prop = make_property(tmp_path, "ararat", "host=127.0.0.1 port=1 dbname=x", incidents=0)
    prop.policies.joinpath("chain.dsn").unlink()
    text = prop.policies.joinpath("property.toml").read_text(encoding="utf-8")
    prop.policies.joinpath("property.toml").write_text(
        text.split("\n[chain]")[0] + "\n", encoding="utf-8")
    republish(prop.policies)
    prop.desk()
    done = prop.kiosk("sync")
    assert done.returncode == 1
    assert done.stderr.strip() == ("error: this property has no chain: add a [chain] section "
                                   "to property.toml or set KIOSK_CHAIN_DSN")


def test_a_dead_line_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    prop = make_property(tmp_path, "ararat", "host=127.0.0.1 port=1 dbname=x "
                         "password=hunter2", incidents=5)
    done = prop.kiosk("sync")
    assert done.returncode == 1
    assert done.stderr.startswith("error: head office is not reachable")
    assert done.stderr.count("\n") == 1 and "hunter2" not in done.stderr
    assert len(prop.desk().store.audit_entries()) > 5
