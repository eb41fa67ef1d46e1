"""What a supervisor reads before publishing a policy or a letter change, in the staff's
language: `kiosk policy diff` on a change that touches every section of the policy,
`kiosk policy replay` of the hand-counted store under a proposal that changes verdicts,
a price and the catalogue.
The ids a supervisor types (roles, items, categories, checklists, TOML keys) stay as
written; every sentence around them is the catalogue's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kiosk.core.policy_load import load_policy
from tests.conftest import LETTERS, POLICIES
from tests.integration.test_cli_language import ARMENIAN, english_left, in_process
from tests.integration.test_report_cli import fixture_store
from tests.staff_words import english_on

# One edit in each section a diff reports: roles, catalogue, categories (the default
# SLA, a category's department, severity, lists and SLA), tiers, checklist, escalation
# and property.
EVERY_SECTION = {
    "roles.toml": [("per_incident_cap = 20000", "per_incident_cap = 25000"),
                   ("max_discount_pct = 10", "max_discount_pct = 15"),
                   ("drink_voucher = 2\n", "drink_voucher = 3\n"),
                   ("laundry_credit = 1\n", ""),
                   ("discount_10 = 1\n", "discount_10 = 1\nspa_voucher = 1\n")],
    "catalogue.toml": [("unit_value = 4000", "unit_value = 4500"),
                       ("remark_required = true", "remark_required = false")],
    "categories.toml": [
        ("low = { acknowledge = 60, resolve = 1440 }",
         "low = { acknowledge = 45, resolve = 1440 }"),
        ('department = "security"\ndefault_severity = "medium"',
         'department = "housekeeping"\ndefault_severity = "high"'),
        ('not_allowed = ["discount_10"]', 'not_allowed = ["discount_10", "spa_voucher"]'),
        ("after_minutes = 30", "after_minutes = 45")],
    "tiers.toml": [("from = 30000", "from = 25000"), ("within_hours = 24", "within_hours = 12")],
    "checklists.toml": [('use = "LEARN"', 'use = "HEARD"')],
    "property.toml": [("follow_up_hours = 24", "follow_up_hours = 48"),
                      ("effective = 2026-11-01", "effective = 2026-12-01")],
}


def proposal(tmp_path: Path) -> Path:
    folder = tmp_path / "proposed"
    shutil.copytree(POLICIES, folder)
    (folder / "published.json").unlink(missing_ok=True)
    for name, edits in EVERY_SECTION.items():
        path = folder / name
        text = path.read_text("utf-8")
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
    return folder


def policy_ids(folder: Path) -> list[str]:
    """What a supervisor types, written the same in every language."""
    p = load_policy(folder)
    return [p.currency, *p.checklists, *p.items, *p.categories, *p.departments,
            *(r.id for r in p.roles), *(t.id for t in p.tiers),
            *(s.id for steps in p.checklists.values() for s in steps)]


def sentences(out: str) -> list[str]:
    """The changes listed, without the head (versions and hashes)."""
    return [ln for ln in out.splitlines()[1:] if ln.strip()]


@pytest.fixture
def proposed(tmp_path: Path) -> Path:
    return proposal(tmp_path)


def test_the_diff_reports_every_section(proposed: Path) -> None:
    code, out, err = in_process("policy", "diff", str(POLICIES), str(proposed))
    assert code == 0, err
    for title in ("Role Front-desk agent (agent):", "Catalogue:", "Categories:",
                  "Documentation tiers:", "Checklist:", "Escalation:", "Property:"):
        assert title in out.splitlines(), title


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_the_diff_speaks_the_staff_language(proposed: Path, lang: str) -> None:
    code, out, err = in_process("--ui-lang", lang, "policy", "diff", str(POLICIES),
                                str(proposed))
    assert code == 0 and err == "", err
    _code, english, _err = in_process("policy", "diff", str(POLICIES), str(proposed))
    lines, english_lines = sentences(out), sentences(english)
    assert len(lines) == len(english_lines) > 20
    data = [*policy_ids(POLICIES), *policy_ids(proposed)]
    for line, was in zip(lines, english_lines, strict=True):
        assert line != was, line  # nothing is left as the English run says it
        if lang == "hy":
            assert ARMENIAN.search(line), line
    assert english_on(out, lang, data) == [], out
    assert english_left(out, lang) == []
    # amounts in the language's own CLDR digits (Armenian groups thousands with a space)
    if lang == "hy":
        assert re.search(r"25\u00a0000 AMD", out), out


# --- policy replay ------------------------------------------------------------------
@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_store(tmp_path_factory.mktemp("replay") / "store")


@pytest.fixture
def repriced(tmp_path: Path) -> Path:
    """The shipped policy with drink vouchers dearer and laundry credit gone: under it the
    fixture's decisions change verdict (A-2, A-3), one item is repriced, one is missing."""
    folder = tmp_path / "repriced"
    shutil.copytree(POLICIES, folder)
    (folder / "published.json").unlink(missing_ok=True)
    catalogue = folder / "catalogue.toml"
    blocks = catalogue.read_text("utf-8").split("[[item]]")
    kept = [b for b in blocks if 'id = "laundry_credit"' not in b]
    assert len(kept) == len(blocks) - 1
    catalogue.write_text("[[item]]".join(kept).replace("unit_value = 4000",
                                                       "unit_value = 4500", 1), "utf-8")
    roles = folder / "roles.toml"
    roles.write_text(re.sub(r"(?m)^laundry_credit = \d+\n", "", roles.read_text("utf-8")),
                     "utf-8")
    categories = folder / "categories.toml"
    categories.write_text(categories.read_text("utf-8").replace('"laundry_credit", ', ""),
                          "utf-8")
    return folder


