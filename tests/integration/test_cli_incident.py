"""`kiosk incident add/list/show` and `kiosk demo --seed-only` as real processes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_cli_staff import add, kiosk, one_clean_line

APPROVER_ENV = "KIOSK_APPROVER_PIN"


def minimal(agent: str, **extra: Any) -> dict[str, Any]:
    return {"agent": agent,
            "guest": {"name": "Անի Պետրոսյան", "language": "hy", "room": "412",
                      "arrival": "2026-11-20", "departure": "2026-11-25"},
            "category": "noise", "severity": "medium",
            "account": "Loud party next door until 3 am",
            "compensation": [{"item": "welcome_amenity", "qty": 1}], **extra}


OVER = [{"item": "room_upgrade", "qty": 1, "remark": "Suite 801"}]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A store with a supervisor (PIN 2468) and an agent (PIN 1357), made once."""
    store = tmp_path_factory.mktemp("cli") / "store"
    boss = add(store, "Grace Njeri", "supervisor", "2468").stdout.split()[-1]
    agent = add(store, "Ani Sargsyan", "agent", "1357", by=boss, by_pin="2468")
    return store, boss, agent.stdout.split()[-1]


def snapshot(store: Path) -> dict[str, str]:
    """Every file's hash, to prove a refused command changed nothing."""
    return {str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.rglob("*")) if p.is_file() and p.name != ".lock"}


def saved_incidents(store: Path) -> dict[str, str]:
    """The files holding incidents and their look-ups, to prove a refused document saved
    nothing (the actor's sign-in is recorded, in the staff and audit files)."""
    return {name: digest for name, digest in snapshot(store).items()
            if name.startswith("incidents/") or name.startswith("index/k")}


def add_doc(store: Path, document: Any, env: dict[str, str] | None = None,
            raw: bytes | None = None) -> Any:
    data = raw if raw is not None else json.dumps(document, ensure_ascii=False).encode()
    return kiosk(store, "incident", "add", "--json", "-", stdin=data,
                 env={"KIOSK_ACTOR_PIN": "1357", **(env or {})})


def test_minimal_document_from_stdin_and_file(seeded: tuple[Path, str, str],
                                              tmp_path: Path) -> None:
    store, _, agent = seeded
    proc = add_doc(store, minimal(agent))
    assert proc.returncode == 0, proc.stderr
    new_id = proc.stdout.strip().splitlines()[-1]
    assert len(new_id) == 26
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(minimal(agent), ensure_ascii=False), "utf-8")
    proc = kiosk(store, "incident", "add", "--json", str(path),
                 env={"KIOSK_ACTOR_PIN": "1357"})
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(kiosk(store, "incident", "show", new_id, "--json").stdout)
    assert shown["id"] == new_id
    assert shown["guest"]["name"] == "Անի Պետրոսյան"
    by_ref = kiosk(store, "incident", "show", shown["ref"])
    assert by_ref.returncode == 0 and "Անի Պետրոսյան" in by_ref.stdout


def test_contacts_for_the_follow_up_call(seeded: tuple[Path, str, str]) -> None:
    store, _, agent = seeded
    document = minimal(agent)
    document["guest"].update(phone="+374 10 123456", email="ani@example.am",
                             prefers="email")
    proc = add_doc(store, document)
    assert proc.returncode == 0, proc.stderr
    guest = json.loads(kiosk(store, "incident", "show", proc.stdout.split()[-1],
                             "--json").stdout)["guest"]
    assert (guest["phone"], guest["email"], guest["prefers"]) == (
        "+374 10 123456", "ani@example.am", "email")
    assert guest["contact"] == "ani@example.am"  # the call goes where the guest asked


