"""`kiosk report --chain` against a real PostgreSQL: a period, two properties, the
comparisons head office looks for, each format, and a line that is down or wrong."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from kiosk.chain.report import chain_report
from kiosk.core.models import Incident, Outcome
from kiosk.desk import guest_list
from kiosk.desk.reports import period, run_report
from kiosk.reports.render import to_json
from tests.conftest import republish
from tests.integration.chain_setup import SEED_END, Property, comparable, make_property
from tests.integration.test_report_return import HEADER

pytestmark = pytest.mark.chain

SINCE, UNTIL = "2025-12-01", "2026-04-30"


def leaky(prop: Property) -> str:
    """Let one agent give ten times as much on six decisions in the period (recorded
    through the store, as the desk records them); returns the agent's id."""
    desk = prop.desk()
    lo, hi = period(desk, date.fromisoformat(SINCE), date.fromisoformat(UNTIL))
    given = [i for i in desk.store.iter_incidents()
             if i.compensation and lo <= i.reported_at < hi][:6]
    assert len(given) == 6
    agent = given[0].compensation[0].decided_by

    def tenfold(i: Incident) -> None:
        for c in i.compensation:
            c.decided_by = agent
            c.total *= 10

    for incident in given:
        desk.store.update_incident(incident.id, tenfold, actor="sv000",
                                   action="incident.edit", detail={"note": "leak"})
    return agent


def expected_far_above(prop: Property) -> list[str]:
    """The rule, from the store: an agent's average decision at least twice the
    property's, over five or more decisions in the period."""
    totals: dict[str, list[Decimal]] = defaultdict(list)
    desk = prop.desk()
    lo, hi = period(desk, date.fromisoformat(SINCE), date.fromisoformat(UNTIL))
    for incident in desk.store.iter_incidents():
        if lo <= incident.reported_at < hi:
            for c in incident.compensation:
                totals[c.decided_by].append(c.total)
    every = [t for ts in totals.values() for t in ts]
    overall = sum(every, Decimal(0)) / len(every)
    return sorted(a for a, ts in totals.items()
                  if len(ts) >= 5 and sum(ts, Decimal(0)) / len(ts) >= 2 * overall)


def test_a_period_across_two_properties_in_every_format(tmp_path: Path, chain_db: str) -> None:
    ararat = make_property(tmp_path, "ararat", chain_db, incidents=160)
    sevan = make_property(tmp_path, "sevan", chain_db, incidents=90, seed=8, name="Sevan Inn")
    agent = leaky(ararat)
    for prop in (ararat, sevan):
        assert prop.kiosk("sync").returncode == 0
    done = ararat.kiosk("report", "--chain", "--since", SINCE, "--until", UNTIL,
                        "--format", "json")
    assert done.returncode == 0, done.stderr
    chain = json.loads(done.stdout)
    assert (chain["since"], chain["until"]) == (SINCE, UNTIL)
    for prop in (ararat, sevan):
        own = prop.kiosk("report", "--since", SINCE, "--until", UNTIL, "--format", "json")
        assert own.returncode == 0, own.stderr
        figures = chain["properties"][prop.id]
        assert comparable(figures["report"]) == comparable(json.loads(own.stdout))
        report, comparison = figures["report"], figures["comparison"]
        satisfied, follow_ups = report["satisfied"], report["follow_ups"]
        assert comparison["incidents"] == report["incidents"] > 0
        assert satisfied > 0
        total = Decimal(report["compensation_total"])
        assert Decimal(comparison["cost_per_recovered_guest"]) == \
            (total / satisfied).quantize(Decimal("0.01"))
        assert comparison["recovery_rate"] == round(satisfied / follow_ups, 4)
        breached = sum(b["breached"] for b in report["sla_breach"].values())
        assert comparison["sla_breached"] == breached
        assert comparison["sla_breach_rate"] == round(breached / report["incidents"], 4)
    both = [chain["properties"][p]["report"]["incidents"] for p in ("ararat", "sevan")]
    assert chain["chain"]["incidents"] == sum(both)
    far = [(a["property"], a["agent"]) for a in chain["agents_far_above"]]
    assert ("ararat", agent) in far
    assert sorted(a for p, a in far if p == "ararat") == expected_far_above(ararat)

    only = ararat.kiosk("report", "--chain", "--property", "sevan", "--format", "json")
    assert list(json.loads(only.stdout)["properties"]) == ["sevan"]

    table = ararat.kiosk("report", "--chain", "--since", SINCE, "--until", UNTIL)
    assert table.returncode == 0, table.stderr
    assert f"Chain report, {SINCE} to {UNTIL}: 2 properties, {sum(both)} incidents" \
        in table.stdout
    assert "Sevan Inn" in table.stdout and agent in table.stdout

    sheet = ararat.kiosk("report", "--chain", "--since", SINCE, "--until", UNTIL,
                         "--format", "csv")
    assert sheet.returncode == 0, sheet.stderr
    rows = list(csv.reader(io.StringIO(sheet.stdout.lstrip("\ufeff"))))
    assert rows[0] == ["property", "section", "key", "detail", "value"]
    assert ["*", "chain", "incidents", "", str(sum(both))] in rows
    assert any(r[:3] == ["ararat", "agents_far_above", agent] for r in rows)