def replay_run(store: Path, folder: Path, *lang: str) -> str:
    code, out, err = in_process(*lang, "--store", str(store), "--policies", str(POLICIES),
                                "policy", "replay", str(folder))
    assert code == 0 and err == "", err
    return out


def test_the_replay_in_english_names_every_kind_of_line(history: Path, repriced: Path) -> None:
    out = replay_run(history, repriced)
    for words in ("Replayed 4 compensation decisions from 9 incidents under policy",
                  "  allowed → forbidden: 1  (changed)", "Recorded cost ",
                  "  no longer given: ", "drink_voucher (drinks for two at the lobby bar) "
                  "now counts as 4,500 AMD (recorded at 4,000 AMD).",
                  "laundry_credit is no longer in the catalogue (1 decision).",
                  "Decisions that would change:"):
        assert words in out, (words, out)


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_the_replay_speaks_the_staff_language(history: Path, repriced: Path,
                                              lang: str) -> None:
    out = replay_run(history, repriced, "--ui-lang", lang)
    english = replay_run(history, repriced)
    lines = [ln for ln in out.splitlines() if ln.strip()]
    english_lines = [ln for ln in english.splitlines() if ln.strip()]
    assert len(lines) == len(english_lines) > 10
    for line, was in zip(lines, english_lines, strict=True):
        assert line != was, line
        if lang == "hy":
            assert ARMENIAN.search(line), line
    data = [*policy_ids(repriced), "laundry_credit", "A-1", "A-2", "A-3", "A-4"]
    assert english_on(out, lang, data) == [], out
    assert english_left(out, lang) == []


