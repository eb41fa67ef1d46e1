"""Nobody acts as someone else, as real commands: the JSON intake never takes its
actor from the document, letters need their issuer's PIN, and a property-management
system feeds incidents as an integration under its own name and role."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.store import open_store
from tests.integration.test_cli_staff import add, kiosk, one_clean_line

BOSS_PIN, AGENT_PIN, GM_PIN = "2468", "1357", "5173"
# Beyond an agent, within a general manager: 925,000 AMD, as in the finding.
BIG = [{"item": "room_night_credit", "qty": 5, "remark": "Five nights"},
       {"item": "folio_credit", "qty": 50}, {"item": "spa_voucher", "qty": 5}]


def document(agent: str | None, name: str = "Cap Guest", **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "guest": {"name": name, "language": "en", "room": "500",
                  "arrival": "2026-11-20", "departure": "2026-11-25"},
        "category": "billing", "severity": "high", "account": "Charged twice"}
    if agent is not None:
        doc["agent"] = agent
    return doc | extra


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    store = tmp_path_factory.mktemp("trust") / "store"
    gm = add(store, "Helen Carter", "general_manager", GM_PIN).stdout.split()[-1]
    ids = {"gm": gm}
    for key, name, role, pin in (("boss", "Grace Njeri", "supervisor", BOSS_PIN),
                                 ("agent", "Ani Sargsyan", "agent", AGENT_PIN)):
        proc = add(store, name, role, pin, by=gm, by_pin=GM_PIN)
        assert proc.returncode == 0, proc.stderr
        ids[key] = proc.stdout.split()[-1]
    return store, ids


def intake(store: Path, doc: dict[str, Any], env: dict[str, str] | None = None,
           *extra: str) -> Any:
    return kiosk(store, "incident", "add", "--json", "-", *extra,
                 stdin=json.dumps(doc), env=env)


def _incidents(store: Path) -> list[Any]:
    return list(open_store(store).iter_incidents())


def test_naming_the_general_manager_needs_their_pin(team: tuple[Path, dict[str, str]]) -> None:
    store, ids = team
    before = len(_incidents(store))
    for env in (None, {"KIOSK_ACTOR_PIN": AGENT_PIN}, {"KIOSK_ACTOR_PIN": "0000"}):
        line = one_clean_line(intake(store, document(ids["gm"], compensation=BIG), env))
        assert "PIN" in line
    assert len(_incidents(store)) == before
    one_clean_line(intake(store, document(None, compensation=BIG),
                          {"KIOSK_ACTOR_PIN": GM_PIN}))  # no agent, no integration
    done = intake(store, document(ids["gm"], compensation=BIG), {"KIOSK_ACTOR_PIN": GM_PIN})
    assert done.returncode == 0, done.stderr


def test_a_letter_is_issued_by_someone_who_proves_it(team: tuple[Path, dict[str, str]]
                                                     ) -> None:
    store, ids = team
    done = intake(store, document(ids["agent"]), {"KIOSK_ACTOR_PIN": AGENT_PIN})
    assert done.returncode == 0, done.stderr
    ref = done.stdout.split()[1]
    for env in (None, {"KIOSK_ACTOR_PIN": AGENT_PIN}):  # the boss's id, the agent's PIN
        assert "PIN" in one_clean_line(kiosk(store, "letter", "issue", ref, "--by",
                                             ids["boss"], env=env))
    assert "PIN" in one_clean_line(kiosk(store, "letter", "issue", ref))  # the agent's
    issued = kiosk(store, "letter", "issue", ref, "--by", ids["boss"],
                   env={"KIOSK_ACTOR_PIN": BOSS_PIN})
    assert issued.returncode == 0, issued.stderr
    (incident,) = [i for i in _incidents(store) if i.ref == ref]
    assert [letter.created_by for letter in incident.letters] == [ids["boss"]]


def test_a_pms_feeds_incidents_as_an_integration(team: tuple[Path, dict[str, str]],
                                                 tmp_path: Path) -> None:
    store, ids = team
    refused = kiosk(store, "integration", "add", "pms-feed", "--role", "agent")
    assert "--by" in one_clean_line(refused)
    made = kiosk(store, "integration", "add", "pms-feed", "--role", "agent",
                 "--by", ids["boss"], env={"KIOSK_ACTOR_PIN": BOSS_PIN})
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip().splitlines()[-1]
    assert len(secret) >= 40
    assert not any(secret.encode() in f.read_bytes() for f in store.rglob("*") if f.is_file())
    assert not any(secret in json.dumps(e) for e in open_store(store).audit_entries())
    listed = kiosk(store, "integration", "list", "--json")
    assert json.loads(listed.stdout) == [
        {"name": "pms-feed", "role": "agent", "active": True,
         "created_at": json.loads(listed.stdout)[0]["created_at"]}]
    feed = {"KIOSK_INTEGRATION": "pms-feed", "KIOSK_INTEGRATION_SECRET": secret}
    done = intake(store, document(None, "Feed Guest", compensation=[{"item": "folio_credit"}]),
                  feed)
    assert done.returncode == 0, done.stderr
    incident_id = done.stdout.strip().splitlines()[-1]
    entry = next(e for e in open_store(store).audit_entries()
                 if e["subject"] == incident_id and e["action"] == "incident.add")
    assert entry["actor"] == "pms-feed"
    # Held to its role's limits, and never someone else.
    assert "Needs approval" in one_clean_line(intake(store, document(None, compensation=BIG),
                                                     feed))
    assert "own name" in one_clean_line(intake(store, document(ids["gm"]), feed))
    # The secret from a file, and a wrong secret.
    secret_file = tmp_path / "secret"
    secret_file.write_text(secret + "\n")
    by_file = intake(store, document(None), {"KIOSK_INTEGRATION": "pms-feed"},
                     "--secret-file", str(secret_file))
    assert by_file.returncode == 0, by_file.stderr
    wrong = {**feed, "KIOSK_INTEGRATION_SECRET": secret[:-2] + "xx"}
    assert "secret" in one_clean_line(intake(store, document(None), wrong))
    # The feed cannot sign in as a person.
    assert kiosk(store, "staff", "list", "--json").stdout.count("pms-feed") == 0
    off = kiosk(store, "integration", "disable", "pms-feed", "--by", ids["boss"],
                env={"KIOSK_ACTOR_PIN": BOSS_PIN})
    assert off.returncode == 0, off.stderr
    assert "disabled" in one_clean_line(intake(store, document(None), feed))


def test_staff_enable_brings_someone_back(team: tuple[Path, dict[str, str]]) -> None:
    store, ids = team
    boss_env = {"KIOSK_ACTOR_PIN": BOSS_PIN}
    assert "yourself" in one_clean_line(kiosk(store, "staff", "disable", ids["boss"],
                                              "--by", ids["boss"], env=boss_env))
    off = kiosk(store, "staff", "disable", ids["agent"], "--by", ids["boss"], env=boss_env)
    assert off.returncode == 0, off.stderr
    back = kiosk(store, "staff", "enable", ids["agent"], "--by", ids["boss"], env=boss_env)
    assert back.returncode == 0, back.stderr
    listed = json.loads(kiosk(store, "staff", "list", "--json").stdout)
    assert next(p for p in listed if p["id"] == ids["agent"])["active"]
