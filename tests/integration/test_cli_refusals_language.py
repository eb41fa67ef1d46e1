"""What the desk refuses, said in the staff's language: a weak PIN, a bad or repeated name
at `kiosk staff add`, the rows `kiosk guests import` refuses, the bad text of an
`incident add --json` document. Every line is Armenian or Swahili; only data (names,
ids, the file's own column names, the document's keys) stays as written."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.desk.guest_list import COLUMNS
from kiosk.desk.intake_document import GuestDoc, IncidentDoc
from tests.conftest import ROOT
from tests.integration.test_cli_language import english_left
from tests.staff_words import english_on

LANGUAGES = ("hy", "sw")
ARMENIAN = re.compile(r"[\u0531-\u0587]")
BOSS_PIN = "2468"
_IN, _OUT = date.today() - timedelta(days=2), date.today() + timedelta(days=3)
STAY = f"{_IN.isoformat()},{_OUT.isoformat()}"
HEADER = ",".join(COLUMNS) + "\n"
# One refused row for each rule a PMS export can break (the first row is taken).
REFUSED_ROWS = [
    f"Ani Petrosyan,,hy,412,{STAY},,,,,no",
    f"Bob Stone,,fr,501,{STAY},,,,,no",
    f"=HYPERLINK(\"x\"),,en,502,{STAY},,,,,no",
    f"Chen Li,,en,503,2026-02-30,{_OUT.isoformat()},,,,,no",
    f"Dana Ross,,en,504,{_OUT.isoformat()},{_IN.isoformat()},,,,,no",
    f"Eli Moss,,en,505,{STAY},call me,,,,no",
    f"Fay Wong,,en,506,{STAY},,not-an-address,,,no",
    f"Gus Lee,,en,507,{STAY},,,AG 1#,,no",
    f"Hana Kim,,en,508,{STAY},,,,,maybe",
    f"Ivo Lund,,en,412,{STAY},,,,,no",
    f"Jan Berg,,en,509,{STAY}",
    f",,en,510,{STAY},,,,,no",
    f"Kai Roe,,en,511,{(_IN - timedelta(days=9)).isoformat()},"
    f"{(_IN - timedelta(days=5)).isoformat()},,,,,no",
]
# Names, ids and keys a line may show as they are.
DATA = [*COLUMNS, *(f.name for f in dataclasses.fields(IncidentDoc)),
        *(f.name for f in dataclasses.fields(GuestDoc)),
        "Grace Njeri", "Ani Sargsyan", "Ani Petrosyan", "same-name-ok", "HYPERLINK",
        "Chen", "Dana Ross", "Ivo Lund", "Jan Berg", "Kai Roe",
        # the rejected values, echoed so the line says which one
        "call me", "not-an-address", "maybe", "ani at example", "noise until", "Loud party",
        "evil", "dance", "colour", "red"]


def run(store: Path, lang: str, *args: str, stdin: str = "",
        pin: str = BOSS_PIN) -> tuple[int, list[str]]:
    result = CliRunner().invoke(
        cli, ["--ui-lang", lang, *args, "--store", str(store),
              "--policies", str(ROOT / "policies")],
        input=stdin, env={"KIOSK_ACTOR_PIN": pin}, catch_exceptions=False)
    return result.exit_code, (result.stdout + result.stderr).splitlines()


def in_the_language(lines: list[str], lang: str, extra: tuple[str, ...] = ()) -> None:
    assert lines
    for line in lines:
        assert english_on(line, lang, [*DATA, *extra]) == [], line
        assert english_left(line, lang) == [], line
        if lang == "hy":
            assert ARMENIAN.search(line), line


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A store with a supervisor (PIN 2468) and an agent (PIN 1357)."""
    store = tmp_path_factory.mktemp("refusals") / "store"
    code, out = run(store, "en", "staff", "add", "Grace Njeri", "--role", "supervisor",
                    stdin=BOSS_PIN + "\n")
    assert code == 0, out
    boss = out[-1].split()[-1]
    code, out = run(store, "en", "staff", "add", "Ani Sargsyan", "--role", "agent",
                    "--by", boss, stdin="1357\n")
    assert code == 0, out
    return store, boss, out[-1].split()[-1]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "pin"), [
    ("Lilit Harutyunyan", "1111"),   # one digit repeated
    ("Lilit Harutyunyan", "3456"),   # a straight run
    ("Lilit Harutyunyan", "12"),     # not a PIN at all
    ("Lilit Harutyunyan", "13579"),  # fine, but the role is not in the policy (below)
    ("\x1b[2J", "1397"),             # a terminal escape for a name
    ("   ", "1397"),                 # no name
    ("Grace Njeri", "1397"),         # already on the list
])
def test_staff_add_refuses_in_the_staff_language(desk: tuple[Path, str, str], lang: str,
                                                 name: str, pin: str) -> None:
    store, boss, _ = desk
    role = "concierge" if pin == "13579" else "agent"
    code, lines = run(store, lang, "staff", "add", name, "--role", role, "--by", boss,
                      stdin=pin + "\n")
    assert code == 1 and len(lines) == 1, lines
    in_the_language(lines, lang, (boss, "agent", "supervisor", "duty_manager",
                                  "general_manager", "concierge"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guest_import_refusals_in_the_staff_language(desk: tuple[Path, str, str],
                                                     tmp_path: Path, lang: str) -> None:
    store, boss, _ = desk
    export = tmp_path / "inhouse.csv"
    export.write_text(HEADER + "\n".join(REFUSED_ROWS) + "\n", "utf-8")
    code, lines = run(store, lang, "guests", "import", str(export), "--by", boss)
    assert code == 0, lines
    assert len(lines) == len(REFUSED_ROWS)  # a line per refused row and what was taken
    in_the_language(lines, lang, ("YYYY-MM-DD", "HYPERLINK"))
    # A file that cannot be read at all: one line, in the language too.
    for broken in (b"name,language\n\xff\xfe", b"", b"name,language,room\nBob,en,1\n"):
        export.write_bytes(broken)
        code, lines = run(store, lang, "guests", "import", str(export), "--by", boss)
        assert code == 1 and len(lines) == 1, lines
        in_the_language(lines, lang)


def _document(agent: str, **guest: object) -> dict[str, object]:
    return {"agent": agent, "guest": {"name": "Անի Պետրոսյան", "language": "hy",
                                      "room": "412", "arrival": "2026-11-20",
                                      "departure": "2026-11-25", **guest},
            "category": "noise", "severity": "medium", "account": "Loud party next door"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("bad", [
    {"account": "noise\x1b[31m until 3"},
    {"account": "   "},
    {"account": "x" * 5000},
    {"guest": {"room": "4/1/2 ###"}},
    {"guest": {"phone": "call me"}},
    {"guest": {"email": "ani at example"}},
    {"guest": {"language": "fr"}},
    {"guest": {"departure": "2026-11-02"}},
    {"guest": {"name": "Ani\u202eevil"}},
    {"guest": {"arrival": "2026-02-30"}},
    {"steps": [{"step": "dance"}]},
    {"compensation": [{"item": "welcome_amenity", "qty": 0}]},
    {"colour": "red"},
    {"category": 7},
])
def test_incident_document_refusals_in_the_staff_language(
        desk: tuple[Path, str, str], lang: str, bad: dict[str, object]) -> None:
    store, _, agent = desk
    guest = bad.get("guest", {})
    assert isinstance(guest, dict)
    document = _document(agent, **guest)
    document.update({k: v for k, v in bad.items() if k != "guest"})
    code, lines = run(store, lang, "incident", "add", "--json", "-",
                      stdin=json.dumps(document, ensure_ascii=False), pin="1357")
    assert code == 1 and len(lines) == 1, lines
    in_the_language(lines, lang, ("colour", "dance", "LEARN", "listen", "empathize",
                                  "apologize", "react", "notify"))