def test_over_limit_needs_supervisor_pin_from_env(seeded: tuple[Path, str, str]) -> None:
    store, boss, agent = seeded
    before = saved_incidents(store)
    line = one_clean_line(add_doc(store, minimal(agent, compensation=OVER)))
    assert "Needs approval" in line and "supervisor" in line.lower()  # the role, named
    assert saved_incidents(store) == before
    approval = {"approver": agent, "reason": "Booking error"}
    line = one_clean_line(add_doc(store, minimal(agent, compensation=OVER, approval=approval),
                                  env={APPROVER_ENV: "1357"}))
    assert "cannot approve your own" in line
    assert saved_incidents(store) == before
    approval = {"approver": boss, "reason": "Booking error"}
    proc = add_doc(store, minimal(agent, compensation=OVER, approval=approval),
                   env={APPROVER_ENV: "2468"})
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(kiosk(store, "incident", "show", proc.stdout.split()[-1],
                             "--json").stdout)
    assert shown["compensation"][0]["approval"]["approver_id"] == boss
    assert shown["tier"] == "incident_report"


def test_list_filters_and_json(seeded: tuple[Path, str, str]) -> None:
    store, _, agent = seeded
    other = minimal(agent)
    other["guest"] = {**other["guest"], "name": "Juma Otieno", "room": "509",
                      "language": "sw"}
    assert add_doc(store, other).returncode == 0
    every = json.loads(kiosk(store, "incident", "list", "--json").stdout)
    assert all("id" in i for i in every) and len(every) >= 2
    juma = json.loads(kiosk(store, "incident", "list", "--guest", "juma otieno",
                            "--json").stdout)
    assert [i["guest"]["room"] for i in juma] == ["509"]
    room = json.loads(kiosk(store, "incident", "list", "--room", "509", "--json").stdout)
    assert [i["guest"]["name"] for i in room] == ["Juma Otieno"]
    assert json.loads(kiosk(store, "incident", "list", "--status", "closed",
                            "--json").stdout) == []
    table = kiosk(store, "incident", "list").stdout
    assert "Juma Otieno" in table and "REF" in table


def test_human_output_is_inert(seeded: tuple[Path, str, str]) -> None:
    store, _, agent = seeded
    # Valid JSON, valid text; the account may hold line breaks but never escapes.
    document = minimal(agent, account="Line one\nLine two", compensation=[])
    proc = add_doc(store, document)
    shown = kiosk(store, "incident", "show", proc.stdout.split()[-1]).stdout
    assert "Line one Line two" in shown
    assert "\x1b" not in shown


BAD_INPUTS: list[tuple[str, bytes, str]] = [
    ("not json", b"this is not json", "not valid JSON"),
    ("empty", b"", "empty"),
    ("invalid utf-8", b'{"agent": "\xff\xfe"}', "not valid UTF-8"),
    ("array", b"[1, 2]", "JSON object"),
    ("nan", b'{"agent": NaN}', "NaN"),
    ("duplicate key", b'{"agent": "a", "agent": "b"}', "appears twice"),
    ("deep", b"[" * 5000 + b"]" * 5000, "nested too deeply"),
    ("huge", b'{"account": "' + b"x" * (1024 * 1024 + 10) + b'"}', "larger than"),
]


@pytest.mark.parametrize(("label", "raw", "message"), BAD_INPUTS,
                         ids=[b[0] for b in BAD_INPUTS])
def test_bad_bytes_one_line_store_unchanged(seeded: tuple[Path, str, str], label: str,
                                            raw: bytes, message: str) -> None:
    store, _, _ = seeded
    before = saved_incidents(store)
    assert message in one_clean_line(add_doc(store, None, raw=raw))
    assert saved_incidents(store) == before