# Whole months and days at either end (the property's own, in Yerevan), within one
# month, one day, open at either end.
PERIODS = [("2025-12-10", "2026-04-20"), ("2026-02-03", "2026-02-17"),
           ("2026-03-01", None), (None, "2026-03-31"), (None, "2026-01-15"),
           ("2025-07-31", "2026-05-01"), ("2026-01-31", "2026-01-31"), (None, None)]


def test_any_period_from_months_and_days_equals_the_property_report(
        tmp_path: Path, chain_db: str) -> None:
    ararat = make_property(tmp_path, "ararat", chain_db, incidents=200)
    assert ararat.kiosk("sync").returncode == 0
    desk = ararat.desk()
    for since, until in PERIODS:
        first = date.fromisoformat(since) if since else None
        last = date.fromisoformat(until) if until else None
        own = to_json(run_report(desk, *period(desk, first, last)))
        chain = chain_report(chain_db, SEED_END, first, last, ["ararat"])
        figures = to_json(chain.properties[0].report)
        assert comparable(figures) == comparable(own), (since, until)
        assert own["incidents"] > 0 or (since, until) == ("2026-01-31", "2026-01-31")


@pytest.mark.parametrize("dsn, expected", [
    ("host=127.0.0.1 port=1 dbname=x password=hunter2", "error: head office is not reachable"),
    ("host=127.0.0.1 port=notaport = password=hunter2",
     "error: the chain's connection string is not valid"),
])
def test_a_line_that_is_down_or_wrong_is_one_line(tmp_path: Path, dsn: str,
                                                  expected: str) -> None:
    prop = make_property(tmp_path, "ararat", dsn, incidents=2)
    for args in (("report", "--chain"), ("sync",), ("policy", "pull")):
        done = prop.kiosk(*args)
        assert done.returncode == 1, (args, done.stdout)
        assert done.stderr.startswith(expected), (args, done.stderr)
        assert done.stderr.count("\n") == 1 and "hunter2" not in done.stderr, done.stderr
    env_dsn = prop.kiosk("report", "--chain", KIOSK_CHAIN_DSN="host=127.0.0.1 port=2 dbname=y")
    assert "port 2" in env_dsn.stderr, env_dsn.stderr  # the variable wins over the file


def later_stays(prop: Property) -> int:
    """Some followed-up guests stay again: three by name, one under another spelling
    found by loyalty id; and one stay before the incident's, which never counts."""
    desk = prop.desk()
    followed = [i for i in desk.store.iter_incidents()
                if i.follow_up and i.follow_up.outcome in (Outcome.SATISFIED,
                                                           Outcome.NOT_SATISFIED)]
    loyal = next(i for i in followed if i.guest.loyalty_id)
    after = max(i.guest.departure for i in followed)  # after any follow-up's stay
    rows = [(i.guest.name, "", after + timedelta(days=30 + n))
            for n, i in enumerate(followed[:3]) if i is not loyal]
    rows.append((f"X. {loyal.guest.name}", loyal.guest.loyalty_id,
                 after + timedelta(days=200)))
    early = followed[-1]
    rows.append((early.guest.name, "", early.guest.arrival - timedelta(days=400)))
    text = HEADER + "".join(
        f"{name},,en,{100 + n},{arrival},{arrival + timedelta(days=2)},,,{loyalty},,no\n"
        for n, (name, loyalty, arrival) in enumerate(rows))
    result = guest_list.parse_csv(desk.policy, text.encode(), date(2000, 1, 1))
    assert len(result.taken) == len(rows), result
    guest_list.replace_list(desk, result, "sv000", "inhouse.csv")
    return len(rows)


def stays_held(dsn: str, property_id: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*) FROM stay WHERE property_id = %s",
                           (property_id,)).fetchone()
    assert row is not None
    return int(row[0])


def test_return_after_recovery_at_head_office_from_the_stays_history(
        tmp_path: Path, chain_db: str) -> None:
    ararat = make_property(tmp_path, "ararat", chain_db, incidents=120)
    assert ararat.kiosk("sync").returncode == 0
    chain = json.loads(ararat.kiosk("report", "--chain", "--format", "json").stdout)
    assert chain["properties"]["ararat"]["report"]["return_after_recovery"] is None

    stays = later_stays(ararat)
    for _ in range(2):  # the second sends the history no second time
        done = ararat.kiosk("sync")
        assert done.returncode == 0, done.stderr
        assert stays_held(chain_db, "ararat") == stays
    own = ararat.own_report()
    back = own["return_after_recovery"]
    assert back is not None and back["recovered"]["count"] + back["not_recovered"]["count"] \
        >= 2, back
    done = ararat.kiosk("report", "--chain", "--format", "json")
    figures = json.loads(done.stdout)["properties"]["ararat"]["report"]
    assert figures["return_after_recovery"] == back
    assert comparable(figures) == comparable(own)

    # A property whose policy keeps the history home takes it back from head office.
    prop = ararat.policies / "property.toml"
    prop.write_text(prop.read_text(encoding="utf-8") + "share_stays = false\n",
                    encoding="utf-8")
    republish(ararat.policies)
    assert ararat.kiosk("sync").returncode == 0
    assert stays_held(chain_db, "ararat") == 0
    done = ararat.kiosk("report", "--chain", "--format", "json")
    assert json.loads(done.stdout)["properties"]["ararat"]["report"][
        "return_after_recovery"] is None
