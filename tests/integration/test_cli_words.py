"""What the commands print for people, in the staff's language: every word through the
catalogue (only data — names, ids, references, codes — as written) and every figure in
the language's CLDR formats, from real processes on a seeded demo store."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from rich.cells import cell_len

from kiosk.cli.common import safe_text
from kiosk.config import Settings
from kiosk.core.clock import FixedClock
from kiosk.core.display import day_time, hotel_time, staff_locale
from kiosk.core.i18n import translations
from kiosk.desk.context import Desk
from kiosk.store import open_store
from kiosk.store.layout import AUDIT_DIR, AUDIT_HEAD, STAFF_FILE
from tests.conftest import ROOT, republish
from tests.integration.test_cli_language import english_left, kiosk_process
from tests.practice_runs import practise
from tests.staff_words import desk_data, english_on

NBSP = "\u00a0"
LANGUAGES = ("hy", "sw")
# A name and a place written with a combining mark (U+0301): it takes no terminal cell.
MARKED_GUEST = "Ա\u0301նի Մարտիրոսյան"
MARKED_PLACE = "Սրահ\u0301 Բ, 2-րդ հարկ"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store (its staff and six incidents), seeded once for the module, and one
    more incident whose guest and place carry a combining mark."""
    folder = tmp_path_factory.mktemp("words")
    store = folder / "store"
    done = kiosk_process("--store", str(store), "demo", "--seed-only")
    assert done.returncode == 0, done.stderr
    document = folder / "marked.json"
    document.write_text(json.dumps({
        "agent": "agent1", "category": "noise", "severity": "low",
        "account": "Երաժշտություն միջանցքում", "location": MARKED_PLACE,
        "guest": {"name": MARKED_GUEST, "language": "hy", "room": "214",
                  "arrival": "2026-11-29", "departure": "2026-12-04"}},
        ensure_ascii=False), "utf-8")
    done = kiosk_process("--store", str(store), "incident", "add", "--json", str(document),
                         KIOSK_ACTOR_PIN="1397")
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture(scope="module")
def desk(demo: Path) -> Desk:
    settings = Settings(policies=ROOT / "policies", letters=ROOT / "letters", store=demo,
                        terminal="words")
    return Desk.open(settings, create=False)


@pytest.fixture(scope="module")
def data(desk: Desk) -> list[str]:
    """What the demo's screens may show in Latin letters in any language."""
    return desk_data(desk)


def without_ids(text: str, desk: Desk) -> str:
    """``text`` with the policy's ids (``room_upgrade``, ``duty_manager``) taken out
    whole: they are typed as written, but the words inside them are not data."""
    p = desk.policy
    ids = [*p.items, *p.categories, *(r.id for r in p.roles), *(t.id for t in p.tiers),
           *p.checklists, *p.departments]
    for name in sorted(ids, key=len, reverse=True):
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", " ", text)
    return text


def words_of(lang: str, store: Path, *args: str) -> str:
    done = kiosk_process("--ui-lang", lang, "--store", str(store), *args)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout


def no_english(text: str, lang: str, data: list[str]) -> None:
    # A study is cited by its authors' names, as written.
    assert english_on(text, lang, [*data, "de Matos"]) == [], text
    assert english_left(text, lang) == [], text


