"""The staff's languages are complete: every message the code has today (extracted afresh,
not read from a template that may be old) is translated in Armenian and Swahili, no
catalogue keeps an entry the code no longer has or one marked fuzzy (unreviewed: the
kiosk would show English), and a plural message has as many forms as the language has
plural categories in CLDR. (That translations keep their placeholders is checked beside
the tooling, in test_catalogue_tooling.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import kiosk

PACKAGE = Path(kiosk.__file__).resolve().parent
ROOT = PACKAGE.parent
TRANSLATED = ("hy", "sw")

MessageId = str | tuple[str, ...]


def _messages_in_the_code() -> dict[MessageId, str]:
    """Every message the code looks up, with where it is first used, extracted as
    `make catalogues` does (babel.cfg, over the package folder) but from the source as
    it is now."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    found: dict[MessageId, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map, options_map):
        found.setdefault(message, f"kiosk/{filename}:{lineno}")
    return found


def _catalogue(code: str) -> Catalog:
    with (PACKAGE / "locale" / code / "LC_MESSAGES" / "kiosk.po").open("rb") as po_file:
        return read_po(po_file, locale=code)


def _cldr_plural_categories(code: str) -> set[str]:
    """CLDR's plural categories for ``code``; "other" is implicit in Babel's rules."""
    return set(Locale.parse(code).plural_form.tags) | {"other"}


def catalogue_problems(catalog: Catalog, code: str,
                       in_code: dict[MessageId, str]) -> list[str]:
    """What keeps ``catalog`` from giving staff every message in their own language."""
    problems = []
    categories = _cldr_plural_categories(code)
    forms = len(categories)
    if catalog.num_plurals != forms:
        problems.append(f"Plural-Forms has nplurals={catalog.num_plurals}; CLDR gives "
                        f"{code} {forms} ({', '.join(sorted(categories))})")
    entries = {message.id: message for message in catalog if message.id}
    for message_id, where in in_code.items():
        entry = entries.get(message_id)
        strings: tuple[str, ...] = () if entry is None else (
            tuple(entry.string) if isinstance(entry.string, (tuple, list))
            else (entry.string,))
        if entry is None or not all(strings):
            problems.append(f"untranslated ({where}): {message_id!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy, not reviewed ({where}): {message_id!r}")
        elif isinstance(message_id, tuple) and len(strings) != forms:
            problems.append(f"{len(strings)} plural forms, {code} has {forms}: {message_id!r}")
    for message_id in entries.keys() - in_code.keys():
        problems.append(f"stale, no longer in the code: {message_id!r}")
    for message_id in catalog.obsolete:
        problems.append(f"obsolete entry kept (#~): {message_id!r}")
    return problems


def test_the_check_catches_each_kind_of_gap() -> None:
    in_code: dict[MessageId, str] = {
        "Back": "a.py:1", "Print": "a.py:2", "Saved": "a.py:3", "Lock": "a.py:4",
        ("{n} step", "{n} steps"): "a.py:5", ("{n} guest", "{n} guests"): "a.py:6"}
    catalog = Catalog(locale="sw")
    catalog.add("Back", "Rudi")
    catalog.add("Print", "")                                        # untranslated
    catalog.add("Saved", "Imehifadhiwa", flags=("fuzzy",))          # unreviewed
    # "Lock" is missing altogether
    catalog.add(("{n} step", "{n} steps"), ("hatua {n}", "hatua {n}"))
    catalog.add(("{n} guest", "{n} guests"), ("mgeni {n}", ""))     # one form left empty
    catalog.add("Old words", "Maneno ya zamani")                    # the code dropped it
    catalog.obsolete["Older"] = catalog["Old words"]
    problems = catalogue_problems(catalog, "sw", in_code)
    assert [problem.split(" ", 1)[0] for problem in problems] == [
        "untranslated", "fuzzy,", "untranslated", "untranslated", "stale,", "obsolete"]

    armenian = Catalog(locale="hy")  # Babel's own table gives hy one form; CLDR two
    armenian.add(("{n} step", "{n} steps"), ("{n} քայլ",))
    problems = catalogue_problems(armenian, "hy", {("{n} step", "{n} steps"): "a.py:5"})
    assert problems[0].startswith("Plural-Forms has nplurals=1")
    assert problems[1].startswith("1 plural forms, hy has 2")


def test_the_code_has_messages_to_translate() -> None:
    """An extraction that finds nothing (a moved babel.cfg) must not pass as complete."""
    assert len(_messages_in_the_code()) > 50


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_current(code: str) -> None:
    problems = catalogue_problems(_catalogue(code), code, _messages_in_the_code())
    assert problems == [], (
        f"{len(problems)} problems in the {code} catalogue (run `make catalogues`, then "
        "translate; kiosk/locale/GLOSSARY.md has the words):\n" + "\n".join(problems))


# Words in capitals that every language writes as they are: names of formats, standards
# and systems, the checklist's name, and what a date looks like when typed.
SAME_IN_EVERY_LANGUAGE = {"AMD", "CSV", "CUPS", "FIFO", "IANA", "ISO", "JSON", "PDF", "PIN",
                          "PMS", "README", "TOML", "UTF", "UUID", "VIP", "NUL", "LEARN",
                          "YYYY", "ID", "SLA"}
PLACEHOLDER = re.compile(r"(?<![\w{%-])[A-Z][A-Z_]{2,}(?![\w}])")


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_translation_keeps_an_english_placeholder_in_capitals(code: str) -> None:
    """``--by YOUR_STAFF_ID``, ``ID:QTY``, ``an empty VALUE``: a placeholder the reader
    types something in place of is a word of their language, as the commands' help shows
    it (environment variables, ``KIOSK_…``, are names and stay)."""
    with (PACKAGE / "locale" / code / "LC_MESSAGES" / "kiosk.po").open("rb") as po:
        catalogue = read_po(po)
    kept = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        english = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        said = (" ".join(message.string) if isinstance(message.string, tuple)
                else message.string)
        for word in set(PLACEHOLDER.findall(english)):
            if (word not in SAME_IN_EVERY_LANGUAGE and not word.startswith("KIOSK_")
                    and re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", said)):
                kept.append(f"{word}: {said}")
    assert kept == [], "\n".join(kept)
