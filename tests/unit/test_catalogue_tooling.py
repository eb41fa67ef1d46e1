"""The catalogue tooling: every message in the code is one the extractor can see, the
compiled catalogues are there and current, plural rules are each language's own, and a
translation keeps the placeholders its message has."""

from __future__ import annotations

import ast
import gettext
import re
import string
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import kiosk

PACKAGE = Path(kiosk.__file__).resolve().parent
CATALOGUES = sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/kiosk.po"))
LOOKUPS = {"_": 1, "N_": 1, "ngettext": 2}


def _calls_with_non_literal_messages(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        literal_args = LOOKUPS.get(node.func.id)
        if literal_args is None:
            continue
        messages = node.args[:literal_args]
        if len(messages) < literal_args or node.keywords or not all(
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                for arg in messages):
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_literal_check_catches_what_the_extractor_cannot_see() -> None:
    bad = 'name = "x"\n_(f"Saved {name}")\n_("a" + name)\nngettext(one, "many", 2)\nN_(x)\n'
    good = '_("Saved {ref}").format(ref=ref)\nngettext("{n} step", "{n} steps", n)\n'
    assert [line for line, _code in _calls_with_non_literal_messages(bad)] == [2, 3, 4, 5]
    assert _calls_with_non_literal_messages(good) == []


def test_every_message_in_the_code_is_a_literal() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {code}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for line, code in _calls_with_non_literal_messages(path.read_text("utf-8"))]
    assert found == [], "messages must be string literals, formatted after the lookup:\n" \
        + "\n".join(found)


def test_catalogues_exist_for_the_staff_languages() -> None:
    assert {path.parent.parent.name for path in CATALOGUES} >= {"en", "hy", "sw"}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalogue_is_built_and_current(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.name} for {po_path.parent.parent.name} is not built"
    with po_path.open("rb") as po_file:
        source = read_po(po_file)
    with mo_path.open("rb") as mo_file:
        compiled = read_mo(mo_file)
    def same_shape(text: object) -> object:  # read_mo gives a plural's parts as lists
        return tuple(text) if isinstance(text, list) else text

    def as_compiled(message: Message) -> object:
        """What the .mo holds: a plural's empty forms fall back to the English ones."""
        if not isinstance(message.id, tuple):
            return message.string
        return tuple(form or message.id[min(index, 1)]
                     for index, form in enumerate(message.string))

    wanted = {message.id: as_compiled(message) for message in source
              if message.id and message.string and not message.fuzzy}
    built = {same_shape(message.id): same_shape(message.string)
             for message in compiled if message.id}
    assert built == wanted, "the .mo is older than its .po: run `make catalogues`"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_plural_forms_follow_the_languages_own_rules(po_path: Path) -> None:
    """The catalogue's plural formula sorts whole numbers exactly as CLDR does."""
    code = po_path.parent.parent.name
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    header = dict(catalog.mime_headers)["Plural-Forms"]
    expression = re.search(r"plural=(.*?);?\s*$", header).group(1)  # type: ignore[union-attr]
    plural = gettext.c2py(expression)  # gettext's own reading of the formula
    rule = Locale.parse(code).plural_form
    form_of_category: dict[str, int] = {}
    for n in range(0, 1001):
        form = plural(n)
        assert form_of_category.setdefault(rule(n), form) == form, (
            f"{code}: {n} takes form {form}, CLDR puts it with "
            f"{form_of_category[rule(n)]} ({rule(n)})")
    assert len(set(form_of_category.values())) == len(form_of_category)


def _placeholders(text: str) -> set[str]:
    names = {field for _lit, field, _spec, _conv in string.Formatter().parse(text)
             if field is not None}
    return names | set(re.findall(r"%(?:\(\w+\))?[sdifr]", text))


def _placeholder_mismatches(catalog: Catalog) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:  # fuzzy: not used
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(_placeholders(one) for one in ids))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translated in strings:
            if not translated:
                continue
            try:
                have = _placeholders(translated)
            except ValueError as broken:
                problems.append(f"{ids[0]!r}: {translated!r} ({broken})")
                continue
            # A plural form may leave out {n} ("one step" said as a word), never add one.
            if have - wanted or (len(ids) == 1 and have != wanted):
                problems.append(f"{ids[0]!r}: {translated!r} has {sorted(have)}, "
                                f"the message {sorted(wanted)}")
    return problems


def test_the_placeholder_check_catches_a_renamed_or_lost_placeholder() -> None:
    catalog = Catalog(locale="hy")
    catalog.add("Saved {ref}", "Պահված է {hghum}")
    catalog.add("Back", "Հետ")
    catalog.add("{n} minute late", "{n} րոպե ուշ")
    catalog.add(("{n} step", "{n} steps"), ("{n} քայլ", "{count} քայլ"))
    catalog.add("Printed {when}", "Տպված է {when")
    problems = _placeholder_mismatches(catalog)
    assert len(problems) == 3, problems
    assert "Saved {ref}" in problems[0] and "{n} step" in problems[1]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_translations_keep_the_messages_placeholders(po_path: Path) -> None:
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    assert _placeholder_mismatches(catalog) == []
