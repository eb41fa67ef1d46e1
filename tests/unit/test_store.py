"""The store's records and indexes, on real files in a temporary folder."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.core.clock import FixedClock
from kiosk.core.errors import StoreError
from kiosk.core.models import (
    CompensationDecision,
    CompensationLine,
    Draft,
    FollowUp,
    Incident,
    Staff,
    Status,
    StepRecord,
)
from kiosk.store import TinyStore, open_store
from kiosk.store.layout import id_partition, new_incident_id
from kiosk.store.tinystore import REF_ALPHABET
from tests.bench.seed import sample_incident

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock) -> TinyStore:
    opened = open_store(tmp_path / "store", clock=clock, terminal="desk-1")
    assert isinstance(opened, TinyStore)
    for staff_id, role in (("ag1", "agent"), ("ag2", "agent"), ("sv1", "supervisor")):
        opened.add_staff(Staff(id=staff_id, name=staff_id, role=role, pin_hash="h"), "setup")
    return opened


def add(store: TinyStore, name: str = "Անի Պետրոսյան", room: str = "412",
        at: datetime = NOW, agent: str = "ag1") -> Incident:
    incident_id, ref = store.new_incident_id()
    incident = sample_incident(incident_id, ref, agent, at, name=name, room=room)
    store.add_incident(incident, actor=agent)
    return incident


def give(amount: str, by: str, at: datetime):
    def mutate(incident: Incident) -> None:
        incident.compensation.append(CompensationDecision(
            lines=[CompensationLine("folio_credit", 1, Decimal(amount))], total=Decimal(amount),
            currency="AMD", verdict="allowed", reasons=[], policy_hash="p", decided_by=by,
            decided_role="agent", decided_at=at))
    return mutate


# --- the folder ------------------------------------------------------------------------
def test_a_missing_folder_becomes_a_store(tmp_path: Path) -> None:
    root = tmp_path / "a" / "b" / "store"
    open_store(root)
    assert (root / "kiosk-store.json").is_file()
    assert open_store(root).verify() == []


def test_a_folder_with_other_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match=r"not a kiosk store .*notes\.txt"):
        open_store(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_store_under_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="store folder"):
        open_store(tmp_path / "file" / "store")


def test_an_unknown_format_version_is_refused(tmp_path: Path) -> None:
    open_store(tmp_path / "s")
    (tmp_path / "s" / "kiosk-store.json").write_text('{"format": "kiosk-store", "version": 99}')
    with pytest.raises(StoreError, match="format version 99"):
        open_store(tmp_path / "s")


# --- incidents, ids and refs -----------------------------------------------------------
def test_incident_round_trip_by_id_and_typed_ref(store: TinyStore) -> None:
    incident = add(store)
    assert store.get_incident(incident.id) == incident
    typed = incident.ref.lower().replace("0", "o").replace("1", "l")
    assert store.get_incident(typed).id == incident.id
    with pytest.raises(StoreError, match="no incident"):
        store.get_incident("ZZZZZZ")


def test_several_incidents_in_one_read_leave_the_unknown_out(store: TinyStore) -> None:
    first = add(store, at=NOW - timedelta(days=3))
    second = add(store, name="Baraka Mwangi", room="101")
    gone = new_incident_id(NOW)
    assert store.get_incidents([second.id, gone, first.id]) == [second, first]
    assert store.get_incidents([]) == []


def test_ids_and_refs_never_repeat(store: TinyStore) -> None:
    pairs = [store.new_incident_id() for _ in range(300)]
    assert len({i for i, _ in pairs}) == 300
    assert len({r for _, r in pairs}) == 300
    assert all(len(i) == 26 and len(r) == 6 for i, r in pairs)


def test_a_taken_ref_is_replaced_and_a_taken_id_refused(store: TinyStore) -> None:
    first = add(store)
    incident_id, _ = store.new_incident_id()
    twin = sample_incident(incident_id, first.ref, "ag1", NOW)
    store.add_incident(twin, actor="ag1")
    assert twin.ref != first.ref
    assert store.get_incident(twin.ref).id == incident_id
    with pytest.raises(StoreError, match="already exists"):
        store.add_incident(sample_incident(first.id, "QQQQQQ", "ag1", NOW), actor="ag1")


def test_an_incident_whose_id_reads_as_another_s_reference_is_saved(store: TinyStore
                                                                    ) -> None:
    """Only an incident with the same id is a twin; one whose (imported) reference
    happens to read as the new id is not."""
    odd_ref, _ = store.new_incident_id()
    first = sample_incident(store.new_incident_id()[0], odd_ref, "ag1", NOW)
    store.add_incident(first, actor="ag1")
    second = sample_incident(odd_ref, "QQQQQQ", "ag1", NOW)
    store.add_incident(second, actor="ag1")
    assert store.get_incident("QQQQQQ").id == odd_ref
    assert store.get_incident(first.id).ref == odd_ref
    assert store.verify() == []


def test_a_taken_id_is_refused_when_its_incident_is_filed_under_another_day(
        store: TinyStore) -> None:
    incident_id = new_incident_id(NOW - timedelta(days=3))
    store.add_incident(sample_incident(incident_id, "RRRRRR", "ag1", NOW), actor="ag1")
    assert id_partition(incident_id) != id_partition(new_incident_id(NOW))
    with pytest.raises(StoreError, match="already exists"):
        store.add_incident(sample_incident(incident_id, "SSSSSS", "ag1", NOW), actor="ag1")


def test_an_incident_naming_unknown_staff_is_not_saved(store: TinyStore) -> None:
    incident_id, ref = store.new_incident_id()
    with pytest.raises(StoreError, match="unknown staff: ghost"):
        store.add_incident(sample_incident(incident_id, ref, "ghost", NOW), actor="ghost")
    assert store.find_incidents() == []


def test_update_writes_incident_and_audit_together(store: TinyStore, clock: FixedClock) -> None:
    incident = add(store)
    clock.advance(minutes=3)
    updated = store.update_incident(
        incident.id, lambda i: i.steps.append(StepRecord("listen", "ag2", clock())),
        actor="ag2", action="incident.step", detail={"step": "listen"})
    assert store.get_incident(incident.id).steps == updated.steps
    assert updated.updated_at == clock()
    last = store.audit_entries()[-1]
    assert (last["actor"], last["action"], last["subject"], last["terminal"], last["detail"]) \
        == ("ag2", "incident.step", incident.id, "desk-1", {"step": "listen"})


def test_a_mutation_that_raises_changes_nothing(store: TinyStore) -> None:
    incident = add(store)
    entries = len(store.audit_entries())

    def half_done(i: Incident) -> None:
        i.steps.append(StepRecord("listen", "ag1", NOW))
        raise ValueError("agent cancelled")

    with pytest.raises(ValueError):
        store.update_incident(incident.id, half_done, actor="ag1", action="incident.step")
    assert store.get_incident(incident.id).steps == []
    assert len(store.audit_entries()) == entries
    assert store.verify() == []


def test_the_id_of_an_incident_cannot_change(store: TinyStore) -> None:
    incident = add(store)
    with pytest.raises(StoreError, match="cannot change"):
        store.update_incident(incident.id, lambda i: setattr(i, "ref", "AAAAAA"), "ag1", "x")


# --- indexes ---------------------------------------------------------------------------
def test_guest_look_up_ignores_case_and_spacing(store: TinyStore, clock: FixedClock) -> None:
    first = add(store, name="John Smith", at=NOW - timedelta(days=400))
    second = add(store, name="JOHN  SMITH", at=NOW - timedelta(days=2))
    add(store, name="John Smithson")
    found = store.guest_incidents(" john smith ")
    assert [i.id for i in found] == [second.id, first.id]  # newest first
    assert [i.id for i in store.find_incidents(guest="john smith")] == [second.id, first.id]
    assert store.guest_incidents("Nobody") == []


def test_open_list_follows_status(store: TinyStore) -> None:
    a, b = add(store), add(store, name="Grace Wanjiru", at=NOW - timedelta(hours=1))
    assert [i.id for i in store.open_incidents()] == [b.id, a.id]  # oldest first
    store.update_incident(a.id, lambda i: setattr(i, "status", Status.RESOLVED), "ag1", "r")
    assert [i.id for i in store.open_incidents()] == [b.id]
    assert [i.id for i in store.find_incidents(status=Status.RESOLVED)] == [a.id]
    store.update_incident(a.id, lambda i: setattr(i, "status", Status.CLOSED), "ag1", "c")
    assert [i.id for i in store.find_incidents(status=Status.CLOSED)] == [a.id]
    assert store.find_incidents(status=Status.RESOLVED) == []


def test_find_by_room_and_limit(store: TinyStore) -> None:
    made = [add(store, room="305", at=NOW - timedelta(days=k)) for k in range(5)]
    add(store, room="306")
    assert [i.id for i in store.find_incidents(room="305")] == [m.id for m in made]
    assert [i.id for i in store.find_incidents(room="305", limit=2)] == [m.id for m in made[:2]]
    assert len(store.find_incidents(limit=3)) == 3
    assert store.find_incidents(room="305", guest="Nobody") == []


def test_stay_totals(store: TinyStore) -> None:
    a = add(store)
    b = add(store)
    store.update_incident(a.id, give("6000", "ag1", NOW), "ag1", "give")
    store.update_incident(b.id, give("4000", "ag1", NOW), "ag1", "give")
    key = a.guest.stay_key
    assert store.stay_total(key) == Decimal(10000)
    assert store.stay_total(key, exclude_incident=a.id) == Decimal(4000)

    def moved(i: Incident) -> None:
        i.guest.room = "999"

    store.update_incident(b.id, moved, "ag1", "room change")
    assert store.stay_total(key) == Decimal(6000)
    assert store.stay_total(store.get_incident(b.id).guest.stay_key) == Decimal(4000)
    assert store.verify() == []


def test_shift_totals_recent_and_old(store: TinyStore, clock: FixedClock) -> None:
    a, b = add(store), add(store)
    store.update_incident(a.id, give("6000", "ag1", NOW - timedelta(hours=2)), "ag1", "give")
    store.update_incident(b.id, give("3000", "ag1", NOW - timedelta(hours=9)), "ag1", "give")
    store.update_incident(b.id, give("1000", "ag2", NOW), "ag2", "give")
    assert store.shift_total("ag1", NOW - timedelta(hours=8)) == Decimal(6000)
    assert store.shift_total("ag1", NOW - timedelta(hours=10)) == Decimal(9000)
    assert store.shift_total("ag2", NOW - timedelta(hours=8)) == Decimal(1000)
    # A month later the index has let these go; the answer must not change.
    clock.advance(days=30)
    store.update_incident(a.id, lambda i: None, "ag1", "touch")
    assert store.shift_total("ag1", NOW - timedelta(hours=10)) == Decimal(9000)
    assert store.shift_total("ag1", clock() - timedelta(hours=8)) == Decimal(0)
    assert store.verify() == []


def test_follow_ups_due(store: TinyStore) -> None:
    a, b = add(store), add(store)
    for incident, hours in ((a, 1), (b, 30)):
        def book(i: Incident, hours: int = hours) -> None:
            i.status = Status.RESOLVED
            i.follow_up = FollowUp(due=NOW + timedelta(hours=hours))
        store.update_incident(incident.id, book, "ag1", "resolve")
    assert store.follow_ups_due(NOW) == []
    assert [i.id for i in store.follow_ups_due(NOW + timedelta(hours=2))] == [a.id]
    assert {i.id for i in store.follow_ups_due(NOW + timedelta(days=2))} == {a.id, b.id}

    def done(i: Incident) -> None:
        assert i.follow_up is not None
        i.follow_up.done_at = NOW

    store.update_incident(a.id, done, "ag1", "follow-up")
    assert [i.id for i in store.follow_ups_due(NOW + timedelta(days=2))] == [b.id]


def test_iter_incidents_by_report_time(store: TinyStore) -> None:
    made = [add(store, at=NOW - timedelta(days=k, hours=k)) for k in range(6)]
    got = list(store.iter_incidents(since=NOW - timedelta(days=3, hours=3),
                                    until=NOW - timedelta(hours=1)))
    assert [i.id for i in got] == [m.id for m in reversed(made[1:4])]
    assert len(list(store.iter_incidents())) == 6


# --- staff, drafts, queues -------------------------------------------------------------
def test_staff(store: TinyStore) -> None:
    assert [s.id for s in store.list_staff()] == ["ag1", "ag2", "sv1"]
    with pytest.raises(StoreError, match="already in use"):
        store.add_staff(Staff(id="ag1", name="x", role="agent", pin_hash="h"), "setup")
    store.update_staff("ag1", lambda s: setattr(s, "failed_attempts", 3), "ag1", "pin.wrong")
    assert store.get_staff("ag1").failed_attempts == 3
    with pytest.raises(StoreError, match="no staff member"):
        store.get_staff("nobody")
    assert store.audit_entries()[-1]["action"] == "pin.wrong"


def test_drafts(store: TinyStore) -> None:
    draft = Draft(id="d1", staff_id="ag1", terminal="desk-1", saved_at=NOW,
                  data={"guest": {"name": "Անի"}, "account": "half typed"})
    store.save_draft(draft)
    store.save_draft(Draft(id="d2", staff_id="ag2", terminal="desk-1", saved_at=NOW, data={}))
    mine = store.drafts_for("ag1")
    assert mine == [draft]
    mine[0].data["guest"]["name"] = "changed by the caller"
    assert store.drafts_for("ag1")[0].data["guest"]["name"] == "Անի"
    draft.data["account"] = "more typed"
    store.save_draft(draft)
    assert store.drafts_for("ag1")[0].data["account"] == "more typed"
    store.delete_draft("d1")
    store.delete_draft("d1")  # already gone: nothing to do
    assert store.drafts_for("ag1") == []
    assert [d.id for d in store.drafts_for("ag2")] == ["d2"]


def test_queues(store: TinyStore) -> None:
    store.queue_put("prints", "inc1-v1", {"printer": "frontdesk", "tries": 1})
    store.queue_put("prints", "inc2-v1", {"printer": "frontdesk", "tries": 0})
    store.queue_put("prints", "inc1-v1", {"printer": "frontdesk", "tries": 2})
    assert store.queue_items("prints") == {
        "inc1-v1": {"printer": "frontdesk", "tries": 2},
        "inc2-v1": {"printer": "frontdesk", "tries": 0}}
    store.queue_remove("prints", "inc1-v1")
    store.queue_remove("prints", "absent")
    assert list(store.queue_items("prints")) == ["inc2-v1"]
    assert store.queue_items("other") == {}


# --- several store objects, backup ------------------------------------------------------
def test_two_store_objects_see_each_others_writes(tmp_path: Path, clock: FixedClock) -> None:
    one = open_store(tmp_path / "s", clock=clock, terminal="desk-1")
    two = open_store(tmp_path / "s", clock=clock, terminal="desk-2")
    one.add_staff(Staff(id="ag1", name="a", role="agent", pin_hash="h"), "setup")
    assert [s.id for s in two.list_staff()] == ["ag1"]
    incident = add(one)  # type: ignore[arg-type]
    assert [i.id for i in two.open_incidents()] == [incident.id]
    assert two.guest_incidents(incident.guest.name)[0].id == incident.id
    two.update_incident(incident.id, lambda i: i.steps.append(StepRecord("listen", "ag1", NOW)),
                        "ag1", "step")
    assert len(one.get_incident(incident.id).steps) == 1
    one.update_incident(incident.id, lambda i: i.steps.append(StepRecord("empathize", "ag1",
                                                                          NOW)), "ag1", "step")
    assert [s.step_id for s in two.get_incident(incident.id).steps] == ["listen", "empathize"]
    assert [e["terminal"] for e in two.audit_entries()][-2:] == ["desk-2", "desk-1"]
    assert one.verify() == [] and two.verify() == []


def test_backup_is_a_working_copy(store: TinyStore, tmp_path: Path) -> None:
    incident = add(store)
    dest = tmp_path / "backup"
    store.backup(dest)
    assert not (dest / ".snapshots").exists() and not (dest / "wal.log").exists()
    copy = open_store(dest)
    assert copy.verify() == []
    assert copy.get_incident(incident.ref) == incident
    assert len(copy.audit_entries()) == len(store.audit_entries())
    with pytest.raises(StoreError, match="not empty"):
        store.backup(dest)
    with pytest.raises(StoreError, match="inside the store"):
        store.backup(store.root / "letters" / "b")
    # Verify and backup read a hard-linked snapshot, and leave none behind.
    assert list((store.root / ".snapshots").iterdir()) == []


def test_a_snapshot_keeps_its_version_while_the_store_moves_on(store: TinyStore) -> None:
    incident = add(store)
    with store._snapshot(settle=True) as (frozen, _):
        store.update_incident(incident.id, lambda i: setattr(i, "location", "Lobby"), "ag1",
                              "edit")
        store.settle()  # the live day file is replaced now
        part = next(frozen.glob("incidents/*/*.json"))
        assert '"location":"Lobby"' not in part.read_text()
    assert store.get_incident(incident.id).location == "Lobby"


def test_stay_total_with_a_bar_in_the_name(store: TinyStore) -> None:
    odd = add(store, name="Ani | Petrosyan")
    store.update_incident(odd.id, give("5000", "ag1", NOW), "ag1", "give")
    assert store.stay_total(odd.guest.stay_key) == Decimal(5000)
    assert store.stay_total("ani | petrosyan|412|1999-01-01") == Decimal(0)


# --- desk records ----------------------------------------------------------------------
def test_records_change_whole_with_one_audit_entry(store: TinyStore) -> None:
    def fill(docs: dict[str, dict[str, object]]) -> int:
        docs.update({"412": {"name": "Ani"}, "12b": {"name": "Juma"}})
        return len(docs)

    assert store.change_records("in_house", fill, "sv1", "guests.import", "in_house",
                                {"taken": 2}) == 2
    assert store.records("in_house") == {"412": {"name": "Ani"}, "12b": {"name": "Juma"}}

    def fail_halfway(docs: dict[str, dict[str, object]]) -> None:
        docs.clear()
        raise ValueError("refused")

    with pytest.raises(ValueError):
        store.change_records("in_house", fail_halfway, "sv1", "guests.import", "in_house")
    assert set(store.records("in_house")) == {"412", "12b"}
    entries = [e for e in store.audit_entries() if e["action"] == "guests.import"]
    assert [(e["actor"], e["detail"]) for e in entries] == [("sv1", {"taken": 2})]
    assert store.verify() == []
    with pytest.raises(StoreError, match="not a kind of record"):
        store.records("../staff")


def test_an_incident_id_points_to_its_day_and_a_stranger_to_none() -> None:
    late = datetime(2026, 3, 4, 23, 59, 30, tzinfo=UTC)
    ids = [new_incident_id(late - timedelta(minutes=m)) for m in (2, 1, 0)]
    assert ids == sorted(ids) and len(set(ids)) == 3 and all(len(i) == 26 for i in ids)
    assert {id_partition(i) for i in ids} == {"incidents/2026/2026-03-04.json"}
    assert id_partition(ids[0].lower()) == "incidents/2026/2026-03-04.json"
    for stranger in ("", "A7", "8" * 26, "7" + "Z" * 25, ids[0][:25] + "U", "01KJX-ABC"):
        assert id_partition(stranger) is None, stranger


def test_references_use_every_letter_of_their_alphabet_alike(tmp_path: Path) -> None:
    """A desk reference is six letters of Crockford's base32, each drawn alike: over
    6,000 references every letter shows up about as often as any other."""
    store = TinyStore(tmp_path / "store", terminal="t")
    letters = Counter("".join(store.new_incident_id()[1] for _ in range(1000)))
    assert set(letters) == set(REF_ALPHABET) and len(REF_ALPHABET) == 32
    assert max(letters.values()) < 2 * min(letters.values())