# Each language's way of writing the demo's figures: 43,000 AMD given, 100.0% of one
# breached category, a 35-minute median to resolve.
FIGURES = {"hy": (f"43{NBSP}000 AMD", "100,0%", "35ր"),
           "sw": ("43,000 AMD", "100.0%", "dak 35")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_table_is_in_the_staff_language(demo: Path, data: list[str],
                                                   lang: str) -> None:
    text = words_of(lang, demo, "report")
    no_english(text, lang, data)
    for figure in FIGURES[lang]:
        assert figure in text, figure
    # the policy's own words for categories, items, departments and tiers, not ids
    for identifier in ("reservation_error", "room_upgrade", "engineering", "shift_log"):
        assert identifier not in text
    assert not re.search(r"\d+\.\d%", text) or lang == "sw"  # Armenian decimals are commas


def column_starts(lines: list[str], words: str) -> set[int]:
    """The terminal cell where ``words`` starts on each line that has them."""
    return {cell_len(line[:line.index(words)]) for line in lines if words in line}


@pytest.mark.parametrize(("args", "marked", "after"), [
    (("shift", "log"), MARKED_GUEST, "Աղմուկ"),  # the guest, then what happened
    (("report",), MARKED_PLACE, "Անվտանգության"),  # the place, then the department
])
def test_tables_line_up_by_terminal_cells(demo: Path, args: tuple[str, ...], marked: str,
                                          after: str) -> None:
    """A combining mark takes no cell: the column after a marked cell starts where it
    does on every other row."""
    lines = words_of("hy", demo, *args).splitlines()
    assert any(marked in line for line in lines)
    rows = [line for line in lines if after in line]
    assert len(rows) >= 2
    assert len(column_starts(rows, after)) == 1, "\n".join(rows)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_policy_show_is_in_the_staff_language(demo: Path, desk: Desk, lang: str) -> None:
    """The ids the policy files use stay as written (a supervisor types them); every
    label, value word and figure is the staff's."""
    text = words_of(lang, demo, "policy", "show")
    no_english(without_ids(text, desk), lang, [desk.policy.property.name, "Asia/Yerevan"])
    million = {"hy": f"1{NBSP}000{NBSP}000", "sw": "1,000,000"}[lang]
    assert million in text and "10%" in text
    assert "1,000,000" not in text or lang == "sw"
    assert "2026-11-01" not in text  # the day the policy takes effect, as the language writes it


@pytest.mark.parametrize("lang", LANGUAGES)
def test_store_verify_says_what_is_wrong_in_the_staff_language(demo: Path, tmp_path: Path,
                                                                lang: str) -> None:
    """A store edited outside the kiosk: a staff member's role changed in a text editor,
    the last audit entry deleted, a file others can read. Each line `kiosk store verify`
    prints is in the staff's words; the ids, files and the command to run as written."""
    root = tmp_path / "store"
    shutil.copytree(demo, root)
    open_store(root).settle()  # the files hold it all, as a text editor finds them
    staff_file = root / STAFF_FILE
    staff = json.loads(staff_file.read_text("utf-8"))
    staff["staff"]["agent1"]["role"] = "general_manager"
    staff_file.write_text(json.dumps(staff, ensure_ascii=False), "utf-8")
    segment = sorted((root / AUDIT_DIR).glob("[0-9]*.json"))[-1]
    rows = json.loads(segment.read_text("utf-8"))
    del rows["audit"][max(rows["audit"], key=int)]
    segment.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    (root / "queues.json").chmod(0o644)
    done = kiosk_process("--ui-lang", lang, "store", "verify", "--store", str(root))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) >= 4, done.stderr  # the record, the chain's end, the mode, the verdict
    files = [STAFF_FILE, AUDIT_HEAD, "queues.json", segment.relative_to(root).as_posix(),
             "chmod -R go-rwx", "agent1", "KIOSK_STORE_KEY_FILE"]
    no_english(done.stderr, lang, files)
    assert "agent1" in done.stderr  # the record is named by its id


# click's words for what comes after the command, and the type names it makes metavars
# of (an option's metavar the command names itself, like ID or FOLDER, is what its help
# refers to, and stays as written).
CLICK_ENGLISH = ("[OPTIONS]", "COMMAND [ARGS]...", "[COMMAND] [ARGS]...", " PATH", " TEXT",
                 " FILE", " DIRECTORY", "INTEGER RANGE")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("args", [(), ("policy",), ("report",), ("incident", "list")])