# --- letters check ------------------------------------------------------------------
@pytest.fixture(scope="module")
def flawed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Letters and a policy with a problem of every kind the check names: an unknown
    variable, a syntax error, a link out of the folder, a page asking for a file outside
    it, invoice notation, a printed gift
    price, an empty salutation, English in a Swahili letter, a phrase and a role's label
    missing in a language; and, as notes, a language with no template and no
    letterhead."""
    tmp_path = tmp_path_factory.mktemp("flawed")
    letters = tmp_path / "letters"
    shutil.copytree(LETTERS, letters)
    en = letters / "en.md.j2"
    text = en.read_text("utf-8").replace(
        "- {{ line.phrase }}{% if line.amount %} (worth {{ line.amount }}){% endif +%}",
        "- {{ line.label }} × {{ line.quantity }} (a value of {{ line.value }})")
    en.write_text(text.replace("Dear {{ guest.salutation }},", "Dear ,"), "utf-8")
    sw = letters / "sw.md.j2"
    sw.write_text(sw.read_text("utf-8").replace("Tunaomba radhi kwa dhati.",
                                                "Please accept our sincere apologies."),
                  "utf-8")
    (letters / "unused.md.j2").write_text("{{ nonsense }}\n", "utf-8")
    (letters / "broken.md.j2").write_text("{% if %}\n", "utf-8")
    (letters / "borrowed.css").symlink_to(tmp_path / "elsewhere.css")
    (tmp_path / "elsewhere.css").write_text("p {}\n", "utf-8")
    # refused by the renderer in its own process, where the page asks for the file
    layout = letters / "layout.html.j2"
    layout.write_text(layout.read_text("utf-8").replace(
        "</head>", f'<link rel="attachment" href="{(tmp_path / "elsewhere.css").as_uri()}">'
        "\n</head>", 1), "utf-8")
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    (policies / "published.json").unlink(missing_ok=True)
    catalogue = policies / "catalogue.toml"
    catalogue.write_text("".join(ln for ln in catalogue.read_text("utf-8").splitlines(
        keepends=True) if not ln.startswith('phrase.hy = { one = "ընթրիք')), "utf-8")
    roles = policies / "roles.toml"
    roles.write_text(roles.read_text("utf-8").replace(', sw = "Msimamizi"', "", 1), "utf-8")
    prop = policies / "property.toml"
    prop.write_text(prop.read_text("utf-8").replace('languages = ["en", "hy", "sw"]',
                                                    'languages = ["en", "hy", "sw", "fr"]',
                                                    1), "utf-8")
    return letters, policies


def letters_check(letters: Path, policies: Path, *lang: str) -> tuple[list[str], list[str]]:
    code, out, err = in_process(*lang, "--policies", str(policies), "letters", "check",
                                str(letters))
    assert code == 1, out + err
    return out.splitlines(), err.splitlines()


@pytest.fixture(scope="module")
def checked_in_english(flawed: tuple[Path, Path]) -> tuple[list[str], list[str]]:
    return letters_check(*flawed)


def test_the_letters_check_in_english_names_every_kind_of_problem(
        checked_in_english: tuple[list[str], list[str]]) -> None:
    problems, notes = checked_in_english
    out = "\n".join(problems + notes)
    for words in ("unused.md.j2:1: unknown variable: 'nonsense' is not a letter variable",
                  "broken.md.j2:1: syntax error: ",
                  "borrowed.css: a link to a place outside the letters folder",
                  "layout.html.j2: the letter refers to a file it may not use: ",
                  "en.md.j2: invoice notation '×'", "en.md.j2: the price of the gift",
                  "en.md.j2: the salutation is empty",
                  "sw.md.j2: text in another language in a sw letter: 'Please'",
                  "hy: missing translation: catalogue.toml: item 'dinner_voucher' has no hy",
                  "sw: missing translation: roles.toml: role 'supervisor' has no sw label",
                  "fr.md.j2: missing; fr letters use the en template",
                  "property.toml: no [property.letterhead.fr]"):
        assert words in out, (words, out)


@pytest.mark.parametrize("lang", ["hy", "sw"])
def test_the_letters_check_speaks_the_staff_language(
        flawed: tuple[Path, Path], checked_in_english: tuple[list[str], list[str]],
        lang: str) -> None:
    letters, policies = flawed
    problems, notes = letters_check(letters, policies, "--ui-lang", lang)
    english, english_notes = checked_in_english
    assert len(problems) == len(english) > 10 and len(notes) == len(english_notes) >= 2
    for line, was in zip(problems + notes, english + english_notes, strict=True):
        assert line != was, line
        if lang == "hy":
            assert ARMENIAN.search(line), line
    # file names, TOML keys, template variables and the words of the letter found are
    # quoted as they are written; so is Jinja's reading of a syntax error, after ours
    out = "\n".join(ln for ln in problems + notes if "broken.md.j2" not in ln)
    data = [*policy_ids(policies), "Please", "nonsense", "guest", "salutation",
            "show_values", "false", "senior_title", "letterhead", "property", "borrowed", "unused",
            "file"]  # the URL the page asked for, quoted as the template spells it
    assert english_on(out, lang, data) == [], out
    assert english_left(out, lang) == []
