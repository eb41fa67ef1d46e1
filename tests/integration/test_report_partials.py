"""A report merged from each day's kept partial report (and each past year's, combined
from its days) equals the one-pass report, on a seeded store with edits, reopenings,
one-way second-recovery links, open incidents and changes still in the log, for several
periods; a damaged cache is rebuilt."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from kiosk.core.models import Incident, NoteRecord, Status
from kiosk.core.policy_load import load_policy
from kiosk.core.policy_set import Policy
from kiosk.reports.compute import (
    build_report,
    build_report_by_day,
    combine_partials,
    day_partial,
    partial_stamp,
)
from kiosk.reports.render import render_json
from kiosk.store.api import StoreApi
from kiosk.store.digests import CACHE_DIR, DAYS_DIR, YEARS_DIR
from tests.bench.seed import seed_store
from tests.conftest import POLICIES

END = datetime(2026, 11, 20, 12, tzinfo=UTC)
NOW = END + timedelta(hours=5)
AGENT = ""  # a seeded agent's id, once seeded
PERIODS = [
    (None, None),
    (datetime(2026, 3, 1, 7, 30, tzinfo=UTC), None),
    (None, datetime(2026, 8, 15, 16, tzinfo=UTC)),
    (datetime(2026, 1, 10, tzinfo=UTC), datetime(2026, 1, 11, tzinfo=UTC)),  # one day
    (datetime(2025, 12, 30, 21, tzinfo=UTC), datetime(2026, 6, 2, 3, tzinfo=UTC)),
    (datetime(2030, 1, 1, tzinfo=UTC), None),  # nothing
]


def merged(store: StoreApi, policy: Policy, since: datetime | None,
           until: datetime | None) -> str:
    days = store.report_days(partial(day_partial, policy=policy), partial_stamp(policy),
                             since, until, partial(combine_partials, policy=policy))
    return render_json(build_report_by_day(days, policy, NOW, since, until))


def one_pass(store: StoreApi, policy: Policy, since: datetime | None,
             until: datetime | None) -> str:
    return render_json(build_report(store.history(since, until), policy, NOW, since, until))


def assert_equal_everywhere(store: StoreApi, policy: Policy) -> None:
    for since, until in PERIODS:
        expected = one_pass(store, policy, since, until)
        assert merged(store, policy, since, until) == expected, (since, until)
        assert merged(store, policy, since, until) == expected, (since, until)  # kept


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[StoreApi, Policy, Path]:
    policy = load_policy(POLICIES)
    root = tmp_path_factory.mktemp("partials") / "store"
    info = seed_store(root, 900, policy, random.Random(11), end=END, years=1.4)
    global AGENT
    AGENT = info.staff["agent"][0]
    return info.store, policy, root


def test_merged_report_equals_one_pass_after_edits(seeded: tuple[StoreApi, Policy, Path]
                                                   ) -> None:
    store, policy, root = seeded
    store.clock = lambda: NOW  # type: ignore[attr-defined]
    assert_equal_everywhere(store, policy)
    assert sorted(p.name for p in (root / DAYS_DIR).glob("*.bin")) == ["2025.bin",
                                                                       "2026.bin"]
    # Each year is taken whole by the report over all time (nothing in the log yet).
    assert sorted(p.name for p in (root / YEARS_DIR).glob("*.bin")) == ["2025.bin",
                                                                        "2026.bin"]
    year_file = root / YEARS_DIR / "2025.bin"
    kept = year_file.stat().st_mtime_ns
    merged(store, policy, None, None)
    assert year_file.stat().st_mtime_ns == kept  # read, not made again
    rng = random.Random(5)
    chosen = rng.sample(sorted(d.id for d in store.history()), 40)

    def reopen(incident: Incident) -> None:
        incident.notes.append(NoteRecord("reopen", AGENT, incident.reported_at, "again"))
        incident.status = Status.OPEN
        incident.resolved_at = None

    def one_way_second(first: str) -> object:
        def link(incident: Incident) -> None:
            incident.second_of = first
        return link

    def unsatisfied(incident: Incident) -> None:
        if incident.follow_up is not None:
            incident.follow_up = replace(incident.follow_up, score=3)

    for k, incident_id in enumerate(chosen[:10]):
        store.update_incident(incident_id, reopen, actor=AGENT, action="reopen")
        # Resolved incidents of other days named as the first of a second recovery:
        # they no longer count as put right at the first contact.
        store.update_incident(chosen[10 + k], one_way_second(chosen[20 + k]), actor=AGENT,
                              action="note")
    store.settle()  # the edits reach the day files: their partials are made again
    assert_equal_everywhere(store, policy)
    for incident_id in chosen[30:]:  # these stay in the log only
        store.update_incident(incident_id, unsatisfied, actor=AGENT, action="follow_up")
    assert_equal_everywhere(store, policy)


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", None])
def test_a_damaged_cache_is_made_again(seeded: tuple[StoreApi, Policy, Path],
                                       damage: bytes | None) -> None:
    store, policy, root = seeded
    store.clock = lambda: NOW  # type: ignore[attr-defined]
    expected = one_pass(store, policy, None, None)
    merged(store, policy, None, None)
    for folder in (DAYS_DIR, CACHE_DIR, YEARS_DIR):
        for path in (root / folder).glob("*.bin"):
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2] if damage is None else damage)
    assert merged(store, policy, None, None) == expected
    assert all(p.stat().st_mode & 0o077 == 0 for folder in (DAYS_DIR, YEARS_DIR)
               for p in (root / folder).glob("*.bin"))
    assert merged(store, policy, None, None) == expected


def test_past_years_are_read_as_one(tmp_path: Path) -> None:
    """Three past years taken whole read as one kept summary, made again when a day of
    theirs changes; the figures stay those of one pass."""
    policy = load_policy(POLICIES)
    root = tmp_path / "store"
    info = seed_store(root, 400, policy, random.Random(3), end=END, years=3.6)
    store = info.store
    store.clock = lambda: NOW  # type: ignore[attr-defined]
    periods = [(None, None), (None, datetime(2026, 5, 1, tzinfo=UTC)),
               (datetime(2023, 6, 1, tzinfo=UTC), None)]
    for since, until in periods:
        assert merged(store, policy, since, until) == one_pass(store, policy, since, until)
    past = root / YEARS_DIR / "past.bin"
    assert past.exists()
    kept = past.stat().st_mtime_ns
    assert merged(store, policy, None, None) == one_pass(store, policy, None, None)
    assert past.stat().st_mtime_ns == kept  # read, not made again
    agent = info.staff["agent"][0]

    def reopen(incident: Incident) -> None:
        incident.notes.append(NoteRecord("reopen", agent, incident.reported_at, "again"))
        incident.status = Status.OPEN
        incident.resolved_at = None

    older = next(d.id for d in store.history(until=datetime(2024, 7, 1, tzinfo=UTC)))
    store.update_incident(older, reopen, actor=agent, action="reopen")
    store.settle()  # a day of 2024 changed: the past years' summary is made again
    assert merged(store, policy, None, None) == one_pass(store, policy, None, None)
    assert past.stat().st_mtime_ns != kept
