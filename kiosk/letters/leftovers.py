"""What a finished letter must never contain, found in its rendered text: invoice
notation, a gift's price when the property shows no values, an empty salutation, words
of another language, a phrase missing in the letter's language.

Text the desk typed (names, remarks, the guest's account, the agent's paragraph) is
taken out first: only the template's and the catalogue's own words are judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kiosk.core.i18n import _
from kiosk.core.policy_set import Policy
from kiosk.letters.inert import md_inline

_INVOICE = re.compile(r"×|(?<![\w.-])[xX]\s?\d|\d\s?[xX](?![\w-])")
_ARMENIAN = re.compile(r"[\u0531-\u058f]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_WORD = re.compile(r"\w+")


def _words(pattern: re.Pattern[str], text: str) -> list[str]:
    return [str(w) for w in pattern.findall(text)]
# The commonest words of each Latin-script language: one in a letter of the other
# language is text left untranslated.
_MARKERS = {
    "en": frozenset({"the", "and", "your", "our", "we", "with", "you", "of", "for", "is",
                     "please", "dear", "room", "stay", "thank"}),
    "sw": frozenset({"na", "kwa", "ya", "wa", "za", "cha", "yako", "wetu", "tunaomba",
                     "chumba", "mpendwa", "kwamba", "katika"}),
}


def _typed_values(view: dict[str, Any]) -> list[str]:
    """Everything in the letter that people typed rather than the template."""
    guest, incident, hotel = view["guest"], view["incident"], view["hotel"]
    values = [guest["name"], guest["address_as"], guest["salutation"], guest["room"],
              incident["account"], incident["remedy"], incident["location"],
              incident["ref"], view["personal"], hotel["name"], hotel["phone"],
              hotel["email"], *hotel["address"], view["follow_up"]["phone"],
              view["follow_up"]["email"]]
    values += [line["remark"] for line in view["compensation"]]
    values += [p["name"] for p in (view["agent"], *view["managers"], *view["signatures"])]
    return sorted({v for v in values if v}, key=len, reverse=True)


def template_words(text: str, view: dict[str, Any]) -> str:
    """``text`` without the values people typed."""
    for value in _typed_values(view):
        text = text.replace(md_inline(value), " ").replace(value, " ")
    return text


def _policy_words(policy: Policy, language: str) -> set[str]:
    """Latin words the policy itself writes in ``language`` (such as "Wi-Fi")."""
    texts: list[str] = []
    for item in policy.items.values():
        texts += list(item.phrase.get(language, {}).values())
        texts.append(item.label.get(language, ""))
    for category in policy.categories.values():
        texts.append(category.label.get(language, ""))
    for role in policy.roles:
        texts.append(role.label.get(language, ""))
    texts.append(policy.property.letters.senior_title.get(language, ""))
    return {w for t in texts for w in _words(_LATIN_WORD, t)}


def _wrong_language(words: str, language: str, policy: Policy) -> str:
    """The first word that belongs to another language, or ""."""
    base = language.split("-")[0]
    if base == "hy":
        allowed = _policy_words(policy, language) | {"Wi", "Fi"}
        for word in _words(_LATIN_WORD, words):
            if word not in allowed:
                return word
        return ""
    found = _ARMENIAN.search(words)
    if found:
        return str(found.group(0))
    for other, markers in _MARKERS.items():
        if other == base:
            continue
        for word in _words(_WORD, words):
            if word.casefold() in markers and word.casefold() not in _MARKERS.get(base, ()):
                return word
    return ""


def missing_translations(policy: Policy, language: str,
                         items: Iterable[str] | None = None) -> list[str]:
    """Catalogue, category, role and signer texts a ``language`` letter would borrow
    from another language."""
    missing = []
    for item in policy.items.values():
        if (items is None or item.id in items) and language not in item.phrase:
            missing.append(_("catalogue.toml: item '{item}' has no {language} phrase; "
                             "{language} letters would print its screen label").format(
                                 item=item.id, language=language))
    for role in policy.roles:
        if language not in role.label:
            missing.append(_("roles.toml: role '{role}' has no {language} label").format(
                role=role.id, language=language))
    letters = policy.property.letters
    if letters.signer != "agent" and language not in letters.senior_title:
        missing.append(_("property.toml: letters.senior_title has no {language} "
                         "title").format(language=language))
    return missing


def leftovers(text: str, view: dict[str, Any], policy: Policy) -> list[str]:
    """What is wrong with one rendered letter (Markdown), in a supervisor's words."""
    problems = []
    words = template_words(text, view)
    found = _INVOICE.search(words)
    if found:
        problems.append(_("invoice notation '{found}' in the letter; write the count into "
                          "the catalogue phrase").format(found=found.group(0).strip()))
    if not policy.property.letters.show_values:
        for line in view["compensation"]:
            if line["gift"] and line["value"] in text and line["value"] not in line["phrase"]:
                problems.append(_("the price of the gift '{item}' ({value}) is printed, but "
                                  "letters.show_values is false").format(
                                      item=line["id"], value=line["value"]))
    salutation = view["guest"]["salutation"].strip()
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not salutation or md_inline(salutation) not in first:
        problems.append(_("the salutation is empty: the first line must address the guest "
                          "(guest.salutation)"))
    stray = _wrong_language(words, view["lang"], policy)
    if stray:
        problems.append(_("text in another language in a {language} letter: '{word}'").format(
            language=view["lang"], word=stray))
    return problems