def test_the_usage_and_type_metavars_are_in_the_staff_language(
        lang: str, args: tuple[str, ...]) -> None:
    done = kiosk_process("--ui-lang", lang, *args, "--help")
    assert done.returncode == 0, done.stderr
    usage = done.stdout.splitlines()[0]
    left = [words for words in CLICK_ENGLISH if words in done.stdout]
    assert left == [], done.stdout
    assert usage.split()[1] == "kiosk" and "[" in usage  # the line still reads as a usage


OWNERS = {"hy": "Գլխավոր ինժեներ", "sw": "Mhandisi Mkuu"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_departments_owner_is_shown_in_the_staff_language(demo: Path, lang: str) -> None:
    """The engineering department's owner, wherever an owner is shown: the work orders
    (given in the property's language when the order was made) and the policy."""
    orders = words_of(lang, demo, "orders", "list")
    assert OWNERS[lang] in orders and "Chief engineer" not in orders
    policy = words_of(lang, demo, "policy", "show")
    assert OWNERS[lang] in policy and "Chief engineer" not in policy


def edited_policy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    path = folder / "categories.toml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    republish(folder)
    return folder


ENGINEER = 'owner = { en = "Chief engineer", hy = "Գլխավոր ինժեներ", sw = "Mhandisi Mkuu" }'


def test_one_owner_for_every_language_stays_valid(tmp_path: Path) -> None:
    """A one-language hotel writes the owner once; staff read it as written."""
    folder = edited_policy(tmp_path, ENGINEER, 'owner = "Arman Petrosyan"')
    store = tmp_path / "store"
    assert kiosk_process("--store", str(store), "--policies", str(folder), "demo",
                         "--seed-only").returncode == 0
    done = kiosk_process("--ui-lang", "hy", "--store", str(store), "--policies", str(folder),
                         "orders", "list")
    assert done.returncode == 0, done.stderr
    assert "Arman Petrosyan" in done.stdout


@pytest.mark.parametrize(("owner", "said"), [
    ('owner = { hy = "Գլխավոր ինժեներ", sw = "Mhandisi Mkuu" }', "has no text in the default "
                                                                 "language; expected en"),
    ('owner = { en = "Chief engineer", fr = "Ingénieur en chef" }', "language fr is not "
                                                                   "offered"),
])
def test_policy_check_names_an_owners_missing_or_unknown_language(
        tmp_path: Path, owner: str, said: str) -> None:
    folder = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", folder)
    path = folder / "categories.toml"
    path.write_text(path.read_text("utf-8").replace(ENGINEER, owner), "utf-8")
    done = kiosk_process("policy", "check", str(folder))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = [ln for ln in done.stdout.splitlines() if "owner" in ln]
    assert line.startswith(f"{folder / 'categories.toml'}:102: department[engineering].owner: ")
    assert said in line, line



def named_by_labels(text: str, ids: set[str], label: Callable[[str], str]) -> None:
    """Each id shown as its label, and never as itself."""
    for identifier in ids:
        assert label(identifier) in text, identifier
        assert not re.search(rf"(?<![\w]){re.escape(identifier)}(?![\w])", text), text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_incident_list_and_show_name_each_category_in_the_staff_language(
        demo: Path, desk: Desk, lang: str) -> None:
    """A category as the policy labels it in the staff's language, in the list and in one
    incident shown; the JSON keeps its id, the same in every language, for the tools that
    read it."""
    label = functools.partial(desk.policy.category_label, language=lang)
    categories = {incident.category for incident in desk.store.iter_incidents()}
    named_by_labels(words_of(lang, demo, "incident", "list"), categories, label)
    listed = json.loads(words_of(lang, demo, "incident", "list", "--json"))
    assert {incident["category"] for incident in listed} == categories
    one = listed[0]
    named_by_labels(words_of(lang, demo, "incident", "show", one["ref"]), {one["category"]},
                    label)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_staff_list_names_each_role_in_the_staff_language(demo: Path, desk: Desk,
                                                              lang: str) -> None:
    """A role as the policy labels it in the staff's language; the JSON keeps its id."""
    roles = {person.role for person in desk.store.list_staff()}
    named_by_labels(words_of(lang, demo, "staff", "list"), roles,
                    functools.partial(desk.policy.role_label, language=lang))
    listed = json.loads(words_of(lang, demo, "staff", "list", "--json"))
    assert {person["role"] for person in listed} == roles


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_training_report_is_in_the_staff_language(tmp_path: Path, demo: Path,
                                                      lang: str) -> None:
    """Each scenario by its title in the staff's language, the start in hotel time as the
    language writes it, yes and no in its words; CSV and JSON keep the scenario's id."""
    root = tmp_path / "store"
    shutil.copytree(demo, root)
    clock = FixedClock(datetime(2026, 11, 23, 8, 30, tzinfo=UTC))
    desk = Desk.open(Settings(policies=ROOT / "policies", letters=ROOT / "letters", store=root,
                              terminal="words"), clock, create=False)
    scenarios = practise(desk, clock)
    text = words_of(lang, root, "training", "report")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
    runs = json.loads(words_of(lang, root, "training", "report", "--format", "json"))
    started = hotel_time(desk.policy, datetime.fromisoformat(runs[0]["started_at"]))
    assert day_time(started, staff_locale(desk.policy, lang)) in text
    for scenario in scenarios:
        assert safe_text(scenario.text(lang).title, 40) in text  # cut to its column
        assert scenario.id not in text
    # the first run finished and did not fit, the second is unfinished
    assert [run["scenario"] for run in runs] == [s.id for s in scenarios]
    yes, no = (translations(lang).gettext(word) for word in ("yes", "no"))
    rows = text.splitlines()[1:]
    assert [row.split()[-1] for row in rows] == [yes, no], text
    assert f" {no} " in rows[0]
    # the minutes to the apology with the language's decimal sign; CSV as programs read it
    assert f"  {format_decimal(4.5, locale=staff_locale(desk.policy, lang))}  " in rows[0]
    no_english(text, lang, [*desk_data(desk), "Wi-Fi"])
    sheet = words_of(lang, root, "training", "report", "--format", "csv")
    assert all(scenario.id in sheet for scenario in scenarios) and ",4.5," in sheet


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_incident_shown_names_its_steps_gifts_roles_tier_and_languages(
        demo: Path, desk: Desk, data: list[str], lang: str) -> None:
    """The approved upgrade of the demo, shown: each checklist step, item, role and tier
    by the policy's label in the staff's language, the guest's title and the languages
    in its words; no id of the policy and no English."""
    incident = next(i for i in desk.store.iter_incidents()
                    if any(d.approval for d in i.compensation) and i.steps and i.tier)
    text = words_of(lang, demo, "incident", "show", incident.ref)
    p = desk.policy
    ids = {*(s.step_id for s in incident.steps),
           *(ln.item_id for d in incident.compensation for ln in d.lines),
           *(d.approval.approver_role for d in incident.compensation if d.approval),
           incident.tier, incident.guest.honorific.value,
           *(letter.language for letter in incident.letters)}
    for identifier in ids - {"none"}:
        assert not re.search(rf"(?<![\w(]){re.escape(identifier)}(?![\w)])", text), (
            identifier, text)
    for shown in (p.step_title(incident.steps[0].step_id, lang),
                  p.item_label(incident.compensation[0].lines[0].item_id, lang),
                  p.tier_label(incident.tier, lang)):
        assert shown in text, shown
    no_english(text, lang, data)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_staff_member_added_is_confirmed_with_the_roles_label(
        tmp_path: Path, demo: Path, desk: Desk, lang: str) -> None:
    store = tmp_path / "store"
    shutil.copytree(demo, store)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--ui-lang", lang, "--store", str(store), "staff",
         "add", "Նարե Սիմոնյան", "--role", "duty_manager", "--by", "gm1"],
        input="2580\n", cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")},
             "PYTHONPATH": str(ROOT), "KIOSK_ACTOR_PIN": "5173"})
    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()[0]
    assert desk.policy.role_label("duty_manager", lang).lower() in said, said
    assert "duty_manager" not in said