def _bad_documents(agent: str) -> list[tuple[str, Any, str]]:
    guest = minimal(agent)["guest"]
    return [
        ("unknown field", minimal(agent, priority="high"), "priority: unknown field"),
        ("wrong type", minimal(agent, compensation=[{"item": "x", "qty": "1"}]),
         "compensation.0.qty"),
        ("huge string", minimal(agent, account="x" * 200_000), "account: too long"),
        ("control chars", minimal(agent, guest={**guest, "name": "Ani\x1b[2J"}),
         "guest.name"),
        ("bad date", minimal(agent, guest={**guest, "arrival": "2026-13-01"}),
         "guest.arrival"),
        ("unknown agent", minimal("nobody"), "Wrong staff id or PIN"),
        ("unknown item", minimal(agent, compensation=[{"item": "yacht", "qty": 1}]),
         "catalogue"),
        # The contacts, checked as the desk form checks them.
        ("not a phone", minimal(agent, guest={**guest, "phone": "call me maybe"}),
         "guest.phone: 'call me maybe' is not a phone"),
        ("phone with escapes", minimal(agent, guest={**guest, "phone": "+374\x1b[2J 10"}),
         "guest.phone: contains U+001B"),
        ("phone too long", minimal(agent, guest={**guest, "phone": "1" * 5000}),
         "guest.phone: too long"),
        ("phone as a number", minimal(agent, guest={**guest, "phone": 37410123456}),
         "guest.phone: must be a valid string"),
        ("not an e-mail", minimal(agent, guest={**guest, "email": "ani@"}),
         "guest.email: 'ani@' is not an e-mail"),
        ("unknown preference", minimal(agent, guest={**guest, "prefers": "pigeon"}),
         "guest.prefers: 'pigeon' is not one of"),
        ("preferred but empty", minimal(agent, guest={**guest, "prefers": "email"}),
         "guest.email: the guest prefers it, but it is empty"),
    ]


@pytest.mark.parametrize("case", range(14))
def test_bad_documents_one_line_store_unchanged(seeded: tuple[Path, str, str],
                                                case: int) -> None:
    store, _, agent = seeded
    _, document, message = _bad_documents(agent)[case]
    before = saved_incidents(store)
    assert message in one_clean_line(add_doc(store, document))
    assert saved_incidents(store) == before


def test_missing_file_and_unknown_incident(seeded: tuple[Path, str, str],
                                           tmp_path: Path) -> None:
    store, _, _ = seeded
    assert "no such file" in one_clean_line(
        kiosk(store, "incident", "add", "--json", str(tmp_path / "nope.json")))
    assert "no incident" in one_clean_line(kiosk(store, "incident", "show", "ZZZZZZ"))
    assert "ID" in one_clean_line(kiosk(store, "incident", "show", "\x1b[31m"))


@pytest.mark.parametrize("command", [
    ("incident", "list"), ("incident", "show", "ZZZZZZ"), ("report",),
    ("letter", "print", "--retry-pending"), ("store", "verify"),
])
def test_a_mistyped_store_path_is_named_and_not_created(tmp_path: Path,
                                                         command: tuple[str, ...]) -> None:
    typo = tmp_path / "stroe"
    assert "no store at" in one_clean_line(kiosk(typo, *command))
    assert not typo.exists()


def test_demo_seed_only(tmp_path: Path) -> None:
    store = tmp_path / "demo"
    first = kiosk(store, "demo", "--seed-only")
    assert first.returncode == 0, first.stderr
    assert "super1" in first.stdout and "3851" in first.stdout
    again = kiosk(store, "demo", "--seed-only")
    assert again.returncode == 0, again.stderr
    listed = json.loads(kiosk(store, "incident", "list", "--json").stdout)
    assert len(listed) == 6
    assert kiosk(store, "store", "verify").returncode == 0


def test_demo_ignores_kiosk_store_variable(tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert kiosk(real, "staff", "list").returncode == 0  # an empty real store
    home = tmp_path / "home"
    env = {"KIOSK_STORE": str(real), "XDG_DATA_HOME": str(home), "HOME": str(home)}
    proc = kiosk(None, "demo", "--seed-only", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "demo-store" in proc.stdout
    assert json.loads(kiosk(real, "incident", "list", "--json").stdout) == []
